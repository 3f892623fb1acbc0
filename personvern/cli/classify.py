"""``personvern classify``: classify messages offline, one JSON line out per message in.

Input is JSON Lines (``{"id": ..., "text": ...}``) from files or stdin, or
``.eml`` files, mbox files and Maildir folders.  The model is loaded once and
messages go through it in batches.  A bad input line gives an output line with
an ``error`` field, the batch goes on, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# Imports inside the command functions: see personvern/cli/__init__.py (start-up time).
__all__ = ["register", "read_items", "Item"]

BATCH = 64


@dataclass(frozen=True)
class Item:
    """One input message, or the error that stopped it from being one."""

    id: Any
    text: str | None = None
    error: str | None = None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("classify", help="classify messages (JSONL, .eml, mbox, Maildir) to JSON lines")
    p.add_argument("inputs", nargs="*", default=["-"], help="files or folders; '-' or nothing reads JSONL from stdin")
    p.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    p.add_argument("--model", default=None, help="model file or folder (default: settings nlu.model_dir)")
    p.add_argument("--strategy", choices=["second_stage", "roles", "sentences", "whole"], default=None,
                   help="how sentence parses are combined (default: the [nlu] strategy setting)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=run)


def _jsonl(stream: IO[str], source: str) -> Iterator[Item]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        fallback_id = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(fallback_id, error=f"invalid JSON on line {number}: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield Item(fallback_id, error=f"line {number} is not a JSON object")
            continue
        ident = obj.get("id", fallback_id)
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Item(ident, error=f"line {number} has no text")
            continue
        yield Item(ident, text)


def _mail_items(path: Path) -> Iterator[Item]:
    from bot.mailtext import iter_mail_files, message_text

    for ident, raw, error in iter_mail_files(path):
        if error:
            yield Item(ident, error=error)
            continue
        text = message_text(raw)
        yield Item(ident, text) if text.strip() else Item(ident, error="message has no text")


def read_items(inputs: list[str], stdin: IO[str] | None = None) -> Iterator[Item]:
    """Every input message in order, whatever its container."""
    for name in inputs:
        if name == "-":
            yield from _jsonl(stdin or sys.stdin, "stdin")
            continue
        path = Path(name)
        if not path.exists():
            yield Item(name, error=f"no such file: {name}")
        elif path.suffix in {".jsonl", ".json", ".ndjson"}:
            with path.open(encoding="utf-8", errors="replace") as fh:
                yield from _jsonl(fh, path.name)
        else:
            yield from _mail_items(path)


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from bot.config import load_settings
    from bot.nlu.classifier import Classifier
    from bot.nlu.model import ModelNotFound

    settings = load_settings(need_secrets=False)
    try:
        options = {"strategy": args.strategy} if args.strategy else {}
        classifier = Classifier.from_settings(settings, args.model, **options)
    except ModelNotFound as exc:
        print(f"personvern classify: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    failed = 0
    progress = tqdm(unit="msg", file=sys.stderr, disable=True if args.no_progress else None)
    try:
        for batch in _batches(read_items(args.inputs), BATCH):
            good = [i for i in batch if i.error is None]
            results = iter(classifier.classify_many([i.text or "" for i in good]))
            for item in batch:
                if item.error is not None:
                    failed += 1
                    line: dict[str, Any] = {"id": item.id, "error": item.error}
                else:
                    line = {"id": item.id, **next(results).to_dict()}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            progress.update(len(batch))
    finally:
        progress.close()
        if out is not sys.stdout:
            out.close()
    if failed:
        print(f"personvern classify: {failed} message(s) failed; see their 'error' fields", file=sys.stderr)
    return 1 if failed else 0
