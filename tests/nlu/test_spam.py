"""The spam detector: its held-out set, the rule that it never silences a request, and the trained component."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.nlu import intents
from bot.nlu.model import Parse
from bot.nlu.reading import Limits, Reading, spam_or
from tests.nlu.test_test_set_format import LANGUAGES, TRAINED_ON, normalise, verbatim_overlap

SPAM_SET = Path(__file__).parent / "spam_set.jsonl"
FIELDS = ("id", "text", "language", "spam", "kind", "requests", "note")
LIMITS = Limits(fallback=0.3, sentence=0.6, marginal=0.7, spam=0.6)


def _rows() -> list[dict]:
    return [json.loads(line) for line in SPAM_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_spam_set_is_well_formed_and_balanced() -> None:
    rows = _rows()
    assert all(tuple(r) == FIELDS for r in rows)
    assert len({r["id"] for r in rows}) == len(rows) == len({normalise(r["text"]) for r in rows})
    assert all(r["spam"] == (r["kind"] == "spam") and (r["kind"] == "request") == bool(r["requests"]) for r in rows)
    assert all(set(r["requests"]) <= set(intents.ALL_RIGHTS) for r in rows)
    for label in (True, False):
        languages = Counter(r["language"] for r in rows if r["spam"] is label)
        assert sum(languages.values()) >= 60 and all(languages[lang] >= 15 for lang in LANGUAGES), languages
    assert sum(r["kind"] == "request" for r in rows) >= 30  # spam-looking requests: the costly mistake


def test_no_spam_set_text_is_in_the_training_data() -> None:
    assert verbatim_overlap({r["id"]: r["text"] for r in _rows()}, TRAINED_ON) == []


def _parse(spam: float, intent: str = "out_of_scope") -> Parse:
    return Parse(intent=intent, confidence=0.9, ranking=((intent, 0.9),), entities=(), spam=spam)


@pytest.mark.parametrize(
    ("reading", "spam", "expected"),
    [
        (Reading((), "out_of_scope", 0.9, False), 0.95, intents.SPAM_INTENT),
        (Reading((), "out_of_scope", 0.9, False), 0.59, "out_of_scope"),  # below the limit
        (Reading(("erasure",), "request_erasure", 0.9, False), 0.99, "request_erasure"),  # a request stays one
        (Reading(("objection",), "request_objection", 0.9, False), 0.99, "request_objection"),
        (Reading((), "nlu_fallback", 0.2, True), 0.99, "nlu_fallback"),  # in doubt: a person reads it
    ],
)
def test_spam_never_silences_what_may_be_asked(reading: Reading, spam: float, expected: str) -> None:
    assert spam_or(reading, _parse(spam), LIMITS).intent == expected


@pytest.mark.model
def test_the_trained_detector_scores_texts(nlu_model) -> None:  # type: ignore[no-untyped-def]
    scam, request = nlu_model.parse([
        "URGENT!!! You have been selected to receive 2,500,000 USD. Send your bank details and a copy of your passport.",
        "Hei, jeg vil gjerne få innsyn i opplysningene dere har om meg.",
    ])
    assert scam.spam >= 0.9 > 0.1 >= request.spam
    assert scam.intent != intents.SPAM_INTENT  # the intent classifier never learnt spam: the detector decides


@pytest.mark.model
def test_the_classification_says_spam_only_when_nothing_is_asked(classifier) -> None:  # type: ignore[no-untyped-def]
    scam = classifier.classify("Congratulations! Your email won our lottery. Claim 850,000 EUR now at prize.example.net")
    assert scam.intent == intents.SPAM_INTENT and scam.likely_spam and not scam.requests
    asked = classifier.classify(
        "Congratulations! Your email won our lottery. Claim 850,000 EUR now. "
        "Also, delete all the personal data you hold about me."
    )
    assert "erasure" in asked.requests and asked.intent != intents.SPAM_INTENT


@pytest.mark.model
def test_only_whole_messages_are_scored(nlu_model, classifier) -> None:  # type: ignore[no-untyped-def]
    """Sentences of a message and the chat's turns skip the detector: nothing reads their score."""
    scam = "URGENT!!! You have been selected to receive 2,500,000 USD. Send your bank details today."
    whole, sentence = nlu_model.parse([scam, scam], messages=1)
    assert whole.spam >= 0.9 and sentence.spam == 0.0
    unscored, = nlu_model.parse([scam], spam=False)
    assert unscored.spam == 0.0 and unscored.message_ranking  # still a whole message
    found, parse = classifier.classify_parsed(scam, spam=False)
    assert parse.spam == 0.0 and not found.likely_spam and found.intent != intents.SPAM_INTENT
