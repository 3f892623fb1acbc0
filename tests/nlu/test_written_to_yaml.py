"""``scripts.written_to_yaml``: the written short messages as Rasa training data, split by what the intent classifier knows."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bot.nlu import intents
from scripts.eval_nlu import load
from scripts.written_to_yaml import SOURCE, render


def _examples(text: str) -> dict[str, list[str]]:
    data = yaml.safe_load(text)
    return {block["intent"]: [line[2:] for line in block["examples"].splitlines()] for block in data["nlu"]}


def test_each_message_goes_to_the_file_its_label_belongs_in(tmp_path: Path) -> None:
    rows = [
        {"text": "Slett kontoen min,\nog send meg en kopi først.", "requests": ["access", "erasure"], "other_rights": [], "intent": "x"},
        {"text": "Stop profiling me for ads.", "requests": [], "other_rights": ["objection"], "intent": "x"},
        {"text": "Send it as a CSV file.", "requests": ["access"], "other_rights": ["portability"], "intent": "x"},
        {"text": "Takk for hjelpen!", "requests": [], "other_rights": [], "intent": "thanks"},
    ]
    source = tmp_path / "messages.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    known, other = render(source)
    assert _examples(known) == {"request_access+request_erasure": ["Slett kontoen min, og send meg en kopi først."],
                                "thanks": ["Takk for hjelpen!"]}
    assert _examples(other) == {"request_objection": ["Stop profiling me for ads."],
                                "request_access+request_portability": ["Send it as a CSV file."]}


def test_the_repository_messages_render_to_labels_the_product_knows() -> None:
    known, other = render(SOURCE)
    for label in [*_examples(known), *_examples(other)]:
        assert all(part in intents.ALL_INTENTS for part in label.split("+")), label
    assert not any(set(intents.rights_in(label)) & set(intents.OTHER_RIGHTS) for label in _examples(known))
    total = sum(map(len, _examples(known).values())) + sum(map(len, _examples(other).values()))
    assert total == len(load(SOURCE))
