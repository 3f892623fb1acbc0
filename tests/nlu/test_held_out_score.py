"""The issue-10 figures ``make eval`` reports, on hand-made predictions (no model)."""

from __future__ import annotations

from typing import Any

from scripts.eval_nlu import held_out_score


def _item(requests: list[str], *, doubt: bool = False, kind: str = "request") -> dict[str, Any]:
    return {"requests": requests, "other_rights": [], "kind": kind, "section": None, "intent": "", "language": "nb",
            "doubt": doubt, "id": ""}


def test_a_reading_in_doubt_is_a_missed_request_but_still_a_case() -> None:
    gold = [_item(["access"]), _item(["erasure"], doubt=True), _item(["rectification"]), _item([], kind="question")]
    pred = [_item(["access"]), _item([], doubt=True), _item([], kind="question"), _item([], kind="question")]
    figures = held_out_score(gold, pred)
    assert figures["missed_request_rate"] == round(2 / 3, 4)  # strict: no right read
    assert figures["no_case_rate"] == round(1 / 3, 4)  # only the rectification got no case at all
    assert figures["doubt_given_case_rate"] == 1.0
    assert figures["exact_set_accuracy"] == 0.5


def test_a_doubtful_message_read_as_a_plain_question_gets_no_case() -> None:
    gold = [_item(["erasure"], doubt=True), _item(["access"], doubt=True)]
    pred = [_item([], kind="question"), _item(["access"])]
    figures = held_out_score(gold, pred)
    assert figures["doubt_given_case_rate"] == 0.5
    assert figures["no_case_rate"] == 0.5
