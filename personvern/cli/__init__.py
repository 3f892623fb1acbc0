"""The ``personvern`` command line.

Each sub-command lives in its own module under ``personvern.cli`` and exposes
``register(subparsers)``; the list below is the order they appear in ``--help``.
The command modules import what a sub-command needs inside its function, on
purpose: ``personvern --help`` or ``personvern cases list`` must not pay for
rasa, TensorFlow or spaCy (seconds) when another sub-command uses them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main", "COMMAND_MODULES"]

COMMAND_MODULES: tuple[str, ...] = (
    "personvern.cli.run",
    "personvern.cli.classify",
    "personvern.cli.db",
    "personvern.cli.staff",
    "personvern.cli.cases",
    "personvern.cli.purge",
    "personvern.cli.intake",
    "personvern.cli.importer",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="personvern", description="Cantec privacy-office assistant")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: every sub-command sets ``func(args) -> int``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
