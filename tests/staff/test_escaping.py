"""Everything from mail is text: a hostile subject, body, sender name and attachment name render escaped."""

from __future__ import annotations

import re

from bot.cases import Attachment
from tests.staff.conftest import HANDLER, StaffSite, open_case

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "javascript:alert(1)"
HOSTILE = f"{SCRIPT} {IMG} {LINK}"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def only_our_scripts(html: str) -> bool:
    """Every script element is an empty one loading a file of ours (CSP forbids inline script anyway)."""
    scripts = re.findall(r"<script\b[^>]*>.*?</script>", html, flags=re.S | re.I)
    ours = [s for s in scripts if re.fullmatch(r'<script src="/staff/static/[a-z_]+\.js" defer></script>', s)]
    return html.lower().count("<script") == len(scripts) == len(ours)


async def test_hostile_mail_is_shown_as_text(staff_site: StaffSite) -> None:
    reference = await open_case(
        staff_site.cases,
        name=HOSTILE,
        subject=HOSTILE,
        masked_text=f"Hei\n{HOSTILE}\n<a href=\"{LINK}\">klikk</a>",
        attachments=(Attachment(f"{SCRIPT}.pdf", "text/html", 2048), Attachment(f"{LINK}{IMG}", IMG, 10)),
    )
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    queue = await browser.get("/staff/")
    case = await browser.get(f"/staff/cases/{reference}")
    for page in (queue, case):
        assert page.status == 200
        assert only_our_scripts(page.text)  # no script element of theirs, no inline script of ours
        assert "<img" not in page.text and "onerror=alert(1)>" not in page.text
        assert 'href="javascript:' not in page.text
        for escaped in ESCAPED:
            assert escaped in page.text
    assert case.text.count(ESCAPED[0]) == 4  # the requester name, the subject, the text, the file name
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;klikk&lt;/a&gt;" in case.text
    assert f"{ESCAPED[0]}.pdf" in case.text and "2,0 kB" in case.text and "text/html" in case.text
    assert "<a " not in case.text.split("<main", 1)[1].split("Tidslinje", 1)[1]  # no links in the timeline


async def test_a_message_without_masked_text_shows_no_text(staff_site: StaffSite) -> None:
    from bot.cases import Channel, Direction, NewMessage

    reference = await open_case(staff_site.cases)
    await staff_site.cases.add_message(
        reference,
        NewMessage(Direction.INBOUND, Channel.EMAIL, "Fødselsnummer 01017012345 i klartekst", message_id="<raw@x>"),
    )
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    page = await browser.get(f"/staff/cases/{reference}")
    assert "01017012345" not in page.text and "klartekst" not in page.text
    assert "Den maskerte teksten er ikke tilgjengelig." in page.text
