"""Questions the statement answers, and not understanding (twice in a row offers email)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import services
from actions.texts import language_of
from bot import statement
from bot.nlu import intents

__all__ = ["AnswerQuestion", "Fallback", "consecutive_fallbacks"]


def consecutive_fallbacks(events: list[dict[str, Any]]) -> int:
    """How many of the visitor's latest messages in a row were not understood."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != intents.FALLBACK_INTENT:
            break
        count += 1
    return count


class AnswerQuestion(Action):
    """The statement section that answers the question, and a link to the whole statement."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker.get_slot("language"))
        message = tracker.latest_message or {}
        reading = (message.get("metadata") or {}).get("reading") or {}
        intent = (message.get("intent") or {}).get("name") or ""
        section_id = intents.QUESTION_SECTIONS.get(intent) or reading.get("section")
        if not section_id:
            dispatcher.utter_message(response="utter_help")
            return []
        section = statement.section(section_id, language)
        dispatcher.utter_message(text=f"{section.title}\n\n{section.text}")
        dispatcher.utter_message(response="utter_statement_link", statement_url=services().settings.chat.statement_url)
        return []


class Fallback(Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        twice = consecutive_fallbacks(list(tracker.events)) >= 2
        dispatcher.utter_message(response="utter_fallback_email" if twice else "utter_default")
        return []
