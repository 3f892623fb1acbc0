"""Which case a message lands on: reference, thread headers, duplicates, follow-ups, re-delivery."""

from __future__ import annotations

from datetime import timedelta

from bot.cases import (
    Actor,
    Attachment,
    CaseStatus,
    Channel,
    Direction,
    MatchKind,
    NewMessage,
    RequestType,
)

KARI = "kari.nordmann@example.org"
OLA = "ola.hansen@example.net"


def outbound(message_id: str, text: str = "Vi har mottatt henvendelsen din.") -> NewMessage:
    return NewMessage(direction=Direction.OUTBOUND, channel=Channel.EMAIL, text=text, message_id=message_id)


async def test_first_message_opens_a_new_case_with_deadlines(
    case_service, case_clock, make_request, make_mail
):
    result = await case_service.open_or_find_case_for_thread(make_request(KARI.upper()), make_mail())
    case = result.case
    assert result.match is MatchKind.NEW and result.created
    assert case.status is CaseStatus.NEW
    assert case.requester_email == KARI  # normalised
    assert case.request_types == {RequestType.ACCESS}
    assert case.received_at == case_clock.now
    assert case.due_internal > case.received_at + timedelta(days=14) - timedelta(hours=12)
    assert result.message is not None and result.message.message_id == "<msg1@example.org>"
    trail = [e.action for e in await case_service.audit_trail(case.reference)]
    assert trail == ["case_opened", "message_added"]


async def test_reference_in_subject_from_the_requester_finds_the_case(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    ref = first.case.reference
    reply = make_mail(2, subject=f"SV: [{ref.lower()}] Innsyn", text="Her er tilleggsopplysningene.")
    again = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.OTHER), reply)
    assert again.match is MatchKind.REFERENCE and again.case.id == first.case.id
    assert again.case.request_types == {RequestType.ACCESS}  # 'other' is not folded into a rights case


