"""Between the visitor's words and Rasa's parse: buttons, yes and no, and the product's reading.

- A message starting with ``/`` is Rasa's payload syntax, which could set any
  intent and slot; only the widget's own button payloads pass as such, anything
  else loses its slashes and is read as text.
- A bare yes or no (in nb, nn, en) becomes ``/affirm`` or ``/deny``: no NLU
  intents are added for them (the model's quality floors are tight).
- The product's reading (``bot.nlu.classifier``: sentence-level, multi-request)
  decides the intent Rasa acts on when it finds requests or disagrees.
"""

from __future__ import annotations

import re
from typing import Any

from bot.nlu import intents

__all__ = ["CHAT_FALLBACK", "PAYLOADS", "adjust_parse", "button_or_text"]

# Below this confidence a message that asks for no right is "not understood" in the
# chat: a wrong small-talk answer is worse there than asking again (gibberish scores
# 0.3-0.4 as a greeting).  Requests keep the product's own thresholds ([nlu]).
CHAT_FALLBACK = 0.45

PAYLOADS = frozenset({"/affirm", "/deny", "/resend_code", "/decline_verification", "/restart"})
YES = frozenset(["ja", "jo", "jepp", "japp", "ok", "okei", "yes", "yep", "yeah", "sure", "correct", "riktig",
                 "stemmer", "det stemmer", "rett", "korrekt", "ja takk", "yes please", "that is right"])
NO = frozenset(["nei", "nope", "no", "ikke", "ikkje", "nei takk", "no thanks", "feil", "wrong", "endre", "change"])
_PUNCT = re.compile(r"[\s.!?,]+")


def button_or_text(text: str) -> str:
    """The text Rasa gets: an allowed payload as is, yes/no as payloads, other text without leading ``/``."""
    stripped = text.strip()
    if stripped in PAYLOADS:
        return stripped
    words = _PUNCT.sub(" ", stripped.lower()).strip()
    if words in YES:
        return "/affirm"
    if words in NO:
        return "/deny"
    return stripped.lstrip("/").strip() or "-"


def adjust_parse(parse: dict[str, Any], reading: dict[str, Any] | None, known: set[str]) -> dict[str, Any]:
    """``parse`` with the intent the product's ``reading`` stands for (when it names one Rasa knows)."""
    if not reading:
        return parse
    requests = list(reading.get("requests") or ())
    name: str | None = None
    if requests:
        label = intents.intent_for_requests(requests)
        name = label if label in known else intents.intent_for_requests(requests[:1])
    elif float(reading.get("confidence") or 0.0) < CHAT_FALLBACK:
        name = intents.FALLBACK_INTENT
    elif reading.get("intent") in known:
        name = str(reading["intent"])
    current = (parse.get("intent") or {}).get("name")
    if name is None or name == current:
        return parse
    confidence = float(reading.get("confidence") or 0.0)
    return {**parse, "intent": {"name": name, "confidence": confidence}}
