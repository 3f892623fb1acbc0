"""Detection rules: one module per kind of sensitive data, run in a declared order.

Every rule module exposes ``check(scan: Scan) -> Iterable[Finding]``. The order lives
in ``data/rules.json`` so that adding a rule is a new module plus one line of data.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache

from ..datafiles import load_json
from ..errors import LexiconError
from ..findings import Finding
from ..scan import Scan

__all__ = ["Check", "load_rules"]

Check = Callable[[Scan], Iterable[Finding]]


@cache
def load_rules() -> tuple[tuple[str, Check], ...]:
    """The rules named in ``data/rules.json`` as (name, check) pairs, in order."""
    names = load_json("rules.json").get("order")
    if not isinstance(names, list) or not names:
        raise LexiconError("rules.json needs a non-empty 'order' list")
    rules: list[tuple[str, Check]] = []
    for name in names:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ImportError as exc:
            raise LexiconError(f"rules.json names unknown rule {name!r}") from exc
        rules.append((name, module.check))
    return tuple(rules)
