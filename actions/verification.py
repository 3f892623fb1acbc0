"""The address and the one-time code: the contact form, mailing the code, the code form."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import SlotsValidation
from actions.services import services
from actions.texts import code_letter, language_of
from bot.outgoing import Letter, LetterKind
from bot.verification import CheckResult, IssuedCode, ResendLimitReached, TooManyCodes, UnknownChallenge

__all__ = ["SendCode", "ValidateCodeForm", "ValidateContactForm", "email_slot", "find_email"]

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME = 200


def find_email(text: str) -> str | None:
    """The one address in what the visitor typed, lower-cased; None for none or several."""
    found = {m.lower() for m in _EMAIL.findall(text or "")}
    if len(found) != 1:
        return None
    address = found.pop()
    return address if len(address) <= 254 else None


def email_slot(value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """A form's ``email`` slot from what was typed; asked again (and said why) when it holds no one address."""
    address = find_email(str(value or ""))
    if address is None:
        dispatcher.utter_message(response="utter_invalid_email")
    return {"email": address}


def _client(tracker: Tracker) -> str:
    return str(tracker.get_slot("client") or "unknown")


async def _mail_code(tracker: Tracker, email: str, issued: IssuedCode) -> None:
    found = services()
    language = language_of(tracker.get_slot("language"))
    subject, body = code_letter(issued.code, found.settings.chat.code_minutes, language)
    await found.mailer.send(
        Letter(kind=LetterKind.CHAT_CODE, to_address=email, to_name=tracker.get_slot("name"), subject=subject,
               body=body, language=language, record_on_case=False),
        key=f"chat-code|{issued.challenge}|{issued.resends}",
    )


class ValidateContactForm(SlotsValidation):
    SLOTS = ("email", "name")

    def name(self) -> str:
        return "validate_contact_form"

    async def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return email_slot(value, dispatcher)

    async def validate_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        name = " ".join(_CONTROL.sub(" ", str(value or "")).split())[:MAX_NAME]
        # A name has letters; digits-only, a payload or an address typed into the name field is not one.
        if not name or name.startswith("/") or not any(c.isalpha() for c in name) or "@" in name:
            dispatcher.utter_message(response="utter_invalid_name")
            return {"name": None}
        return {"name": name}


class SendCode(Action):
    """A new challenge for the address, its code mailed (never recorded on a case)."""

    def name(self) -> str:
        return "action_send_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        email = str(tracker.get_slot("email") or "")
        try:
            issued = await services().verifier.issue(email, client=_client(tracker))
        except TooManyCodes:
            dispatcher.utter_message(response="utter_too_many_codes")
            then = "action_case_status" if tracker.get_slot("status_reference") else "action_open_case"
            return [SlotSet("verified", False), SlotSet("code", "failed"), FollowupAction(then)]
        await _mail_code(tracker, email, issued)
        dispatcher.utter_message(response="utter_code_sent", email=email)
        return [SlotSet("challenge", issued.challenge), SlotSet("verified", False)]


class ValidateCodeForm(SlotsValidation):
    SLOTS = ("code",)

    def name(self) -> str:
        return "validate_code_form"

    async def validate_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == "decline_verification":
            return {"code": "declined", "verified": False}
        if intent == "resend_code":
            await self._resend(dispatcher, tracker)
            return {"code": None}
        digits = re.sub(r"\D", "", str(value or ""))
        if len(digits) != 6:
            dispatcher.utter_message(response="utter_code_format")
            return {"code": None}
        challenge, email = str(tracker.get_slot("challenge") or ""), str(tracker.get_slot("email") or "")
        check = await services().verifier.check(challenge, email, digits)
        if check.verified:
            return {"code": "ok", "verified": True}
        if check.result is CheckResult.WRONG:
            dispatcher.utter_message(response="utter_wrong_code", attempts_left=check.attempts_left)
            return {"code": None}
        if check.result is CheckResult.EXPIRED:
            dispatcher.utter_message(response="utter_code_expired")
            return {"code": None}
        dispatcher.utter_message(response="utter_code_locked")
        return {"code": "locked", "verified": False}

    async def _resend(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        challenge, email = str(tracker.get_slot("challenge") or ""), str(tracker.get_slot("email") or "")
        try:
            issued = await services().verifier.resend(challenge, email, client=_client(tracker))
        except (ResendLimitReached, UnknownChallenge):
            dispatcher.utter_message(response="utter_resend_limit")
            return
        except TooManyCodes:
            dispatcher.utter_message(response="utter_resend_limit")
            return
        await _mail_code(tracker, email, issued)
        dispatcher.utter_message(response="utter_code_resent")
