"""The spool keeps exact bytes, hands each file to one worker and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from intake.errors import SpoolError
from intake.spool import Envelope, Spool, new_spool_id
from tests.intake.conftest import fixture_bytes

ENVELOPE = Envelope(mail_from="kari.nordmann@example.no", rcpt_tos=("personvern@cantec.no",), peer="127.0.0.1")


def test_store_keeps_exact_bytes_and_envelope(spool: Spool) -> None:
    raw = fixture_bytes("access_nb.eml") + b"\xff\x00 odd bytes\r\n"
    spool_id = spool.store(raw, ENVELOPE)
    assert spool.pending() == [spool_id]
    assert not list((spool.root / "tmp").iterdir())
    [path] = spool.claim("w1")
    entry = spool.load(path)
    assert entry.raw == raw
    assert entry.envelope == ENVELOPE
    assert entry.spool_id == spool_id


def test_raw_mail_is_encrypted_at_rest(spool: Spool) -> None:
    spool_id = spool.store(fixture_bytes("access_nb.eml"), ENVELOPE)
    on_disk = (spool.root / "new" / f"{spool_id}.msg").read_bytes()
    assert b"personopplysningene" not in on_disk
    assert b"kari.nordmann" not in on_disk.split(b"\n", 1)[1]


def test_plain_spool_without_key(tmp_path: Path) -> None:
    plain = Spool(tmp_path / "s")
    plain.store(b"Subject: x\r\n\r\nbody", ENVELOPE)
    [path] = plain.claim("w")
    assert plain.load(path).raw == b"Subject: x\r\n\r\nbody"


def test_encrypted_file_needs_the_key(spool: Spool, tmp_path: Path) -> None:
    spool.store(b"x", ENVELOPE)
    other = Spool(spool.root, key=Fernet.generate_key())
    [path] = other.claim("w")
    with pytest.raises(SpoolError):
        other.load(path)


def test_ids_are_unique_and_ordered() -> None:
    ids = [new_spool_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_a_file_is_claimed_by_one_worker_only(spool: Spool) -> None:
    for _ in range(5):
        spool.store(b"m", ENVELOPE)
    first = spool.claim("a", limit=3)
    second = spool.claim("b", limit=10)
    assert len(first) == 3 and len(second) == 2
    assert not {p.name for p in first} & {p.name for p in second}
    assert spool.counts() == {"new": 0, "processing": 5, "shunt": 0}


def test_recover_returns_unfinished_claims(spool: Spool) -> None:
    spool.store(b"m1", ENVELOPE)
    spool.store(b"m2", ENVELOPE)
    spool.claim("crashed-worker")
    assert spool.pending() == []
    assert spool.recover() == 2
    assert len(spool.pending()) == 2


def test_recover_one_worker_leaves_others_alone(spool: Spool) -> None:
    spool.store(b"m1", ENVELOPE)
    spool.store(b"m2", ENVELOPE)
    spool.claim("a", limit=1)
    spool.claim("b", limit=1)
    assert spool.recover("a") == 1
    assert spool.counts() == {"new": 1, "processing": 1, "shunt": 0}


def test_shunt_records_the_error_and_can_be_undone(spool: Spool) -> None:
    spool_id = spool.store(b"m", ENVELOPE)
    [path] = spool.claim("w")
    spool.shunt(path, ValueError("boom"))
    assert spool.shunted() == [spool_id]
    reason = json.loads((spool.root / "shunt" / f"{spool_id}.error.json").read_text())
    assert reason["error"] == "ValueError" and "boom" in reason["detail"]
    spool.unshunt(spool_id)
    assert spool.pending() == [spool_id]


def test_store_failure_raises_spool_error(tmp_path: Path) -> None:
    broken = Spool(tmp_path / "s")
    (broken.root / "tmp").rmdir()
    with pytest.raises(SpoolError):
        broken.store(b"m", ENVELOPE)
    assert broken.pending() == []


def test_a_rotated_key_still_opens_mail_spooled_under_the_old_one(tmp_path: Path) -> None:
    """PERSONVERN_RAW_MAIL_KEY="new,old" after a rotation: nothing spooled before it is stranded."""
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    raw = fixture_bytes("access_nb.eml")
    Spool(tmp_path / "spool", key=old).store(raw, ENVELOPE)
    rotated = Spool(tmp_path / "spool", key=f"{new},{old}")
    [path] = rotated.claim("w1")
    assert rotated.load(path).raw == raw  # the old key still opens it
    # New mail is written under the first key only.
    Spool(tmp_path / "fresh", key=f"{new},{old}").store(raw, ENVELOPE)
    new_only = Spool(tmp_path / "fresh", key=new)
    [fresh] = new_only.claim("w2")
    assert new_only.load(fresh).raw == raw
    old_only = Spool(tmp_path / "spool", key=new)
    with pytest.raises(SpoolError):
        old_only.load(path)  # without the old key the old file cannot be opened
