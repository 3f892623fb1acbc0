""""I want a person": the address and name, then a case for staff with the whole transcript on it.

The case is unverified (nobody typed a code) and marked for review
(``review_reason = "handoff"``): a handler reads the conversation - the chat
channel posts the transcript once the case reference is in the slots - and
confirms who the visitor is before disclosing anything.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.requests import open_chat_case
from actions.verification import ValidateContactForm

__all__ = ["HANDOFF", "OpenHandoffCase", "ValidateHandoffForm"]

log = logging.getLogger(__name__)
HANDOFF = "handoff"  # Case.review_reason: the visitor asked for a person
_RESET = ("requests", "email", "name", "code", "challenge", "verified")


class ValidateHandoffForm(ValidateContactForm):
    """The same address and name checks as the request's contact form."""

    def name(self) -> str:
        return "validate_handoff_form"


class OpenHandoffCase(Action):
    def name(self) -> str:
        return "action_open_handoff_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not tracker.get_slot("email"):
            dispatcher.utter_message(response="utter_fallback_email")
            return [SlotSet(slot, None) for slot in _RESET]
        case, due = await open_chat_case(tracker, ["other"], verified=False, review_reason=HANDOFF)
        log.info("chat handoff case %s opened", case.reference)
        dispatcher.utter_message(response="utter_handoff_opened", case_reference=case.reference, due_date=due)
        return [
            *(SlotSet(slot, None) for slot in _RESET),
            SlotSet("case_reference", case.reference),
            SlotSet("due_date", due),
        ]
