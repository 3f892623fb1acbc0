"""The intent vocabulary, and what each intent means for the product.

This table is the contract between the training data (``nlu_data/``), the
held-out test set (``tests/nlu/``), the replies and the case store: an intent is
either one of the four request types, a question answered by one statement
section, small talk, ``inform`` or ``out_of_scope``.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "REQUEST_TYPES",
    "REQUEST_INTENTS",
    "QUESTION_SECTIONS",
    "REQUEST_SECTIONS",
    "SMALL_TALK",
    "OTHER_INTENTS",
    "ALL_INTENTS",
    "FALLBACK_INTENT",
    "request_type",
    "requests_in",
    "intent_for_requests",
    "section_for",
]

# Intent -> request type (the names used in classify output and on cases).
REQUEST_INTENTS: Final[dict[str, str]] = {
    "request_access": "access",  # innsyn: send me a copy of my data
    "request_rectification": "rectification",  # retting: correct/complete my data
    "request_erasure": "erasure",  # sletting: delete my data / my account
    "request_withdraw_consent": "withdraw_consent",  # stop using my data, unsubscribe from consent-based processing
}
REQUEST_TYPES: Final[tuple[str, ...]] = tuple(REQUEST_INTENTS.values())

# Questions the statement answers: intent -> section id.
QUESTION_SECTIONS: Final[dict[str, str]] = {
    "ask_data_collected": "personvernerklaering",  # what do you collect, where is it stored, who has access
    "ask_web_statistics": "nettstatistikk",  # Google Analytics, statistics about visitors
    "ask_cookies": "informasjonskapsler",  # cookies, consent to cookies
    "ask_email_phone": "e-post-og-telefon",  # is email/phone logged, how long kept, may I send sensitive data by email
    "ask_other_laws": "annen-relevant-lovgivning",  # which laws apply, arkivloven
    "ask_rights": "rettigheter",  # what rights do I have, how fast do you answer (14 days)
    "ask_disclosure": "nar-utleverer-vi-personopplysninger",  # do you share/sell data to third parties
    "ask_exercise_rights": "dine-personvernrettigheter",  # HOW do I withdraw consent / get deleted / get a copy (a question, not the request)
    "ask_responsible": "ansvar",  # who is the controller / responsible
    "ask_contact": "kontakt-oss",  # how to contact you, address, phone
}

# The section a reply to a request quotes.
REQUEST_SECTIONS: Final[dict[str, str]] = {
    "access": "rettigheter",
    "rectification": "rettigheter",
    "erasure": "dine-personvernrettigheter",
    "withdraw_consent": "dine-personvernrettigheter",
}

SMALL_TALK: Final[tuple[str, ...]] = ("greet", "goodbye", "thanks", "bot_challenge")
OTHER_INTENTS: Final[tuple[str, ...]] = ("inform", "out_of_scope")
FALLBACK_INTENT: Final[str] = "nlu_fallback"
ALL_INTENTS: Final[tuple[str, ...]] = (
    *REQUEST_INTENTS,
    *QUESTION_SECTIONS,
    *SMALL_TALK,
    *OTHER_INTENTS,
)


def request_type(intent: str) -> str | None:
    """The request type an intent stands for, or None."""
    return REQUEST_INTENTS.get(intent)


def requests_in(label: str) -> list[str]:
    """Request types named by an intent label, multi-intents included, in fixed order.

    ``request_erasure+request_access`` -> ``["access", "erasure"]``.
    """
    named = {REQUEST_INTENTS.get(part) for part in label.split("+")}
    return [r for r in REQUEST_TYPES if r in named]


def intent_for_requests(requests: list[str] | tuple[str, ...]) -> str:
    """The (multi-)intent label for a set of request types, in fixed order."""
    by_type = {rtype: intent for intent, rtype in REQUEST_INTENTS.items()}
    return "+".join(by_type[r] for r in REQUEST_TYPES if r in requests)


def section_for(intent: str, requests: list[str] | tuple[str, ...] = ()) -> str | None:
    """The statement section that answers a message.

    A question gets its topic's section; a request gets the section its reply
    quotes (the first request's, in the fixed order of REQUEST_TYPES); small
    talk, ``inform``, out-of-scope and fallback get None.
    """
    if intent in QUESTION_SECTIONS:
        return QUESTION_SECTIONS[intent]
    ordered = [r for r in REQUEST_TYPES if r in requests]
    if ordered:
        return REQUEST_SECTIONS[ordered[0]]
    return None
