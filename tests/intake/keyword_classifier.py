"""A small deterministic stand-in for the trained NLU model in pipeline tests.

The pipeline's own logic (threading, replies, limits) is what these tests
check; the real model is exercised by the end-to-end tests marked ``model``.
"""

from __future__ import annotations

import re

from bot.nlu import intents
from bot.nlu.classifier import Classification
from bot.nlu.language import detect_language

_REQUEST_WORDS = {
    "access": ("innsyn", "kopi", "access"),
    "rectification": ("rette", "rettes", "rettar", "correct"),
    "erasure": ("slett", "delete", "erase"),
    "withdraw_consent": ("withdraw", "trekke tilbake", "samtykke"),
}


class KeywordClassifier:
    calls = 0

    model_name = "keywords"

    def classify(self, text: str, *, language: str | None = None, scan: bool = True) -> Classification:
        KeywordClassifier.calls += 1
        lowered = text.lower()
        requests = [
            r for r in intents.REQUEST_TYPES if any(re.search(rf"\b{w}", lowered) for w in _REQUEST_WORDS[r])
        ]
        if requests:
            intent = intents.intent_for_requests(requests)
        elif "cookie" in lowered or "informasjonskaps" in lowered:
            intent = "ask_cookies"
        elif "prize" in lowered or "gevinst" in lowered:
            intent = intents.SPAM_INTENT
        elif "pakke" in lowered or "bestil" in lowered:
            intent = "out_of_scope"
        else:
            intent = intents.FALLBACK_INTENT
        return Classification(
            requests=requests,
            intent=intent,
            confidence=0.9,
            section=intents.section_for(intent, requests),
            language=language or detect_language(text),
            likely_spam="prize" in lowered or "gevinst" in lowered,
        )

    def classify_many(self, texts: list[str], *, scan: bool = True) -> list[Classification]:
        return [self.classify(t, scan=scan) for t in texts]
