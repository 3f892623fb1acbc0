"""The whole staff workflow in a real browser against ``personvern run`` (what ``make run`` starts).

A request with a (synthetic) fødselsnummer arrives by SMTP; the first admin
signs in with the one-time password ``make run`` wrote, chooses their own, finds the case in the
queue, reads the unmasked text with a reason, extends the deadline (the
notice reaches the sink relay), replies from a template (the reply reaches
the sink relay with the case reference), closes the case and signs out.
"""

from __future__ import annotations

import email
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.intake.conftest import MAILBOX, free_port
from tests.staff.test_browser import CHROMIUM, SCREENS, _violations
from tests.support.db import TEST_RAW_MAIL_KEY
from tests.test_service import _wait_until_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FNR = "27810773850"  # synthetic (month + 80)


def _sink_mail(sink: Path, subject_part: str, timeout: float = 60) -> EmailMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(sink.glob("*.eml")):
            mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if subject_part in str(mail["Subject"]):
                return mail  # type: ignore[return-value]
        time.sleep(0.2)
    raise AssertionError(f"no mail with {subject_part!r} in the sink: {[p.name for p in sink.glob('*')]}")


@pytest.fixture
def service(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it with apt when root)")
    ports = {"smtp": free_port(), "web": free_port()}
    env = {
        **os.environ,
        "PERSONVERN_MODE": "local",
        "PERSONVERN_SECRET_KEY": "browser-service-test",
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
        "PERSONVERN_VAR_DIR": str(tmp_path / "var"),
        "PERSONVERN_DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
        "PERSONVERN_SMTP_PORT": str(ports["smtp"]),
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp_path / "spool"),
        "PERSONVERN_RELAY_PORT": str(free_port()),
        "PERSONVERN_RELAY_SINK_DIR": str(tmp_path / "sink"),
        "PERSONVERN_WEB_PORT": str(ports["web"]),
    }
    env["PERSONVERN_NLU_ACTION_PORT"] = str(free_port())  # the chat's action server: never a port in use
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "personvern.cli", "run"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_ready(proc, log)
        yield {"ports": ports, "dir": tmp_path, "log": log}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)


def _send_request(port: int) -> None:
    mail = EmailMessage()
    mail["From"] = "Siri Fjellheim <siri.fjellheim@example.no>"
    mail["To"] = MAILBOX
    mail["Subject"] = "Innsyn"
    mail["Message-ID"] = "<browser-service-1@example.no>"
    mail.set_content(f"Hei,\n\njeg ber om innsyn i alt dere har om meg. Fødselsnummeret mitt er {FNR}.\n\nSiri")
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(mail)


async def test_a_request_by_smtp_is_worked_to_the_end_in_the_browser(service) -> None:  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    sink, log = service["dir"] / "sink", service["log"]
    _send_request(service["ports"]["smtp"])
    acknowledgement = _sink_mail(sink, "[PV-")
    reference = str(acknowledgement["Subject"]).split("[", 1)[1].split("]", 1)[0]
    password = (service["dir"] / "var" / "first-admin.txt").read_text().split("password: ")[1].strip()
    base = f"http://127.0.0.1:{service['ports']['web']}/staff/"
    dialogs: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await (await browser.new_context(locale="nb-NO")).new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            await page.goto(base)
            await page.get_by_label("E-post").fill("admin@cantec.no")
            await page.get_by_label("Passord").fill(password)
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/staff/account*")  # a one-time password: choose your own first
            await page.get_by_label("Nåværende passord").fill(password)
            await page.get_by_label("Nytt passord", exact=True).fill("et eget passord for admin")
            await page.get_by_label("Gjenta det nye passordet").fill("et eget passord for admin")
            await page.get_by_role("button", name="Endre passord").click()
            await page.wait_for_load_state()
            assert "Passordet er endret." in await page.content()
            await page.goto(base)
            await page.get_by_role("link", name=reference).click()
            await page.wait_for_url(f"**/staff/cases/{reference}")
            assert FNR not in await page.content()  # masked by default

            await page.get_by_label("Hvorfor må du se den umaskerte teksten?").fill("Kontroll av identitet")
            await page.get_by_role("button", name="Vis umaskert").click()
            await page.wait_for_load_state()
            assert FNR in await page.content()
            await page.goto(f"{base}cases/{reference}")
            assert FNR not in await page.content() and "Umaskert tekst vist" in await page.content()

            await page.get_by_label("Antall måneder").select_option("1")
            await page.get_by_label("Begrunnelse (sendes til innsenderen)").fill("Opplysningene ligger i flere systemer")
            await page.get_by_role("button", name="Forleng og varsle innsenderen").click()
            await page.wait_for_load_state()
            assert "Lovfristen er forlenget" in await page.content()
            notice = _sink_mail(sink, "Vi trenger mer tid")
            assert reference in str(notice["Subject"]) and "flere systemer" in notice.get_content()

            await page.get_by_role("link", name="Skriv svar til innsenderen").click()
            await page.wait_for_url(f"**/staff/cases/{reference}/reply")
            reply_issues = await _violations_without_csp(browser, page.url, page.context)
            await page.get_by_label("Tekst").fill("Hei Siri,\n\nvedlagt er oversikten over opplysningene.\n\nHilsen Cantec")
            await page.get_by_label("Besvart").check()
            await page.get_by_role("button", name="Send svaret").click()
            await page.wait_for_url(f"**/staff/cases/{reference}")
            assert "Svaret er lagt i utboksen" in await page.content()
            reply = _sink_mail(sink, "Svar på innsynsbegjæringen")
            assert reference in str(reply["Subject"]) and reply["In-Reply-To"] == "<browser-service-1@example.no>"
            assert "oversikten over opplysningene" in reply.get_content() and "Auto-Submitted" not in reply

            await page.get_by_label("Ny status").select_option("closed")
            await page.get_by_role("button", name="Endre status").click()
            await page.wait_for_load_state()
            assert "Lukket" in await page.content()
            await page.screenshot(path=str(SCREENS / "staff-case-closed.png"), full_page=True)
            await page.get_by_role("button", name="Logg ut").click()
            await page.wait_for_url("**/staff/login*")
            await page.goto(f"{base}cases/{reference}")
            assert "/staff/login" in page.url
        finally:
            await browser.close()
    assert dialogs == [] and reply_issues == []
    with sqlite3.connect(service["dir"] / "cases.db") as db:
        actions = [row[0] for row in db.execute(
            "SELECT action FROM audit_events WHERE case_reference = ? ORDER BY id", (reference,))]
    assert {"unmasked_viewed", "deadline_extended", "status_changed"} <= set(actions)
    text = log.read_text(errors="replace")
    # On failure, say where: the lines that carry the identity number or the reply, and the first
    # traceback whole (pytest's diff of a long log hides both).
    leaks = [line for line in text.splitlines() if FNR in line or "oversikten over opplysningene" in line]
    first_traceback = text[text.find("Traceback"):][:6000] if "Traceback" in text else ""
    assert not leaks and not first_traceback, "\n".join(leaks[:10]) + "\n---\n" + first_traceback


async def _violations_without_csp(browser, url: str, context) -> list[str]:  # type: ignore[no-untyped-def]
    """axe in a second page that shares the sign-in but may inject the script (CSP bypassed)."""
    state = await context.storage_state()
    other = await browser.new_context(bypass_csp=True, storage_state=state, locale="nb-NO")
    try:
        page = await other.new_page()
        await page.goto(url)
        return await _violations(page)
    finally:
        await other.close()
