"""The issue-10 held-out sets (letters, everyday messages): well-formed, big enough, never trained on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.nlu.intents import ALL_RIGHTS, OTHER_RIGHTS, REQUEST_TYPES
from tests.nlu.test_test_set_format import LANGUAGES, TRAINED_ON, normalise, verbatim_overlap

HERE = Path(__file__).parent
SETS = {"letters": (HERE / "letters_set.jsonl", "L", 60), "everyday": (HERE / "everyday_set.jsonl", "E", 150),
        "letters_2": (HERE / "letters_set_2.jsonl", "M", 60), "everyday_2": (HERE / "everyday_set_2.jsonl", "G", 150)}
FIELDS = ("id", "text", "language", "kind", "requests", "other_rights", "intent", "section", "doubt", "note")
KINDS = ("request", "question", "smalltalk", "inform", "out_of_scope")


def _rows(name: str) -> list[dict]:
    path = SETS[name][0]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", SETS)
def test_rows_are_well_formed(name: str) -> None:
    rows = _rows(name)
    prefix, minimum = SETS[name][1], SETS[name][2]
    assert len(rows) >= minimum
    assert all(tuple(r) == FIELDS for r in rows)
    assert len({r["id"] for r in rows}) == len(rows) and all(r["id"].startswith(prefix) for r in rows)
    assert len({normalise(r["text"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["language"] in LANGUAGES and r["kind"] in KINDS, r["id"]
        assert r["requests"] == [t for t in REQUEST_TYPES if t in r["requests"]], r["id"]
        assert r["other_rights"] == [t for t in OTHER_RIGHTS if t in r["other_rights"]], r["id"]
        assert (r["kind"] == "request") == bool(r["requests"] or r["other_rights"]) or r["doubt"], r["id"]
        assert isinstance(r["doubt"], bool) and r["note"], r["id"]


@pytest.mark.parametrize("name", SETS)
def test_every_language_and_every_right_is_there(name: str) -> None:
    rows = _rows(name)
    languages = Counter(r["language"] for r in rows)
    assert all(languages[lang] >= len(rows) * 0.2 for lang in LANGUAGES), languages
    rights = Counter(t for r in rows for t in (*r["requests"], *r["other_rights"]))
    assert all(rights[t] >= 3 for t in ALL_RIGHTS), rights


@pytest.mark.parametrize("pair", [("letters", "everyday"), ("letters_2", "everyday_2")])
def test_at_least_25_other_rights_items_and_many_doubts_overall(pair: tuple[str, str]) -> None:
    rows = _rows(pair[0]) + _rows(pair[1])
    assert sum(bool(r["other_rights"]) for r in rows) >= 25
    assert sum(r["doubt"] for r in rows) >= 15


@pytest.mark.parametrize("name", SETS)
def test_no_held_out_text_is_in_the_training_data(name: str) -> None:
    rows = _rows(name)
    assert verbatim_overlap({r["id"]: r["text"] for r in rows}, TRAINED_ON) == []
