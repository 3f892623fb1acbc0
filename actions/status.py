"""The status of a case by its reference, told only to whoever proves the case's own address.

The visitor names a reference (or is asked for one), gives an address, gets a
code there (``bot.verification``, the same limits as for requests) and types
it.  Only then is the case looked up, and only a case whose requester address
is the verified one is described; every other outcome - no such case, another
address, no code - gets the same answer, so the chat reveals nothing about
cases the visitor cannot prove are theirs.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import SlotsValidation
from actions.services import services
from actions.texts import due_date, language_of
from actions.verification import ValidateCodeForm, email_slot
from bot.cases import CaseStatus
from bot.cases.errors import CaseNotFound
from bot.cases.references import find_reference

__all__ = ["CaseStatusAnswer", "STATUS_NAMES", "StatusReference", "ValidateStatusCodeForm", "ValidateStatusForm"]

log = logging.getLogger(__name__)
_RESET = ("status_reference", "email", "code", "challenge", "verified")
STATUS_NAMES: dict[str, dict[CaseStatus, str]] = {
    "nb": {
        CaseStatus.NEW: "mottatt, ikke behandlet ennå", CaseStatus.IN_PROGRESS: "under behandling",
        CaseStatus.AWAITING_REQUESTER: "venter på svar fra deg", CaseStatus.RESOLVED: "besvart",
        CaseStatus.CLOSED: "avsluttet", CaseStatus.REJECTED: "avvist", CaseStatus.SPAM: "avsluttet",
        CaseStatus.DUPLICATE: "slått sammen med en annen sak",
    },
    "nn": {
        CaseStatus.NEW: "motteken, ikkje handsama enno", CaseStatus.IN_PROGRESS: "under handsaming",
        CaseStatus.AWAITING_REQUESTER: "ventar på svar frå deg", CaseStatus.RESOLVED: "svara på",
        CaseStatus.CLOSED: "avslutta", CaseStatus.REJECTED: "avvist", CaseStatus.SPAM: "avslutta",
        CaseStatus.DUPLICATE: "slått saman med ei anna sak",
    },
    "en": {
        CaseStatus.NEW: "received, not yet handled", CaseStatus.IN_PROGRESS: "being handled",
        CaseStatus.AWAITING_REQUESTER: "waiting for an answer from you", CaseStatus.RESOLVED: "answered",
        CaseStatus.CLOSED: "closed", CaseStatus.REJECTED: "rejected", CaseStatus.SPAM: "closed",
        CaseStatus.DUPLICATE: "merged with another case",
    },
}


class StatusReference(Action):
    """The reference the visitor's message named (the form asks for one otherwise)."""

    def name(self) -> str:
        return "action_status_reference"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        reading = (message.get("metadata") or {}).get("reading") or {}
        reference = reading.get("reference") or find_reference(message.get("text"))
        return [SlotSet("status_reference", reference), SlotSet("email", None), SlotSet("verified", None)]


class ValidateStatusForm(SlotsValidation):
    SLOTS = ("status_reference", "email")

    def name(self) -> str:
        return "validate_status_form"

    async def validate_status_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        reference = find_reference(str(value or ""))
        if reference is None:
            dispatcher.utter_message(response="utter_invalid_reference")
        return {"status_reference": reference}

    async def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return email_slot(value, dispatcher)


class ValidateStatusCodeForm(ValidateCodeForm):
    def name(self) -> str:
        return "validate_status_code_form"


class CaseStatusAnswer(Action):
    def name(self) -> str:
        return "action_case_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = services()
        language = language_of(tracker.get_slot("language"))
        reference, email = str(tracker.get_slot("status_reference") or ""), tracker.get_slot("email")
        reset = [SlotSet(slot, None) for slot in _RESET]
        if tracker.get_slot("verified") is not True or not email:
            dispatcher.utter_message(response="utter_case_status_unverified")
            return reset
        try:
            case = await found.cases.get_case(reference, with_messages=False)
        except CaseNotFound:
            case = None
        if case is None or case.requester_email != str(email).lower():
            log.info("chat status asked for a case the verified address does not own")
            dispatcher.utter_message(response="utter_case_status_unknown", status_reference=reference)
            return reset
        dispatcher.utter_message(
            response="utter_case_status", status_reference=case.reference,
            case_status=STATUS_NAMES[language][case.status],
            due_date=due_date(case.due_legal if case.extension_months else case.due_internal,
                              found.settings.timezone, language),
        )
        return reset
