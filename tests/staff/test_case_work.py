"""A handler's work on a case over real HTTP: assign, status, reopen, merge, extend, notes, types, unmask, raw mail.

Every action is tried the right way and the wrong ways (forged values, the
wrong role, a state the machine forbids), and each wrong way leaves the case
as it was.
"""

from __future__ import annotations

from email import message_from_bytes, policy

from bot.cases import (
    CaseRequest,
    CaseService,
    CaseStatus,
    Channel,
    Direction,
    NewMessage,
    Requester,
    RequestType,
)
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, Browser, StaffSite, open_case

FNR = "27810773850"  # synthetic (month + 80), as in the intake tests
RAW = b"From: Kari <kari.nordmann@example.org>\r\nSubject: Innsyn\r\n\r\nFodselsnummer 27810773850.\r\n"


async def signed_in(site: StaffSite, who: tuple[str, str, str, str] = HANDLER) -> Browser:
    browser = await site.browser()
    await browser.login(who[0], who[3])
    return browser


async def case_form(browser: Browser, reference: str) -> str:
    page = await browser.get(f"/staff/cases/{reference}")
    assert page.status == 200
    return page.csrf


async def events(cases: CaseService, reference: str) -> list[str]:
    return [e.action for e in await cases.audit_trail(reference)]


async def sensitive_case(cases: CaseService) -> tuple[str, int]:
    result = await cases.open_or_find_case_for_thread(
        CaseRequest(Requester(email="kari.nordmann@example.org", name="Kari"), frozenset({RequestType.ACCESS}),
                    Channel.EMAIL, language="nb"),
        NewMessage(
            Direction.INBOUND,
            Channel.EMAIL,
            text=f"Fødselsnummeret mitt er {FNR} <script>alert(1)</script>",
            masked_text="Fødselsnummeret mitt er [fødselsnummer] <script>alert(1)</script>",
            subject="Innsyn",
            message_id="<sensitive@example.org>",
            raw_mail=RAW,
        ),
    )
    assert result.message is not None
    return result.case.reference, result.message.id


