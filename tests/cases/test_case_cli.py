"""``personvern db|staff|cases|purge`` against a temporary SQLite database."""

from __future__ import annotations

import asyncio
import io
import sys

import pytest
from cryptography.fernet import Fernet

import personvern.cli
from bot.cases import Channel, Direction, NewMessage
from personvern.schema import head_revision
from tests.support.db import make_case_service, sqlite_url

FNR = "01017012345"  # synthetic
KEY = Fernet.generate_key().decode()
PASSWORD = "korrekt hest batteri stift"


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = sqlite_url(tmp_path / "nested" / "cli.db")  # the directory does not exist yet
    monkeypatch.setenv("PERSONVERN_DATABASE_URL", url)
    monkeypatch.setenv("PERSONVERN_RAW_MAIL_KEY", KEY)
    monkeypatch.setenv("PERSONVERN_SECRET_KEY", "test-secret")
    monkeypatch.delenv("PERSONVERN_STAFF_EMAIL", raising=False)
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = personvern.cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def open_case(url: str, requester: str) -> str:
    from bot.cases import CaseRequest, Requester, RequestType

    async def main() -> str:
        service = make_case_service(url, raw_mail_key=KEY)
        try:
            result = await service.open_or_find_case_for_thread(
                CaseRequest(
                    Requester(requester, "Kari Nordmann"), frozenset({RequestType.ACCESS}), Channel.EMAIL
                ),
                NewMessage(
                    Direction.INBOUND,
                    Channel.EMAIL,
                    f"Personnummer {FNR}",
                    masked_text="Personnummer [fødselsnummer]",
                    subject="Innsyn",
                ),
            )
            return result.case.reference
        finally:
            await service.dispose()

    return asyncio.run(main())


def test_cli_round_trip(cli_db, capsys, monkeypatch):
    code, _, err = run(capsys, "cases", "list")
    assert code == 1 and "db upgrade" in err  # no schema yet

    assert run(capsys, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "db", "current")
    assert code == 0 and f"current: {head_revision()}" in out

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n"))
    code, out, _ = run(
        capsys, "staff", "add", "hanne@cantec.no", "--name", "Hanne", "--role", "handler", "--password-stdin"
    )
    assert code == 0 and "hanne@cantec.no (handler)" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("kort\n"))
    code, _, err = run(capsys, "staff", "add", "kort@cantec.no", "--name", "K", "--password-stdin")
    assert code == 1 and "at least" in err
    assert "hanne@cantec.no" in run(capsys, "staff", "list")[1]

    ref = open_case(cli_db, "kari.nordmann@example.org")
    code, out, _ = run(capsys, "cases", "list")
    assert code == 0 and ref in out and "new" in out

    code, out, _ = run(capsys, "cases", "show", ref)
    assert code == 0 and "Personnummer [fødselsnummer]" in out and FNR not in out
    code, _, err = run(capsys, "cases", "show", ref, "--unmasked")
    assert code == 1 and "--as" in err
    code, out, err = run(capsys, "cases", "show", ref, "--unmasked", "--as", "hanne@cantec.no")
    assert code == 1 and "--reason" in err and FNR not in out
    code, out, _ = run(capsys, "cases", "show", ref, "--unmasked", "--as", "hanne@cantec.no", "--reason", "Klage")
    assert code == 0 and FNR in out

    code, out, _ = run(capsys, "cases", "pick", ref, "--as", "hanne@cantec.no")
    assert code == 0 and "in_progress" in out
    code, _, err = run(capsys, "cases", "pick", "PV-1999-0001", "--as", "hanne@cantec.no")
    assert code == 1 and "no case" in err
    code, out, _ = run(capsys, "cases", "close", ref, "--as", "hanne@cantec.no", "--reason", "Innsyn sendt")
    assert code == 0 and "closed" in out
    assert ref not in run(capsys, "cases", "list")[1]
    assert ref in run(capsys, "cases", "list", "--all")[1]

    code, out, _ = run(capsys, "purge", "--dry-run")
    assert code == 0 and "would purge 0 case(s)" in out
    monkeypatch.setenv("PERSONVERN_RETENTION_MONTHS", "0")
    code, out, _ = run(capsys, "purge", "--dry-run")
    assert code == 0 and "would purge 1 case(s)" in out and ref in out
    code, out, _ = run(capsys, "purge")
    assert code == 0 and "purged 1 case(s)" in out
    code, _, err = run(capsys, "cases", "show", ref)
    assert code == 1 and "no case" in err


def test_corrections_export_masked_examples(cli_db, capsys):
    import json

    from bot.cases import Actor, RequestType

    assert run(capsys, "db", "upgrade")[0] == 0
    ref = open_case(cli_db, "kari.nordmann@example.org")
    assert run(capsys, "cases", "corrections") == (0, "", "")  # nothing corrected yet

    async def correct() -> None:
        service = make_case_service(cli_db, raw_mail_key=KEY)
        try:
            user = await service.add_staff_user("hanne@cantec.no", "Hanne", "handler", PASSWORD)
            await service.correct_request_types(
                ref, {RequestType.ACCESS, RequestType.PORTABILITY}, actor=Actor.staff(user.id)
            )
        finally:
            await service.dispose()

    asyncio.run(correct())
    code, out, _ = run(capsys, "cases", "corrections")
    [line] = out.splitlines()
    example = json.loads(line)
    assert code == 0 and example["reference"] == ref
    assert example["understood"] == ["access"] and example["request_types"] == ["access", "portability"]
    assert example["text"] == "Personnummer [fødselsnummer]" and FNR not in out  # masked text only
