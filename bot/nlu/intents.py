"""The intent vocabulary, and what each intent means for the product.

This table is the contract between the training data (``nlu_data/``), the
held-out sets (``tests/nlu/``), the replies and the case store: an intent is
one of the four request types the privacy statement promises to handle
(``REQUEST_TYPES``), one of the other GDPR rights (``OTHER_RIGHTS``: objection,
restriction, portability, automated decisions; answered by a person within the
legal deadline), a question answered by one statement section, small talk,
``inform``, ``legal_boilerplate`` (a sentence that cites or describes rights
without asking for anything), ``spam`` or ``out_of_scope``.
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
    "OTHER_RIGHT_INTENTS",
    "OTHER_RIGHTS",
    "ALL_RIGHTS",
    "BOILERPLATE_INTENT",
    "SPAM_INTENT",
    "request_type",
    "requests_in",
    "rights_in",
    "intent_for_requests",
    "intent_for_rights",
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

# The other rights of GDPR arts. 18, 20, 21 and 22 (classify's ``other_rights``).
OTHER_RIGHT_INTENTS: Final[dict[str, str]] = {
    "request_objection": "objection",  # art. 21: stop processing on legitimate interest, direct marketing, profiling
    "request_restriction": "restriction",  # art. 18: keep but do not use (while accuracy or an objection is checked)
    "request_portability": "portability",  # art. 20: my data in a machine-readable format, or sent to another company
    "request_automated_decision": "automated_decision",  # art. 22: a person to review an automated decision
}
OTHER_RIGHTS: Final[tuple[str, ...]] = tuple(OTHER_RIGHT_INTENTS.values())
# Every right, in the fixed order multi-intent labels use.
ALL_RIGHTS: Final[tuple[str, ...]] = (*REQUEST_TYPES, *OTHER_RIGHTS)
_RIGHT_INTENTS: Final[dict[str, str]] = {**REQUEST_INTENTS, **OTHER_RIGHT_INTENTS}

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
BOILERPLATE_INTENT: Final[str] = "legal_boilerplate"  # cites or describes a right; asks for nothing
SPAM_INTENT: Final[str] = "spam"
OTHER_INTENTS: Final[tuple[str, ...]] = ("inform", "out_of_scope", BOILERPLATE_INTENT, SPAM_INTENT)
FALLBACK_INTENT: Final[str] = "nlu_fallback"
ALL_INTENTS: Final[tuple[str, ...]] = (
    *REQUEST_INTENTS,
    *OTHER_RIGHT_INTENTS,
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


def rights_in(label: str) -> list[str]:
    """Every right an intent label names (the four requests and the other rights), in fixed order."""
    named = {_RIGHT_INTENTS.get(part) for part in label.split("+")}
    return [r for r in ALL_RIGHTS if r in named]


def intent_for_rights(rights: list[str] | tuple[str, ...]) -> str:
    """The (multi-)intent label for a set of rights of either kind, in fixed order."""
    by_right = {right: intent for intent, right in _RIGHT_INTENTS.items()}
    return "+".join(by_right[r] for r in ALL_RIGHTS if r in rights)


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