async def test_assign_to_a_handler_and_back_to_nobody(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    other = staff_site.users[SECOND_HANDLER[0]]
    done = await browser.post(f"/staff/cases/{reference}/assign", {"assignee": str(other)}, csrf=csrf)
    assert done.status == 200 and "Tildelingen er endret." in done.text
    assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id == other
    for forged in ("999999", str(staff_site.users[VIEWER[0]]), "1; drop table", "-1"):  # not an active handler
        refused = await browser.post(f"/staff/cases/{reference}/assign", {"assignee": forged}, csrf=csrf)
        assert refused.status == 400, forged
        assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id == other
    await browser.post(f"/staff/cases/{reference}/assign", {"assignee": ""}, csrf=csrf)
    assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id is None


async def test_a_viewer_sees_no_action_and_every_post_is_refused(staff_site: StaffSite) -> None:
    reference, pk = await sensitive_case(staff_site.cases)
    viewer = await signed_in(staff_site, VIEWER)
    page = await viewer.get(f"/staff/cases/{reference}")
    assert "Ingen handlinger er tilgjengelige" in page.text and "Vis umaskert" not in page.text
    before = await events(staff_site.cases, reference)
    posts = {
        "assign": {"assignee": str(staff_site.users[HANDLER[0]])},
        "status": {"status": "in_progress"},
        "merge": {"duplicate_of": "PV-2025-0001"},
        "extend": {"months": "1", "reason": "Mange saker"},
        "types": {"request_type": "erasure"},
        "notes": {"note": "hei"},
        "reply": {"subject": "x", "body": "y", "draft": "d" * 24, "next_status": "resolved"},
        f"messages/{pk}/unmask": {"reason": "nysgjerrig"},
        f"messages/{pk}/raw": {"reason": "nysgjerrig"},
    }
    for action, data in posts.items():
        refused = await viewer.post(f"/staff/cases/{reference}/{action}", data, csrf=page.csrf)
        assert refused.status == 403, action
    assert await events(staff_site.cases, reference) == before
    assert (await viewer.get(f"/staff/cases/{reference}/reply")).status == 403


async def test_status_changes_follow_the_state_machine(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    for forged, status in (("resolved", 409), ("closed", 409), ("hacked", 400), ("", 400)):  # new -> resolved: no
        page = await browser.post(f"/staff/cases/{reference}/status", {"status": forged}, csrf=csrf)
        assert page.status == status, forged
    assert (await staff_site.cases.get_case(reference, with_messages=False)).status is CaseStatus.NEW
    no_reason = await browser.post(f"/staff/cases/{reference}/status", {"status": "rejected"}, csrf=csrf)
    assert no_reason.status == 400  # a refusal needs its reason
    page = await browser.post(f"/staff/cases/{reference}/status", {"status": "in_progress"}, csrf=csrf)
    assert "Statusen er endret." in page.text and 'value="resolved"' in page.text
    await browser.post(f"/staff/cases/{reference}/status", {"status": "resolved", "reason": "Svart på telefon"},
                       csrf=csrf)
    case = await staff_site.cases.get_case(reference)
    assert case.status is CaseStatus.RESOLVED
    assert [m.masked_text for m in case.messages if m.direction is Direction.NOTE] == ["Svart på telefon"]


async def test_reopen_an_answered_case(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases, types=frozenset({RequestType.QUESTION}))
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    assert (await browser.post(f"/staff/cases/{reference}/reopen", {}, csrf=csrf)).status == 409  # it is new
    await browser.post(f"/staff/cases/{reference}/status", {"status": "in_progress"}, csrf=csrf)
    await browser.post(f"/staff/cases/{reference}/status", {"status": "resolved"}, csrf=csrf)
    page = await browser.get(f"/staff/cases/{reference}")
    assert "Åpne saken igjen" in page.text
    done = await browser.post(f"/staff/cases/{reference}/reopen", {"reason": "Det var en innsynsbegjæring"}, csrf=csrf)
    assert "Saken er åpnet igjen." in done.text
    assert (await staff_site.cases.get_case(reference, with_messages=False)).status is CaseStatus.IN_PROGRESS


async def test_merge_into_another_case(staff_site: StaffSite) -> None:
    original = await open_case(staff_site.cases)
    copy = await open_case(staff_site.cases, email="ola@example.org", n=2)
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, copy)
    assert (await browser.post(f"/staff/cases/{copy}/merge", {"duplicate_of": copy}, csrf=csrf)).status == 400
    assert (await browser.post(f"/staff/cases/{copy}/merge", {"duplicate_of": "<b>"}, csrf=csrf)).status == 400
    assert (await browser.post(f"/staff/cases/{copy}/merge", {"duplicate_of": "PV-1999-9999"}, csrf=csrf)).status == 404
    assert (await staff_site.cases.get_case(copy, with_messages=False)).status is CaseStatus.NEW
    done = await browser.post(f"/staff/cases/{copy}/merge", {"duplicate_of": original.lower()}, csrf=csrf)
    assert "Saken er markert som duplikat." in done.text
    merged = await staff_site.cases.get_case(copy, with_messages=False)
    assert merged.status is CaseStatus.DUPLICATE
    [event] = [e for e in await staff_site.cases.audit_trail(copy) if e.action == "status_changed"]
    assert event.detail["duplicate_of"] == original


async def test_extend_once_with_a_reason_and_notify_the_requester(mailing_staff_site: StaffSite) -> None:
    site = mailing_staff_site
    assert site.outbox is not None
    reference = await open_case(site.cases)
    before = (await site.cases.get_case(reference, with_messages=False)).due_legal
    browser = await signed_in(site)
    csrf = await case_form(browser, reference)
    for bad in ({"months": "3", "reason": "x"}, {"months": "1", "reason": "  "}, {"months": "one", "reason": "x"}):
        assert (await browser.post(f"/staff/cases/{reference}/extend", bad, csrf=csrf)).status == 400
    reason = "Saken gjelder opplysninger i flere systemer"
    done = await browser.post(f"/staff/cases/{reference}/extend", {"months": "2", "reason": reason}, csrf=csrf)
    assert "Lovfristen er forlenget" in done.text and reason in done.text
    assert "Forleng og varsle" not in done.text  # once only
    case = await site.cases.get_case(reference, with_messages=False)
    assert case.extension_months == 2 and case.due_legal > before
    again = await browser.post(f"/staff/cases/{reference}/extend", {"months": "1", "reason": "igjen"}, csrf=csrf)
    assert again.status == 409
    [item] = await site.outbox.claim_due("t", limit=10)
    mail = message_from_bytes(item.raw, policy=policy.default)
    assert mail["To"].addresses[0].addr_spec == "kari.nordmann@example.org"
    assert reference in mail["Subject"] and item.kind == "extension_notice"
    assert reason in mail.get_content() and "Hei Kari Nordmann" in mail.get_content()


async def test_a_note_is_kept_masked_and_shown_escaped(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    assert (await browser.post(f"/staff/cases/{reference}/notes", {"note": "   "}, csrf=csrf)).status == 400
    assert (await browser.post(f"/staff/cases/{reference}/notes", {"note": "x" * 50_001}, csrf=csrf)).status == 400
    note = f"Ringte innsender, fnr {FNR} oppgitt. <img src=x onerror=alert(1)>"
    page = await browser.post(f"/staff/cases/{reference}/notes", {"note": note}, csrf=csrf)
    assert "Notatet er lagret." in page.text
    assert FNR not in page.text and "<img src=x" not in page.text and "&lt;img src=x" in page.text
    [stored] = [m for m in (await staff_site.cases.get_case(reference)).messages if m.direction is Direction.NOTE]
    assert FNR not in (stored.masked_text or "") and stored.author_staff_id == staff_site.users[HANDLER[0]]


async def test_correct_the_request_types_and_export_them_as_examples(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases, review_reason="unclear")
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    for bad in ({"request_type": "hacked"}, {}):
        assert (await browser.post(f"/staff/cases/{reference}/types", bad, csrf=csrf)).status == 400
    chosen = [("request_type", "access"), ("request_type", "portability"), ("_csrf", csrf)]
    async with browser.client.post(f"/staff/cases/{reference}/types", data=chosen,
                                   headers={"Origin": browser.origin}) as response:
        text = await response.text()
    assert "Forespørselstypene er rettet." in text and "Dataportabilitet" in text
    case = await staff_site.cases.get_case(reference, with_messages=False)
    assert case.request_types == {RequestType.ACCESS, RequestType.PORTABILITY} and case.review_reason is None
    [example] = await staff_site.cases.labelled_examples()
    assert example.reference == reference and example.understood == ["access"]
    assert example.corrected == ["access", "portability"] and "innsyn" in example.text


async def test_show_unmasked_needs_a_reason_is_audited_and_lasts_one_view(staff_site: StaffSite) -> None:
    reference, pk = await sensitive_case(staff_site.cases)
    other = await open_case(staff_site.cases, email="ola@example.org", n=2)
    browser = await signed_in(staff_site)
    page = await browser.get(f"/staff/cases/{reference}")
    assert FNR not in page.text and "Vis umaskert" in page.text
    url = f"/staff/cases/{reference}/messages/{pk}/unmask"
    assert (await browser.post(url, {"reason": " "}, csrf=page.csrf)).status == 400
    assert (await browser.post(f"/staff/cases/{other}/messages/{pk}/unmask", {"reason": "sjekk"},
                               csrf=page.csrf)).status == 404  # a message of another case
    assert (await browser.post(f"/staff/cases/{reference}/messages/x1/unmask", {"reason": "sjekk"},
                               csrf=page.csrf)).status == 404
    shown = await browser.post(url, {"reason": "Kontrollere fødselsnummeret mot kunderegisteret"}, csrf=page.csrf)
    assert shown.status == 200 and FNR in shown.text
    assert "<script>alert(1)</script>" not in shown.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text
    assert shown.headers["Cache-Control"] == "no-store"
    [event] = [e for e in await staff_site.cases.audit_trail(reference) if e.action == "unmasked_viewed"]
    assert event.detail == {"message_pks": [pk], "reason": "Kontrollere fødselsnummeret mot kunderegisteret"}
    assert event.actor_staff_id == staff_site.users[HANDLER[0]]
    assert FNR not in (await browser.get(f"/staff/cases/{reference}")).text  # the next view is masked again


async def test_raw_mail_download_is_audited(staff_site: StaffSite) -> None:
    reference, pk = await sensitive_case(staff_site.cases)
    other = await open_case(staff_site.cases, email="ola@example.org", n=2)
    browser = await signed_in(staff_site)
    csrf = await case_form(browser, reference)
    assert (await browser.post(f"/staff/cases/{reference}/messages/{pk}/raw", {}, csrf=csrf)).status == 400
    forged = await browser.post(f"/staff/cases/{other}/messages/{pk}/raw", {"reason": "x"}, csrf=csrf)
    assert forged.status == 404
    async with browser.client.post(
        f"/staff/cases/{reference}/messages/{pk}/raw",
        data={"reason": "Klage på behandlingen", "_csrf": csrf},
        headers={"Origin": browser.origin},
    ) as response:
        assert response.status == 200 and response.content_type == "message/rfc822"
        assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}-{pk}.eml"'
        assert await response.read() == RAW
    [event] = [e for e in await staff_site.cases.audit_trail(reference) if e.action == "raw_mail_viewed"]
    assert event.detail == {"message_pk": pk, "reason": "Klage på behandlingen"}
    assert "raw_mail_viewed" not in await events(staff_site.cases, other)
