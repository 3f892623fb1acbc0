"""The chat widget in a real browser (Debian's Chromium via Playwright), by keyboard only.

An access request on the demo page: type it, confirm with the keyboard on the
widget's real button, give the address and name, type the mailed code, see
the reference; reload and the conversation is still there (sessionStorage);
axe-core finds no WCAG 2.1 A/AA violation; a screenshot for a reviewer goes
to reports/screens/chat.png.  The page is also checked at 360 px.
"""

from __future__ import annotations

import pytest

from tests.chat.conftest import ChatSite, RecordingMailer
from tests.staff.test_browser import SCREENS, _violations, chromium  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.model]


async def _focus(page, text: str, key: str = "Shift+Tab", limit: int = 15) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        if (await page.evaluate("document.activeElement && document.activeElement.textContent")) == text:
            return
        await page.keyboard.press(key)
    raise AssertionError(f"{text!r} cannot be reached with {key}")


async def _focus_input(page) -> None:  # type: ignore[no-untyped-def]
    for _ in range(15):
        if await page.evaluate("document.activeElement && document.activeElement.id") == "pv-chat-input":
            return
        await page.keyboard.press("Tab")
    raise AssertionError("the message field cannot be reached with Tab")


async def _send(page, text: str, wait_for: str) -> None:  # type: ignore[no-untyped-def]
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")
    await page.get_by_role("log").get_by_text(wait_for).last.wait_for(timeout=30_000)


async def test_an_access_request_by_keyboard_in_the_browser(
    chat_site: ChatSite, mailer: RecordingMailer, chromium: str  # noqa: F811
) -> None:
    from playwright.async_api import async_playwright

    SCREENS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            # axe is injected by evaluate(), which the page's strict CSP would refuse: a context for it.
            context = await browser.new_context(bypass_csp=True, locale="nb-NO")
            page = await context.new_page()
            await page.goto(chat_site.url("/chat/"))
            await _focus_input(page)
            assert await page.get_by_label("Skriv meldingen din").count() == 1
            await _send(page, "Jeg vil ha innsyn i opplysningene dere har om meg.", "Stemmer det?")
            await _focus(page, "Ja, det stemmer")
            await page.keyboard.press("Enter")
            await page.get_by_role("log").get_by_text("Hvilken e-postadresse").wait_for(timeout=30_000)
            assert await page.evaluate("document.activeElement.id") == "pv-chat-input"  # focus back in the field
            await _send(page, "kari.nordmann@example.no", "Og hva heter du?")
            await _send(page, "Kari <b>Nordmann</b>", "sekssifret kode")
            await _send(page, mailer.last_code(), "registrert som")
            assert await page.locator("b").count() == 0  # typed HTML stays text
            assert await _violations(page) == []
            await page.screenshot(path=str(SCREENS / "chat.png"), full_page=True)
            await page.reload()
            await page.get_by_role("log").get_by_text("registrert som").wait_for(timeout=10_000)
            await page.set_viewport_size({"width": 360, "height": 740})
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"the page scrolls sideways at 360 px ({width})"
            assert await _violations(page) == []
        finally:
            await browser.close()
