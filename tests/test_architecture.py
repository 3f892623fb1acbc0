"""The package boundaries of docs/architecture.md, checked on the source.

Every import is read from the syntax tree, function-local ones included, so a
boundary cannot be crossed by hiding an import inside a function.  The rules:

- the core (``bot``) imports no channel and not the composition root;
- a channel (``intake``, ``api``, ``actions``) imports the core, never
  another channel or the composition root;
- no two components import each other, directly or round a longer loop (a
  component: one of the core's packages or modules, ``bot.cases``,
  ``bot.config``..., or a whole channel), and no two modules either, at
  import time;
- no source file over 400 lines (generated migrations aside), no function
  over 60 lines (tests and benchmarks aside).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

CORE = "bot"
CHANNELS = ("intake", "api", "actions", "staff", "chat")
COMPOSITION_ROOT = "personvern"
PACKAGES = (CORE, *CHANNELS, COMPOSITION_ROOT, "scripts")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> Iterator[tuple[str, Path]]:
    for top in PACKAGES:
        for path in sorted((PROJECT_ROOT / top).rglob("*.py")):
            rel = path.relative_to(PROJECT_ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            yield ".".join(parts), path


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(module: str, path: Path, tree: ast.Module | None = None) -> set[str]:
    """Every module ``module`` imports, at any depth of its code (or of ``tree``)."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree or _tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _component(module: str) -> str:
    """``bot.cases.service`` -> ``bot.cases``; ``bot.config`` -> itself; ``intake.pipeline.parse`` -> ``intake``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == CORE else parts[0]


def _own(name: str) -> str | None:
    """``name`` as one of our modules, or None for the standard library and third parties."""
    parts = name.split(".")
    while parts:
        candidate = PROJECT_ROOT.joinpath(*parts)
        if (candidate / "__init__.py").exists() or candidate.with_suffix(".py").exists():
            return ".".join(parts)
        parts.pop()
    return None


def _top(module: str) -> str:
    return module.split(".")[0]


def _component_graph() -> dict[str, set[str]]:
    """Component -> the components it imports (ours only, itself excluded), at any depth of the code."""
    graph: dict[str, set[str]] = {}
    for module, path in _modules():
        source = _component(module)
        targets = graph.setdefault(source, set())
        for name in _imports(module, path):
            own = _own(name)
            if own is not None and _component(own) != source:
                targets.add(_component(own))
    return graph


def _runtime_imports(module: str, path: Path) -> set[str]:
    """The imports that run when ``module`` is imported: top level, outside ``if TYPE_CHECKING``."""
    body: list[ast.stmt] = []
    for node in _tree(path).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        body.append(node)
    return _imports(module, path, ast.Module(body=body, type_ignores=[]))


def _module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules():
        targets = graph.setdefault(module, set())
        for name in _runtime_imports(module, path):
            own = _own(name)
            if own is not None and own != module and not module.startswith(f"{own}."):
                targets.add(own)  # a package's __init__ runs before its modules: not a cycle
    return graph


def _violations(importer_top: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for module, path in _modules():
        if _top(module) != importer_top:
            continue
        for name in sorted(_imports(module, path)):
            own = _own(name)
            if own is not None and _top(own) in forbidden:
                out.append(f"{module} imports {own}")
    return out


def test_the_core_imports_no_channel_and_not_the_composition_root() -> None:
    assert _violations(CORE, (*CHANNELS, COMPOSITION_ROOT, "scripts")) == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_channel_imports_no_other_channel_and_not_the_composition_root(channel: str) -> None:
    others = tuple(c for c in CHANNELS if c != channel)
    assert _violations(channel, (*others, COMPOSITION_ROOT, "scripts")) == []


def test_importing_the_case_store_loads_no_channel() -> None:
    """What a real import pulls in at run time, beyond what the source says."""
    forbidden = (*CHANNELS, COMPOSITION_ROOT)
    code = (
        "import sys, bot.cases, bot.nlu.classifier, bot.sensitive, bot.statement, bot.config; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle between packages, if there is any (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_between_components() -> None:
    cycle = _cycle(_component_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_no_import_cycle_between_modules() -> None:
    cycle = _cycle(_module_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _is_generated(path: Path) -> bool:
    return "migrations" in path.parts and "versions" in path.parts


def test_no_source_file_is_over_400_lines() -> None:
    long = [
        f"{path.relative_to(PROJECT_ROOT)}: {n}"
        for _module, path in _modules()
        if not _is_generated(path) and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long == []


def test_no_function_is_over_60_lines() -> None:
    long = []
    for _module, path in _modules():
        if _is_generated(path) or path.name.startswith("bench"):
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.name}: {size}")
    assert long == []
