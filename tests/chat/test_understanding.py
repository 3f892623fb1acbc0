"""``bot.dialogue.understanding.adjust_parse``: the intent Rasa acts on follows the product's reading."""

from __future__ import annotations

from bot.dialogue.understanding import adjust_parse

KNOWN = {"request_access", "request_erasure", "request_access+request_erasure", "ask_cookies", "nlu_fallback"}
PARSE = {"text": "x", "intent": {"name": "ask_cookies", "confidence": 0.9}}


def test_the_requests_read_become_the_intent() -> None:
    reading = {"requests": ["access", "erasure"], "other_rights": [], "confidence": 0.8}
    assert adjust_parse(PARSE, reading, KNOWN)["intent"] == {"name": "request_access+request_erasure", "confidence": 0.8}


def test_a_right_the_dialogue_does_not_know_is_left_out_of_the_intent() -> None:
    # A letter read as access + portability: the dialogue knows access only.
    reading = {"requests": ["access"], "other_rights": ["portability"], "confidence": 0.7}
    assert adjust_parse(PARSE, reading, KNOWN)["intent"]["name"] == "request_access"
    only_other = {"requests": [], "other_rights": ["objection"], "confidence": 0.7}
    assert adjust_parse(PARSE, only_other, KNOWN) == PARSE  # no intent Rasa does not know


def test_a_reading_without_confidence_falls_back() -> None:
    assert adjust_parse(PARSE, {"requests": [], "confidence": 0.1}, KNOWN)["intent"]["name"] == "nlu_fallback"
