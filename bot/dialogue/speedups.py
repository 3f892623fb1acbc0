"""Where Rasa 3.6's serving spends time it need not, mended once in the model process.

Profiled under the chat benchmark (``scripts/bench_chat.py``, py-spy on the
model process), two thirds of a turn's CPU went into checking the action
server's answers: ``RemoteAction._validate_action_result`` calls
``jsonschema.validate(result, schema)``, which first validates the schema
itself against the JSON-Schema metaschema, on every call (and a form calls the
action server twice a turn).  Here the same schema is checked once and one
compiled validator checks every answer: the same rules, the same
``ValidationError`` with Rasa's hint, without redoing the metaschema work.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["install"]


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once: what jsonschema.validate repeats on every call
    return cls(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _validator().validate(result)
    except ValidationError as exc:
        exc.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> None:
    """Validate action-server answers with one compiled validator (idempotent)."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result
