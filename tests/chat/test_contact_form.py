"""The contact form's validators, run as the action server runs them: on a tracker, with a dispatcher."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.verification import ValidateContactForm


def _tracker() -> Tracker:
    return Tracker("visitor", {"language": "nb"}, {}, [], False, None, {"name": "contact_form"}, "action_listen")


@pytest.mark.parametrize("typed", ["000000", "/affirm", "kari@example.no", "   ", "123 456"])
async def test_what_is_no_name_is_asked_again(typed: str) -> None:
    dispatcher = CollectingDispatcher()
    assert await ValidateContactForm().validate_name(typed, dispatcher, _tracker(), {}) == {"name": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_invalid_name"]


@pytest.mark.parametrize(("typed", "kept"), [("Kari Nordmann", "Kari Nordmann"), ("  Ola\tØ. Nilsen ", "Ola Ø. Nilsen"),
                                             ("Åse 2", "Åse 2")])
async def test_a_name_is_kept_tidied(typed: str, kept: str) -> None:
    dispatcher = CollectingDispatcher()
    assert await ValidateContactForm().validate_name(typed, dispatcher, _tracker(), {}) == {"name": kept}
    assert dispatcher.messages == []
