"""The form validators name their forms' slots (``actions.forms``) instead of being sent the domain:
the names must be the domain's, and no action may ask for the domain."""

from __future__ import annotations

import inspect

import pytest
from rasa.shared.core.domain import Domain

import actions.handoff
import actions.status
import actions.verification
from actions.forms import SlotsValidation
from bot.config import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain"))
VALIDATORS = sorted(
    {cls for module in (actions.verification, actions.status, actions.handoff)
     for _, cls in inspect.getmembers(module, inspect.isclass) if issubclass(cls, SlotsValidation) and cls is not SlotsValidation},
    key=lambda cls: cls.__name__,
)


def test_every_form_has_a_validator() -> None:
    assert sorted(cls().form_name() for cls in VALIDATORS) == sorted(DOMAIN.form_names)


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda cls: cls.__name__)
def test_a_validator_names_the_slots_its_form_asks_for(validator: type[SlotsValidation]) -> None:
    form = validator().form_name()
    assert list(validator.SLOTS) == DOMAIN.required_slots_for_form(form)
    assert validator().domain_slots({}) == list(validator.SLOTS)  # an empty domain is enough


def test_no_action_is_sent_the_domain() -> None:
    assert [a for a in DOMAIN.user_actions if DOMAIN.does_custom_action_explicitly_need_domain(a)] == []


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda cls: cls.__name__)
async def test_a_validator_given_no_candidates_does_nothing(validator: type[SlotsValidation]) -> None:
    """What lets the engine skip such calls (``bot.dialogue.speedups``): no events, nothing said."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    form = validator().form_name()
    events = [
        {"event": "user", "text": "/affirm", "parse_data": {"intent": {"name": "affirm"}}},
        {"event": "active_loop", "name": form},
        {"event": "slot", "name": "requested_slot", "value": validator.SLOTS[0]},
        {"event": "action", "name": form},
    ]
    tracker = Tracker("visitor", {"requested_slot": validator.SLOTS[0]}, {"intent": {"name": "affirm"}}, events,
                      False, None, {"name": form}, form)
    dispatcher = CollectingDispatcher()
    assert await validator().run(dispatcher, tracker, {}) == []
    assert dispatcher.messages == []


def test_validators_neither_extract_nor_choose_slots() -> None:
    """Custom ``extract_<slot>`` methods or a dynamic ``required_slots`` would act without candidates."""
    from rasa_sdk import FormValidationAction

    for validator in VALIDATORS:
        assert not [name for name in dir(validator) if name.startswith("extract_")], validator
        assert validator.required_slots is FormValidationAction.required_slots, validator
