"""Loading the JSON data files that ship inside the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .errors import LexiconError

__all__ = ["load_json"]


@cache
def load_json(name: str) -> Any:
    """Parse ``bot/sensitive/data/<name>`` once per process."""
    try:
        raw = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
        return json.loads(raw)
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"cannot load data file {name}") from exc
