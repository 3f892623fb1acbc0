"""A request: say what was understood; once verified (or declined), open the case and mail a receipt."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from actions.texts import due_date, language_of, receipt_letter, requests_text
from bot.cases import CaseRequest, Channel, Requester, RequestType
from bot.nlu import intents
from bot.outgoing import Letter, LetterKind

__all__ = ["OpenCase", "SummariseRequest", "open_chat_case", "requests_of"]

log = logging.getLogger(__name__)
VERIFIED_BY = "chat-email-code"  # Case.identity_method for a visitor who typed the mailed code
UNVERIFIED = "unverified"  # Case.review_reason: confirm identity before disclosing anything
_RESET = ("requests", "email", "name", "code", "challenge", "verified")


def requests_of(message: dict[str, Any]) -> list[str]:
    """The rights asked for: the product's reading of the message, else the intent's label."""
    reading = (message.get("metadata") or {}).get("reading") or {}
    found = [*reading.get("requests", ()), *reading.get("other_rights", ())]
    if not found:
        found = intents.rights_in((message.get("intent") or {}).get("name") or "")
    return [r for r in intents.ALL_RIGHTS if r in found]


class SummariseRequest(Action):
    def name(self) -> str:
        return "action_summarise_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker.get_slot("language"))
        requests = requests_of(tracker.latest_message or {})
        if not requests:
            dispatcher.utter_message(response="utter_help")
            return []
        dispatcher.utter_message(response="utter_confirm_request", requests_text=requests_text(requests, language))
        return [SlotSet("requests", requests)]


async def open_chat_case(
    tracker: Tracker, requests: list[str], *, verified: bool, review_reason: str | None
) -> tuple[Any, str]:
    """The case (channel ``chat``) for the slots' address and name, and its receipt mailed; (case, due date)."""
    found = services()
    language = language_of(tracker.get_slot("language"))
    email, name = str(tracker.get_slot("email") or ""), tracker.get_slot("name")
    request = CaseRequest(
        requester=Requester(
            email=email, name=name, identity_verified=verified, identity_method=VERIFIED_BY if verified else None
        ),
        request_types=frozenset(RequestType(r) for r in requests),
        channel=Channel.CHAT,
        language=language,
        sensitive_categories=frozenset(tracker.get_slot("sensitive_categories") or ()),
        review_reason=review_reason,
    )
    case = (await found.cases.open_or_find_case_for_thread(request)).case
    due = due_date(case.due_internal, found.settings.timezone, language)
    subject, body = receipt_letter(case.reference, name or "", requests, due, verified, language)
    await found.mailer.send(
        Letter(kind=LetterKind.CHAT_RECEIPT, to_address=email, to_name=name, subject=subject, body=body,
               language=language, case_reference=case.reference),
        key=f"chat-receipt|{tracker.sender_id}|{case.reference}",
    )
    return case, due


class OpenCase(Action):
    """The case, channel ``chat``: verified by the mailed code, or unverified and marked for review."""

    def name(self) -> str:
        return "action_open_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        requests = list(tracker.get_slot("requests") or [])
        if not requests or not tracker.get_slot("email"):
            dispatcher.utter_message(response="utter_help")
            return [SlotSet(slot, None) for slot in _RESET]
        verified = tracker.get_slot("verified") is True
        case, due = await open_chat_case(
            tracker, requests, verified=verified, review_reason=None if verified else UNVERIFIED
        )
        log.info("chat case %s opened (verified=%s)", case.reference, verified)
        dispatcher.utter_message(
            response="utter_case_opened" if verified else "utter_case_opened_unverified",
            case_reference=case.reference, due_date=due,
        )
        return [
            *(SlotSet(slot, None) for slot in _RESET),
            SlotSet("case_reference", case.reference),
            SlotSet("due_date", due),
        ]