async def test_reference_from_another_address_is_attached_flagged_and_changes_nothing(
    case_service, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    cited = make_mail(2, subject=f"Re: {first.case.reference}")
    other = await case_service.open_or_find_case_for_thread(make_request(OLA, RequestType.ERASURE), cited)
    assert other.match is MatchKind.OTHER_ADDRESS and other.from_other_address and not other.created
    assert other.case.id == first.case.id
    case = await case_service.get_case(first.case.reference)
    assert case.requester_email == KARI and case.request_types == {RequestType.ACCESS}
    assert case.identity_verified == first.case.identity_verified and case.status is CaseStatus.NEW
    flagged = [m for m in case.messages if m.from_other_address]
    assert [m.sender for m in flagged] == [OLA]
    assert [m.sender for m in case.messages if not m.from_other_address] == [KARI]
    # The same mail delivered again is recognised, and still counts as from another address.
    again = await case_service.open_or_find_case_for_thread(make_request(OLA, RequestType.ERASURE), cited)
    assert again.match is MatchKind.EXISTING_MESSAGE and again.from_other_address


async def test_reply_to_our_outbound_message_id_from_another_address_is_attached_flagged(
    case_service, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    await case_service.add_message(first.case.reference, outbound("<reply-1@cantec.no>"))
    reply = make_mail(2, subject="Re: Innsyn", in_reply_to="<reply-1@cantec.no>")
    again = await case_service.open_or_find_case_for_thread(
        make_request("kari.private@example.com", RequestType.ERASURE), reply
    )
    assert again.match is MatchKind.OTHER_ADDRESS and again.case.id == first.case.id
    assert again.case.request_types == {RequestType.ACCESS}  # a stranger adds no request to someone's case
    assert again.message.from_other_address and again.message.sender == "kari.private@example.com"


async def test_the_requesters_reply_to_our_message_id_threads_normally(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    await case_service.add_message(first.case.reference, outbound("<reply-1@cantec.no>"))
    reply = make_mail(2, subject="Re: Innsyn", in_reply_to="<reply-1@cantec.no>")
    again = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.ERASURE), reply)
    assert again.match is MatchKind.THREAD and not again.from_other_address
    assert again.case.request_types == {RequestType.ACCESS, RequestType.ERASURE}
    assert not again.message.from_other_address


async def test_a_closed_case_cited_from_another_address_opens_the_senders_own_case(
    case_service, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    ref = first.case.reference
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    await case_service.pick_up(ref, staff.id)
    await case_service.transition(ref, CaseStatus.RESOLVED, actor=Actor.staff(staff.id))
    await case_service.transition(ref, CaseStatus.CLOSED, actor=Actor.staff(staff.id))
    cited = make_mail(2, subject=f"Re: {first.case.reference}")
    other = await case_service.open_or_find_case_for_thread(make_request(OLA), cited)
    assert other.created and other.case.id != first.case.id
    assert other.case.requester_email == OLA and other.case.follows_up_id is None


async def test_references_header_chain_is_searched(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    await case_service.add_message(first.case.reference, outbound("<reply-1@cantec.no>"))
    reply = make_mail(
        3, in_reply_to="<unknown@example.org>", references=("<msg1@example.org> <reply-1@cantec.no>",)
    )
    again = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.OTHER), reply)
    assert again.match is MatchKind.THREAD and again.case.id == first.case.id
    assert again.message.references == ("<msg1@example.org>", "<reply-1@cantec.no>")


async def test_a_strangers_reply_to_the_requesters_own_message_id_is_not_trusted(
    case_service, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    spoof = make_mail(2, in_reply_to="<msg1@example.org>")
    other = await case_service.open_or_find_case_for_thread(make_request(OLA), spoof)
    assert other.created and other.case.id != first.case.id


async def test_redelivered_message_is_stored_once(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    again = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    assert again.match is MatchKind.EXISTING_MESSAGE
    assert again.case.id == first.case.id and again.message.id == first.message.id
    case = await case_service.get_case(first.case.reference)
    assert len(case.messages) == 1


async def test_add_message_dedupes_on_message_id_per_case(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    ref = first.case.reference
    one = await case_service.add_message(ref, outbound("<out-1@cantec.no>"))
    two = await case_service.add_message(ref, outbound("out-1@cantec.no"))  # same id without brackets
    assert one.created and not two.created and one.message.id == two.message.id
    chat = NewMessage(direction=Direction.INBOUND, channel=Channel.CHAT, text="Hei igjen")
    assert (await case_service.add_message(ref, chat)).created
    assert (await case_service.add_message(ref, chat)).created  # no Message-ID: nothing to dedupe on
    assert len((await case_service.get_case(ref)).messages) == 4


async def test_duplicate_request_within_30_days_links_to_the_open_case(
    case_service, case_clock, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.ACCESS, sensitive_categories=frozenset({"national_id"})), make_mail(1)
    )
    case_clock.advance(days=29)
    second = await case_service.open_or_find_case_for_thread(
        make_request(
            KARI, RequestType.ACCESS, RequestType.ERASURE, sensitive_categories=frozenset({"health"})
        ),
        make_mail(2, subject="Innsyn igjen"),
    )
    assert second.match is MatchKind.DUPLICATE and second.case.id == first.case.id
    assert second.case.request_types == {RequestType.ACCESS, RequestType.ERASURE}
    assert second.case.sensitive_categories == ["health", "national_id"]
    assert len((await case_service.get_case(first.case.reference)).messages) == 2


async def test_no_duplicate_after_30_days_or_for_another_type_or_a_resolved_case(
    case_service, case_clock, make_request
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.ACCESS))
    other_type = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.RECTIFICATION)
    )
    assert other_type.created
    case_clock.advance(days=30, seconds=1)
    late = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.ACCESS))
    assert late.created and late.case.id != first.case.id

    staff = await case_service.add_staff_user(
        "saksbehandler@cantec.no", "Sak Behandler", "handler", "et langt passord"
    )
    await case_service.pick_up(late.case.reference, staff.id)
    await case_service.transition(late.case.reference, CaseStatus.RESOLVED, actor=Actor.staff(staff.id))
    # `first` is still open but older than 30 days; `late` is resolved: neither is a duplicate target.
    fresh = await case_service.open_or_find_case_for_thread(make_request(KARI, RequestType.ACCESS))
    assert fresh.created


