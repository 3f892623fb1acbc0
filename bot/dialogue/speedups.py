"""Where Rasa 3.6's serving spends time it need not, mended once in the model process.

Profiled under the chat benchmark (``scripts/bench_chat.py``, py-spy on the
model process), two thirds of a turn's CPU went into checking the action
server's answers: ``RemoteAction._validate_action_result`` calls
``jsonschema.validate(result, schema)``, which first validates the schema
itself against the JSON-Schema metaschema, on every call (and a form calls the
action server twice a turn).  Here the same schema is checked once and
compiled validators check every answer: the same rules, the same
``ValidationError`` with Rasa's hint, without redoing the metaschema work.
Each event is checked against the schema of its own type rather than
against all 23 under the schema's ``oneOf`` (equivalent, see ``_fits``;
anything that does not pass that way goes to the full schema), which was
still 8 % of the model process's time on a chat turn.

A form also calls its validation action when there is nothing to validate -
twice when it activates (``FormAction.activate`` and then ``do``), each time
rebuilding a temporary tracker from every event and sending it over HTTP.  For
the chat's forms such a call cannot return anything: their validators
(``actions.forms.SlotsValidation``) validate only the slot candidates and name
their slots statically, so with no candidates rasa-sdk answers ``[]``
(``tests/chat/test_form_slots.py`` runs every validator that way).  Those calls
are skipped: four of the nine action calls of a verified request.

Next came the action calls themselves: ``EndpointConfig.request`` opens a new
``aiohttp.ClientSession`` (a new connection pool, a new TCP connection) for
every call.  ``action_endpoint`` gives the engine an endpoint that keeps one
session per event loop, so calls reuse kept-alive connections.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from typing import Any

__all__ = ["action_endpoint", "install"]


@functools.lru_cache(maxsize=1)
def _validators() -> tuple[Any, Any, dict[str, Any]]:
    """Rasa's schema, compiled once; the same without the events' ``oneOf``; one validator per event type."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once: what jsonschema.validate repeats on every call
    items = schema["properties"]["events"]["items"]
    alternatives = items.get("oneOf", [])
    names = [alt.get("properties", {}).get("event", {}).get("const") for alt in alternatives]
    if not alternatives or "event" not in items.get("required", ()) or None in names or len(set(names)) < len(names):
        return cls(schema), None, {}  # not the shape the shortcut relies on: the full schema only
    base = copy.deepcopy(schema)
    del base["properties"]["events"]["items"]["oneOf"]
    return cls(schema), cls(base), {name: cls(alt) for name, alt in zip(names, alternatives, strict=True)}


def _fits(result: dict[str, Any]) -> bool:
    """True only if the full schema accepts ``result``, checked without its costly ``oneOf``.

    Every event must be valid under exactly one of the ``oneOf`` alternatives, and
    each alternative requires its own constant ``event`` name (checked in
    ``_validators``), which every event has (``required``).  So an event valid
    under the alternative of its own name is valid under exactly one: jsonschema
    need not try the other 22 event types on each of them.
    """
    _, base, by_name = _validators()
    if base is None or not base.is_valid(result):
        return False
    for event in result.get("events") or ():
        found = by_name.get(event["event"])
        if found is None or not found.is_valid(event):
            return False
    return True


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    if _fits(result):
        return True
    try:
        _validators()[0].validate(result)  # the full schema decides, with its own error
    except ValidationError as exc:
        exc.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def _only_candidates(original: Any) -> Any:
    @functools.wraps(original)
    async def validate_slots(self: Any, slot_candidates: dict[str, Any], *args: Any) -> list[Any]:
        if not slot_candidates:
            return []
        return await original(self, slot_candidates, *args)  # type: ignore[no-any-return]

    validate_slots.skips_empty = True  # type: ignore[attr-defined]
    return validate_slots


def install() -> None:
    """Validate action-server answers with one compiled validator, and call a form's validation
    action only with slot candidates (idempotent)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.actions.forms import FormAction

    RemoteAction._validate_action_result = _validate_action_result
    if not getattr(FormAction.validate_slots, "skips_empty", False):
        FormAction.validate_slots = _only_candidates(FormAction.validate_slots)


class _Kept:
    """``async with`` over a session that outlives the block (Rasa's ``request`` closes what it opens)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *_: object) -> None:
        return None


def action_endpoint(url: str, **options: Any) -> Any:
    """Rasa's ``EndpointConfig`` for ``url`` that reuses one HTTP session per event loop."""
    from rasa.utils.endpoints import EndpointConfig

    class KeptAliveEndpoint(EndpointConfig):  # type: ignore[misc]  # rasa is untyped
        def session(self) -> Any:
            sessions: dict[asyncio.AbstractEventLoop, Any] = self.__dict__.setdefault("_kept_sessions", {})
            loop = asyncio.get_running_loop()
            found = sessions.get(loop)
            if found is None or found.closed:
                found = sessions[loop] = super().session()
            return _Kept(found)

    return KeptAliveEndpoint(url=url, **options)
