"""The staff pages in a real browser (Debian's Chromium via Playwright): sign in, queue, case, pick up, log out, expiry.

axe-core (shipped in the axe-playwright-python package, injected locally) checks
every page for WCAG 2.1 A/AA violations; a hostile mail must run no script;
screenshots go to reports/screens/ for a reviewer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.staff.conftest import HANDLER, StaffSite, open_case

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENS = PROJECT_ROOT / "reports" / "screens"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3)"


@pytest.fixture
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it with apt when root)")
    return CHROMIUM


async def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=WCAG)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


async def _tab_to(page, text: str, limit: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element's text is ``text`` (fails if it never gets focus)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if (await page.evaluate("document.activeElement && document.activeElement.textContent.trim()")) == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


async def test_a_handler_works_a_case_in_the_browser(staff_site: StaffSite, chromium: str, case_service) -> None:  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    reference = await open_case(case_service, subject=HOSTILE, masked_text=f"Hei.\n{HOSTILE}", name=HOSTILE)
    base = str(staff_site.server.make_url("/staff/"))
    dialogs: list[str] = []
    SCREENS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            # axe is injected by evaluate(), which the pages' strict CSP would refuse: a context for it alone.
            for bypass in (False, True):
                context = await browser.new_context(bypass_csp=bypass, locale="nb-NO")
                page = await context.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                await page.goto(base)
                assert page.url.endswith("/staff/login") or "/staff/login" in page.url  # logged out: sign in first
                login_issues = await _violations(page) if bypass else []
                await page.get_by_label("E-post").fill(HANDLER[0])
                await page.get_by_label("Passord").fill(HANDLER[3])
                await page.keyboard.press("Enter")  # the keyboard alone signs in
                await page.wait_for_url(f"{base}")
                assert reference in await page.content()
                queue_issues = await _violations(page) if bypass else []
                await page.get_by_role("link", name=reference).click()
                await page.wait_for_url(f"**/staff/cases/{reference}")
                case_issues = await _violations(page) if bypass else []
                if not bypass:
                    await page.screenshot(path=str(SCREENS / "staff-case.png"), full_page=True)
                    await _tab_to(page, "Ta saken")  # reachable and usable by keyboard alone
                    async with page.expect_navigation():
                        await page.keyboard.press("Enter")
                    await page.wait_for_load_state()
                    assert "Hanne Handler" in await page.content()
                    await page.goto(base)
                    await page.screenshot(path=str(SCREENS / "staff-queue.png"), full_page=True)
                    await page.get_by_role("button", name="Logg ut").click()  # logout is a form post
                    await page.wait_for_url("**/staff/login*")
                    await page.goto(base)
                    assert "/staff/login" in page.url  # the old session opens nothing
                else:
                    staff_site.clock.advance(minutes=31)  # idle for longer than the 30 minutes allowed
                    await page.goto(base)
                    assert "/staff/login" in page.url
                await context.close()
                assert login_issues == [] and queue_issues == [] and case_issues == []
        finally:
            await browser.close()
    assert dialogs == []  # no script from the mail ran
    case = await case_service.get_case(reference, with_messages=False)
    assert case.assignee is not None and case.assignee.email == HANDLER[0]


async def test_the_admin_and_account_pages_pass_axe_in_both_languages(staff_site: StaffSite, chromium: str) -> None:
    """The staff users (admin) and My account pages, with a hostile name in the list, in Bokmål then English."""
    from playwright.async_api import async_playwright

    admin = ("anne@cantec.no", "Anne Admin", "admin", "riktig-passord-0")
    await staff_site.cases.add_staff_user(*admin)
    await staff_site.cases.add_staff_user("ond@cantec.no", HOSTILE, "viewer", "riktig-passord-4")
    base = str(staff_site.server.make_url("/staff/"))
    dialogs: list[str] = []
    issues: dict[str, list[str]] = {}
    SCREENS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            context = await browser.new_context(bypass_csp=True, locale="nb-NO")
            page = await context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            await page.goto(base)
            await page.get_by_label("E-post").fill(admin[0])
            await page.get_by_label("Passord").fill(admin[3])
            await page.keyboard.press("Enter")
            await page.wait_for_url(base)
            for lang, users_link, account_link, save in (
                ("nb", "Brukere", "Min konto", "Lagre språk"),
                ("en", "Staff users", "My account", "Save language"),
            ):
                await page.get_by_role("link", name=users_link).click()
                await page.wait_for_url("**/staff/admin/users")
                assert await page.get_attribute("html", "lang") == lang
                issues[f"users-{lang}"] = await _violations(page)
                await page.screenshot(path=str(SCREENS / f"staff-users-{lang}.png"), full_page=True)
                await page.get_by_role("link", name=account_link).click()
                await page.wait_for_url("**/staff/account")
                issues[f"account-{lang}"] = await _violations(page)
                await page.screenshot(path=str(SCREENS / f"staff-account-{lang}.png"), full_page=True)
                if lang == "nb":  # switch to English with the keyboard-reachable radio button and the form
                    await page.get_by_label("English").check()
                    await page.get_by_role("button", name=save).click()
                    await page.wait_for_url("**/staff/account")
            await context.close()
        finally:
            await browser.close()
    assert issues == {key: [] for key in ("users-nb", "account-nb", "users-en", "account-en")}
    assert dialogs == []


async def test_the_statistics_and_audit_pages_pass_axe(staff_site: StaffSite, chromium: str) -> None:
    """Statistics (SVG charts beside tables) and the audit log with its unmasked-views preset, hostile reason included."""
    from playwright.async_api import async_playwright

    from bot.cases import Actor, CaseStatus, RequestType

    cases, clock = staff_site.cases, staff_site.clock
    admin = ("stella@cantec.no", "Stella Statistikk", "admin", "riktig-passord-5")
    await cases.add_staff_user(*admin)
    handler = staff_site.users[HANDLER[0]]
    refs = [
        await open_case(cases, email=f"p{i}@example.org", n=i, types=frozenset({kind}))
        for i, kind in enumerate((RequestType.ACCESS, RequestType.ERASURE, RequestType.OBJECTION, RequestType.ACCESS))
    ]
    await cases.pick_up(refs[0], handler)
    clock.advance(days=9)
    await cases.transition(refs[0], CaseStatus.RESOLVED, actor=Actor.staff(handler))
    await cases.record_unmasked_view(refs[1], handler, reason=HOSTILE)
    base = str(staff_site.server.make_url("/staff/"))
    dialogs: list[str] = []
    issues: dict[str, list[str]] = {}
    refused: list[str] = []  # what the CSP blocked (only the first context enforces it)
    SCREENS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for bypass in (False, True):  # the screenshot under the real CSP; axe needs it bypassed
                context = await browser.new_context(bypass_csp=bypass, locale="nb-NO", viewport={"width": 1400, "height": 900})
                page = await context.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
                await page.goto(base)
                await page.get_by_label("E-post").fill(admin[0])
                await page.get_by_label("Passord").fill(admin[3])
                await page.keyboard.press("Enter")
                await page.wait_for_url(base)
                await page.get_by_role("link", name="Statistikk").click()
                await page.wait_for_url("**/staff/statistics")
                assert await page.get_by_role("img", name="Åpne saker etter forespørselstype").count() == 1
                if not bypass:
                    await page.screenshot(path=str(SCREENS / "statistics.png"), full_page=True)
                    assert refused == []
                    await context.close()
                    continue
                issues["statistics"] = await _violations(page)
                await page.goto(f"{base}statistics?from=2025-13-01")  # the error state too
                issues["statistics-error"] = await _violations(page)
                await page.get_by_role("link", name="Revisjonslogg").click()
                await page.wait_for_url("**/staff/audit")
                issues["audit"] = await _violations(page)
                await page.get_by_role("link", name="Hvem har sett umaskert tekst eller original e-post").click()
                await page.wait_for_load_state()
                assert refs[1] in await page.content()
                issues["audit-unmasked"] = await _violations(page)
                await page.screenshot(path=str(SCREENS / "audit-unmasked.png"), full_page=True)
                await page.goto(f"{base}cases/{refs[0]}/audit")
                issues["case-audit"] = await _violations(page)
                await context.close()
        finally:
            await browser.close()
    assert issues == {key: [] for key in ("statistics", "statistics-error", "audit", "audit-unmasked", "case-audit")}
    assert dialogs == []  # the hostile reason ran no script


async def test_new_cases_appear_in_the_queue_without_a_reload(case_service, case_clock, chromium: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    from tests.staff.conftest import _site

    site = await _site(case_service, case_clock, queue_refresh_seconds=0.5)
    try:
        base = str(site.server.make_url("/staff/"))
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = await (await browser.new_context(locale="nb-NO")).new_page()
                await page.goto(base)
                await page.get_by_label("E-post").fill(HANDLER[0])
                await page.get_by_label("Passord").fill(HANDLER[3])
                await page.keyboard.press("Enter")
                await page.wait_for_url(base)
                assert await page.locator("#queue-empty").is_visible()
                await page.evaluate("window.stillTheSamePage = true")
                reference = await open_case(case_service, name="Ny <b>Innsender</b>")
                await page.get_by_role("link", name=reference).wait_for(timeout=15_000)
                assert await page.evaluate("window.stillTheSamePage === true")  # no reload happened
                assert not await page.locator("#queue-empty").is_visible()
                assert "Køen er oppdatert. Antall saker: 1." in await page.locator("#queue-live").inner_text()
                assert await page.locator("b").count() == 0  # the new row's name came escaped
            finally:
                await browser.close()
    finally:
        await site.close()