async def test_requester_reply_on_awaiting_requester_moves_back_to_in_progress(
    case_service, make_request, make_mail
):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    ref = first.case.reference
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    await case_service.pick_up(ref, staff.id)
    await case_service.transition(ref, CaseStatus.AWAITING_REQUESTER, actor=Actor.staff(staff.id))
    await case_service.add_message(ref, outbound("<ask-id@cantec.no>", "Vennligst bekreft identiteten din."))
    reply = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.OTHER), make_mail(2, in_reply_to="<ask-id@cantec.no>")
    )
    assert reply.case.status is CaseStatus.IN_PROGRESS
    assert reply.case.last_inbound_at is not None
    events = await case_service.audit_trail(ref)
    moved = [e for e in events if e.action == "status_changed" and e.detail["to_status"] == "in_progress"]
    assert moved[-1].actor_kind.value == "requester"


async def test_message_on_a_closed_thread_opens_a_linked_follow_up(case_service, make_request, make_mail):
    first = await case_service.open_or_find_case_for_thread(make_request(KARI), make_mail(1))
    ref = first.case.reference
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    actor = Actor.staff(staff.id)
    await case_service.pick_up(ref, staff.id)
    await case_service.transition(ref, CaseStatus.RESOLVED, actor=actor)
    await case_service.transition(ref, CaseStatus.CLOSED, actor=actor)
    later = await case_service.open_or_find_case_for_thread(
        make_request(KARI), make_mail(2, subject=f"Re: [{ref}] Innsyn")
    )
    assert later.match is MatchKind.FOLLOW_UP and later.created
    assert later.case.follows_up_id == first.case.id and later.case.reference != ref


async def test_message_to_a_case_marked_duplicate_goes_to_the_original(case_service, make_request, make_mail):
    original = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.ERASURE), make_mail(1)
    )
    copy = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.ACCESS), make_mail(2)
    )
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    await case_service.transition(
        copy.case.reference,
        CaseStatus.DUPLICATE,
        actor=Actor.staff(staff.id),
        duplicate_of=original.case.reference,
    )
    reply = await case_service.open_or_find_case_for_thread(
        make_request(KARI, RequestType.OTHER), make_mail(3, subject=f"Re: {copy.case.reference}")
    )
    assert reply.case.id == original.case.id


async def test_hostile_header_values_are_stored_on_every_backend(case_service, make_request, make_mail):
    # PostgreSQL refuses NUL in text and over-long VARCHARs; mail from the internet has both.
    nul = "Innsyn\x00nå"
    result = await case_service.open_or_find_case_for_thread(
        make_request("kari\x00@example.org", name="K" * 500),
        make_mail(
            1,
            text="Hei\x00",
            subject=nul,
            masked_text=nul,
            message_id="<" + "x" * 2000 + "@example.org>",
            attachments=(Attachment("a\x00.pdf", "application/pdf", 3),),
        ),
    )
    case = await case_service.get_case(result.case.reference)
    message = case.messages[0]
    assert message.subject == message.masked_text == "Innsyn\ufffdnå"
    assert len(case.requester_name) == 200 and len(message.message_id) == 998
    assert message.attachments[0]["filename"] == "a\ufffd.pdf"
    again = await case_service.open_or_find_case_for_thread(
        make_request("kari\x00@example.org"), make_mail(1, message_id="<" + "x" * 2000 + "@example.org>")
    )
    assert again.match is MatchKind.EXISTING_MESSAGE
