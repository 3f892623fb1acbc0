"""Replying from the case page: templates in the case's language, the sensitive-data check, the real outbox."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage

from bot.cases import (
    CaseRequest,
    CaseStatus,
    Channel,
    Direction,
    MatchKind,
    NewMessage,
    Requester,
    RequestType,
)
from tests.staff.conftest import HANDLER, Browser, StaffSite, open_case

DRAFT = re.compile(r'name="draft" value="([^"]+)"')
FNR = "27810773850"  # synthetic


async def signed_in(site: StaffSite) -> Browser:
    browser = await site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    return browser


async def queued(site: StaffSite) -> list[EmailMessage]:
    assert site.outbox is not None
    return [message_from_bytes(i.raw, policy=policy.default) for i in await site.outbox.claim_due("t", limit=50)]


def form_values(text: str) -> dict[str, str]:
    draft = DRAFT.search(text)
    subject = re.search(r'id="subject" name="subject" value="([^"]*)"', text)
    assert draft and subject
    return {"draft": draft.group(1), "subject": subject.group(1)}


async def test_compose_from_a_template_in_the_case_language(mailing_staff_site: StaffSite) -> None:
    site = mailing_staff_site
    reference = await open_case(site.cases, name="Kari <Nordmann>")
    browser = await signed_in(site)
    page = await browser.get(f"/staff/cases/{reference}/reply")
    assert page.status == 200 and f"Svar på innsynsbegjæringen din ({reference})" in page.text
    assert "Hei Kari &lt;Nordmann&gt;," in page.text and "Hanne Handler" in page.text
    erasure = await browser.get(f"/staff/cases/{reference}/reply?template=erasure_done")
    assert "vi har slettet personopplysningene dine" in erasure.text
    assert (await browser.get(f"/staff/cases/{reference}/reply?template=../../etc/passwd")).status == 400

    result = await site.cases.open_or_find_case_for_thread(
        CaseRequest(Requester(email="john@example.org", name=None), frozenset({RequestType.ERASURE}),
                    Channel.EMAIL, language="en"),
        NewMessage(Direction.INBOUND, Channel.EMAIL, "Delete me", masked_text="Delete me", message_id="<en@x>"),
    )
    english = await browser.get(f"/staff/cases/{result.case.reference}/reply?template=erasure_done")
    assert "we have erased your personal data" in english.text and "Dear Sir or Madam," in english.text


async def test_send_a_reply_that_threads_and_moves_the_case_on(mailing_staff_site: StaffSite) -> None:
    site = mailing_staff_site
    reference = await open_case(site.cases)
    browser = await signed_in(site)
    page = await browser.get(f"/staff/cases/{reference}/reply")
    values = form_values(page.text)
    form = {**values, "subject": "Svar fra oss", "body": "Her er opplysningene.", "next_status": "resolved"}
    done = await browser.post(f"/staff/cases/{reference}/reply", form, csrf=page.csrf)
    assert done.status == 200 and done.path == f"/staff/cases/{reference}" and "Svaret er lagt i utboksen" in done.text
    again = await browser.post(f"/staff/cases/{reference}/reply", form, csrf=page.csrf)  # resubmitted form
    assert again.status == 200
    [mail] = await queued(site)
    assert mail["Subject"] == f"Svar fra oss ({reference})"  # the reference is added so answers thread
    assert mail["In-Reply-To"] == "<msg1@example.org>" and "Auto-Submitted" not in mail
    assert mail.get_content().strip() == "Her er opplysningene."
    case = await site.cases.get_case(reference)
    assert case.status is CaseStatus.RESOLVED and case.assignee_id == site.users[HANDLER[0]]
    [outbound] = [m for m in case.messages if m.direction is Direction.OUTBOUND]
    assert outbound.message_id == mail["Message-ID"] and outbound.author_staff_id == site.users[HANDLER[0]]

    answer = await site.cases.open_or_find_case_for_thread(
        CaseRequest(Requester(email="kari.nordmann@example.org"), frozenset({RequestType.OTHER}), Channel.EMAIL),
        NewMessage(Direction.INBOUND, Channel.EMAIL, "Takk!", masked_text="Takk!", message_id="<answer@example.org>",
                   in_reply_to=mail["Message-ID"]),
    )
    assert answer.case.reference == reference and answer.match is not MatchKind.NEW


async def test_sensitive_data_in_a_reply_is_caught_before_sending(mailing_staff_site: StaffSite) -> None:
    site = mailing_staff_site
    reference = await open_case(site.cases)
    browser = await signed_in(site)
    page = await browser.get(f"/staff/cases/{reference}/reply")
    body = f"Vi har registrert fødselsnummeret {FNR} og diagnosen diabetes."
    form = {**form_values(page.text), "body": body, "next_status": "awaiting_requester"}
    warned = await browser.post(f"/staff/cases/{reference}/reply", form, csrf=page.csrf)
    assert warned.status == 422 and "sensitive opplysninger (fødselsnummer, helse)" in warned.text
    assert body in warned.text  # the text is kept for editing, nothing is lost
    assert await queued(site) == []
    assert (await site.cases.get_case(reference, with_messages=False)).status is CaseStatus.NEW
    sent = await browser.post(f"/staff/cases/{reference}/reply", {**form, "confirm_sensitive": "yes"}, csrf=page.csrf)
    assert sent.status == 200
    [mail] = await queued(site)
    assert FNR in mail.get_content()
    case = await site.cases.get_case(reference)
    assert case.status is CaseStatus.AWAITING_REQUESTER
    [outbound] = [m for m in case.messages if m.direction is Direction.OUTBOUND]
    assert FNR not in (outbound.masked_text or "")  # staff views of the sent reply are masked


async def test_bad_reply_forms_are_refused_and_send_nothing(mailing_staff_site: StaffSite) -> None:
    site = mailing_staff_site
    reference = await open_case(site.cases)
    browser = await signed_in(site)
    page = await browser.get(f"/staff/cases/{reference}/reply")
    good = {**form_values(page.text), "body": "Hei", "next_status": "resolved"}
    for bad in ({"body": ""}, {"subject": "a\nBcc: x@evil"}, {"next_status": "closed"}, {"draft": "short"}):
        refused = await browser.post(f"/staff/cases/{reference}/reply", {**good, **bad}, csrf=page.csrf)
        assert refused.status == 400, bad
    assert await queued(site) == []


async def test_without_outgoing_mail_the_form_says_so(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await signed_in(staff_site)
    page = await browser.get(f"/staff/cases/{reference}/reply")
    assert "Utgående e-post er ikke satt opp" in page.text
    form = {**form_values(page.text), "body": "Hei", "next_status": "resolved"}
    refused = await browser.post(f"/staff/cases/{reference}/reply", form, csrf=page.csrf)
    assert refused.status == 503
    assert (await staff_site.cases.get_case(reference, with_messages=False)).status is CaseStatus.NEW
