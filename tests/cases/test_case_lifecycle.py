"""The state machine, staff operations on cases and deadline extension."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cases import (
    TRANSITIONS,
    Actor,
    CaseError,
    CaseStatus,
    DeadlineExtensionRefused,
    IllegalTransition,
    NotAllowed,
    StaffUserNotFound,
)
from bot.cases.state import check_transition

PASSWORD = "korrekt hest batteri stift"


@pytest.fixture
async def handler(case_service):
    return await case_service.add_staff_user("hanne.handler@cantec.no", "Hanne Handler", "handler", PASSWORD)


@pytest.fixture
async def opened(case_service, make_request, make_mail):
    return (await case_service.open_or_find_case_for_thread(make_request(), make_mail())).case


def test_closed_is_final_and_every_status_has_rules():
    assert set(TRANSITIONS) == set(CaseStatus)
    assert TRANSITIONS[CaseStatus.CLOSED] == frozenset()
    with pytest.raises(IllegalTransition, match="'new' to 'closed'"):
        check_transition("PV-2025-0001", CaseStatus.NEW, CaseStatus.CLOSED)


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in CaseStatus for t in CaseStatus if t not in TRANSITIONS[c]],
)
def test_every_transition_outside_the_table_raises(current, target):
    with pytest.raises(IllegalTransition) as caught:
        check_transition("PV-2025-0009", current, target)
    assert isinstance(caught.value, CaseError)
    assert caught.value.current == current.value and caught.value.target == target.value


async def test_full_lifecycle_records_timestamps_and_audit(case_service, case_clock, handler, opened):
    ref, actor = opened.reference, Actor.staff(handler.id)
    picked = await case_service.pick_up(ref, handler.id)
    assert picked.status is CaseStatus.IN_PROGRESS and picked.assignee_id == handler.id
    await case_service.transition(ref, CaseStatus.AWAITING_REQUESTER, actor=actor)
    await case_service.transition(ref, CaseStatus.IN_PROGRESS, actor=actor)
    case_clock.advance(days=3)
    resolved = await case_service.transition(
        ref, CaseStatus.RESOLVED, actor=actor, reason="Innsyn sendt i kryptert e-post."
    )
    assert resolved.resolved_at == case_clock.now
    closed = await case_service.transition(ref, CaseStatus.CLOSED, actor=actor)
    assert closed.closed_at == case_clock.now
    with pytest.raises(IllegalTransition):
        await case_service.transition(ref, CaseStatus.IN_PROGRESS, actor=actor)

    trail = await case_service.audit_trail(ref)
    changes = [
        (e.detail["from_status"], e.detail["to_status"]) for e in trail if e.action == "status_changed"
    ]
    assert changes == [
        ("new", "in_progress"),
        ("in_progress", "awaiting_requester"),
        ("awaiting_requester", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
    assert all(e.actor_staff_id == handler.id for e in trail if e.action == "status_changed")
    # The free-text reason became an internal note on the case, not audit text.
    case = await case_service.get_case(ref)
    assert [m.direction.value for m in case.messages] == ["in", "note"]
    assert all("kryptert" not in str(e.detail) for e in trail)


async def test_illegal_transition_leaves_the_case_unchanged(case_service, handler, opened):
    with pytest.raises(IllegalTransition):
        await case_service.transition(opened.reference, CaseStatus.RESOLVED, actor=Actor.staff(handler.id))
    assert (await case_service.get_case(opened.reference)).status is CaseStatus.NEW


async def test_pick_up_by_a_second_handler_is_refused_but_assign_works(case_service, handler, opened):
    other = await case_service.add_staff_user("ole.other@cantec.no", "Ole Other", "handler", PASSWORD)
    await case_service.pick_up(opened.reference, handler.id)
    with pytest.raises(NotAllowed):
        await case_service.pick_up(opened.reference, other.id)
    moved = await case_service.assign(opened.reference, other.id, actor=Actor.staff(handler.id))
    assert moved.assignee_id == other.id
    listed = await case_service.get_case(opened.reference, with_messages=False)
    assert listed.assignee.name == "Ole Other"


async def test_viewers_cannot_handle_and_unknown_staff_is_refused(case_service, opened):
    viewer = await case_service.add_staff_user("vera.viewer@cantec.no", "Vera", "viewer", PASSWORD)
    with pytest.raises(NotAllowed):
        await case_service.pick_up(opened.reference, viewer.id)
    with pytest.raises(StaffUserNotFound):
        await case_service.pick_up(opened.reference, 999)


async def test_marking_duplicate_needs_another_case(case_service, handler, opened):
    actor = Actor.staff(handler.id)
    with pytest.raises(CaseError, match="needs the reference"):
        await case_service.transition(opened.reference, CaseStatus.DUPLICATE, actor=actor)
    with pytest.raises(CaseError, match="itself"):
        await case_service.transition(
            opened.reference, CaseStatus.DUPLICATE, actor=actor, duplicate_of=opened.reference
        )


async def test_extend_deadline_once_with_reason_before_it_passes(case_service, case_clock, handler, opened):
    actor = Actor.staff(handler.id)
    with pytest.raises(DeadlineExtensionRefused, match="reason"):
        await case_service.extend_deadline(opened.reference, 2, "  ", actor=actor)
    with pytest.raises(DeadlineExtensionRefused, match="1 to 2"):
        await case_service.extend_deadline(opened.reference, 3, "Mange systemer", actor=actor)
    extended = await case_service.extend_deadline(opened.reference, 2, "Data i mange systemer", actor=actor)
    assert extended.extension_months == 2
    assert extended.due_legal - opened.due_legal >= timedelta(days=59)
    assert extended.due_internal == opened.due_internal  # the 14-day promise does not move
    with pytest.raises(DeadlineExtensionRefused, match="already"):
        await case_service.extend_deadline(opened.reference, 1, "Igjen", actor=actor)
    event = (await case_service.audit_trail(opened.reference))[-1]
    assert event.action == "deadline_extended" and event.detail["months"] == 2


async def test_extension_after_the_legal_deadline_is_refused(case_service, case_clock, handler, opened):
    case_clock.now = opened.due_legal + timedelta(seconds=1)
    with pytest.raises(DeadlineExtensionRefused, match="passed"):
        await case_service.extend_deadline(opened.reference, 1, "For sent", actor=Actor.staff(handler.id))


async def test_notes_need_a_staff_author(case_service, handler, opened):
    note = await case_service.add_note(opened.reference, handler.id, "Ring kunden.")
    assert note.direction.value == "note" and note.author_staff_id == handler.id
    with pytest.raises(StaffUserNotFound):
        await case_service.add_note(opened.reference, 4242, "Hvem er jeg?")
