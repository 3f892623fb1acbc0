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
                    await page.get_by_role("button", name="Ta saken").click()
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
