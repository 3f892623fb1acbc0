"""Between the visitor's words and Rasa's parse: buttons, yes and no, and the product's reading.

- A message starting with ``/`` is Rasa's payload syntax, which could set any
  intent and slot; only the widget's own button payloads pass as such, anything
  else loses its slashes and is read as text.
- A bare yes or no (in nb, nn, en) becomes ``/affirm`` or ``/deny``: no NLU
  intents are added for them (the model's quality floors are tight).
- The product's reading (``bot.nlu.classifier``: sentence-level, multi-request)
  decides the intent Rasa acts on when it finds requests or disagrees.
- Two wishes are read by patterns, not by the model (no NLU intents for them):
  asking for a person (``HANDOFF_INTENT``; also the fallback's button) and a
  case reference without a request (``STATUS_INTENT``: the case's status).
"""

from __future__ import annotations

import re
from typing import Any

from bot.cases.references import find_reference
from bot.nlu import intents

__all__ = [
    "CHAT_FALLBACK", "HANDOFF_INTENT", "PAYLOADS", "STATUS_INTENT", "adjust_parse", "button_or_text",
    "special_reading",
]

# Below this confidence a message that asks for no right is "not understood" in the
# chat: a wrong small-talk answer is worse there than asking again (gibberish scores
# 0.3-0.4 as a greeting).  Requests keep the product's own thresholds ([nlu]).
CHAT_FALLBACK = 0.45

HANDOFF_INTENT = "human_handoff"
STATUS_INTENT = "case_status"
PAYLOADS = frozenset({"/affirm", "/deny", "/resend_code", "/decline_verification", "/restart", f"/{HANDOFF_INTENT}"})
# "I want a person" in nb, nn and en: talking to a human, not a right (a person reviewing an
# automated decision is the right of art. 22 and stays a request).
_PERSON = (r"(?:(?:et|eit|en|ein|a|an|some|real|ekte|levande|levende|virkelig|verkeleg)\s+){0,2}"
           r"(?:menneske|person|saksbehandler|sakshandsamar|sakshandsamer|human|agent|operator|someone|noen|nokon)\b")
_HANDOFF = re.compile(
    r"\b(?:(?:snakke|snakka|prate|prata|chatte|tale|speak|talk|chat)\s+(?:med|to|with)\s+" + _PERSON +
    r"|(?:vil|ønsker|ønskjer|want|need|trenger|treng)\s+(?:ha\s+|å\s+få\s+|få\s+)?(?:et|eit|a|an)\s+"
    r"(?:ekte\s+|real\s+)?(?:menneske|human|person)\b(?!\s+(?:to|til)\s+(?:å\s+)?(?:review|vurdere|se|sjå|look))"
    r"|\b(?:human|menneske)\s*(?:please|takk)?\s*[.!]?\s*$)",
    re.IGNORECASE,
)
# "What is the status of my case?" without a reference: the status flow asks for it.
_STATUS = re.compile(r"\bstatus\w*\b.{0,40}\b(?:sak|saka|saken|case|request|henvendelse\w*|førespurnad\w*)\b"
                     r"|\b(?:sak|saka|saken|case)\b.{0,40}\bstatus\b", re.IGNORECASE)
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


def special_reading(text: str) -> dict[str, Any]:
    """What the patterns find in ``text``: a wish for a person, a case reference (or nothing)."""
    found: dict[str, Any] = {}
    if _HANDOFF.search(text):
        found["handoff"] = True
    reference = find_reference(text)
    if reference:
        found["reference"] = reference
    if reference or _STATUS.search(text):
        found["status"] = True
    return found


def adjust_parse(parse: dict[str, Any], reading: dict[str, Any] | None, known: set[str]) -> dict[str, Any]:
    """``parse`` with the intent the product's ``reading`` stands for (when it names one Rasa knows)."""
    if not reading:
        return parse
    rights = [*(reading.get("requests") or ()), *(reading.get("other_rights") or ())]
    name: str | None = None
    if reading.get("handoff") and HANDOFF_INTENT in known:
        name = HANDOFF_INTENT
    elif reading.get("status") and not rights and STATUS_INTENT in known:
        name = STATUS_INTENT
    elif rights:
        ordered = [r for r in intents.ALL_RIGHTS if r in rights]
        label = intents.intent_for_rights(ordered)
        candidates = (label, intents.intent_for_requests(ordered), *(intents.intent_for_rights([r]) for r in ordered))
        name = next((c for c in candidates if c in known), None)  # the dialogue may not know every right
    elif float(reading.get("confidence") or 0.0) < CHAT_FALLBACK:
        name = intents.FALLBACK_INTENT
    elif reading.get("intent") in known:
        name = str(reading["intent"])
    current = (parse.get("intent") or {}).get("name")
    if name is None or name == current:
        return parse
    confidence = 1.0 if name in (HANDOFF_INTENT, STATUS_INTENT) else float(reading.get("confidence") or 0.0)
    return {**parse, "intent": {"name": name, "confidence": confidence}}
