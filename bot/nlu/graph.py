"""Run a loaded Rasa model's graph in plain order, without dask, and one run at a time.

Rasa 3.6 runs every prediction (an NLU parse, a dialogue step) by building a
dask task graph from the model's nodes and handing it to ``dask.get``.  For a
graph of a dozen nodes run one message at a time that bookkeeping costs more
than most of the nodes: profiled under the chat benchmark it was a quarter of
the model process's time.  ``install`` gives the model's runner a ``run`` that
calls the same nodes with the same inputs in dependency order (the order is
worked out once per set of targets), so results are the same objects the
dask run returns.

The model is shared by the model process's threads (the intake's classify
calls and the chat's dialogue), so ``run`` also takes a lock: the nodes were
never meant to run concurrently, and the interpreter lock serialises them
anyway.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["install"]


def _order(nodes: dict[str, Any], targets: tuple[str, ...], given: frozenset[str]) -> list[str]:
    """The nodes ``targets`` need, each after what it needs (inputs in ``given`` are not run)."""
    order: list[str] = []
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name in given or name not in nodes:
            return
        if name in path:
            raise ValueError(f"the model's graph has a cycle through {name}")
        for needed in nodes[name].needs.values():
            visit(needed, (*path, name))
        done.add(name)
        order.append(name)

    for target in targets:
        visit(target, ())
    return order


def install(runner: Any) -> None:
    """Replace ``runner.run`` (a Rasa ``DaskGraphRunner``) with the plain, locked one (idempotent)."""
    if getattr(runner, "_personvern_plain", False):
        return
    from rasa.engine.exceptions import GraphRunError

    schema = runner._graph_schema
    nodes = schema.nodes
    instances = runner._instantiated_nodes
    orders: dict[tuple[tuple[str, ...], frozenset[str]], list[str]] = {}
    lock = threading.Lock()

    def run(inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        wanted = tuple(targets if targets else schema.target_names)
        given = dict(inputs or {})
        key = (wanted, frozenset(given))
        order = orders.get(key)
        if order is None:
            order = orders[key] = _order(nodes, wanted, key[1])
        # What dask hands a node: each input as (name, value), each node's output as it
        # returned it (name, output), and a bare name for what nothing provides.
        results: dict[str, Any] = {name: (name, value) for name, value in given.items()}
        with lock:
            try:
                for name in order:
                    needs = nodes[name].needs.values()
                    results[name] = instances[name](*(results.get(n, n) for n in needs))
            except RuntimeError as exc:  # as DaskGraphRunner.run
                raise GraphRunError("Error running runner.") from exc
        return dict(results[t] for t in wanted)

    runner.run = run
    runner._personvern_plain = True
