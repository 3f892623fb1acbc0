"""Shared fixtures: the dev examples written for tuning (not the held-out eval set)."""

from __future__ import annotations

import json
from pathlib import Path

DEV_EXAMPLES = Path(__file__).with_name("dev_examples.jsonl")


def load_dev_examples() -> list[dict]:
    with DEV_EXAMPLES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
