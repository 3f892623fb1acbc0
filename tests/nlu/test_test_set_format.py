"""Checks that the held-out NLU test set is well-formed and keeps its promised mix.

The set (``tests/nlu/test_set.jsonl``) is the yardstick for ``make eval``; a
mislabelled or lopsided set would make the CI thresholds meaningless, so its
labels are checked against the intent table in ``bot.nlu.intents`` and its
composition against the floors in tests/nlu/README.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.nlu.intents import (
    QUESTION_SECTIONS,
    REQUEST_INTENTS,
    REQUEST_TYPES,
    SMALL_TALK,
    section_for,
)

TEST_SET = Path(__file__).with_name("test_set.jsonl")
ROOT = Path(__file__).resolve().parents[2]
NLU_DATA = ROOT / "nlu_data"
# Everything the model learns from: the intent examples, and the whole-message classifier's
# own (config.yml: extra_data and letters).
TRAINED_ON = (NLU_DATA, *sorted((ROOT / "nlu_data_next").glob("*.yml")), *sorted((ROOT / "nlu_letters").glob("*.jsonl")))

FIELDS = ("id", "text", "language", "kind", "requests", "intent", "section")
LANGUAGES = ("nb", "nn", "en")
KINDS = ("request", "question", "smalltalk", "inform", "out_of_scope")
INTENT_BY_REQUEST = {rtype: intent for intent, rtype in REQUEST_INTENTS.items()}

# Composition floors (see README.md).
MIN_TOTAL = 240
MIN_PER_KIND = {"request": 100, "question": 55, "smalltalk": 12, "inform": 4, "out_of_scope": 50}
MIN_PER_REQUEST_TYPE = 22
MIN_MULTI_REQUEST = 20
MIN_PER_QUESTION_INTENT = 4
LANGUAGE_SHARE = {"nb": (0.35, 0.45), "nn": (0.20, 0.30), "en": (0.30, 0.40)}
MIN_HARD_NEGATIVES = 15
# Words that requests use; out-of-scope messages containing them are hard negatives.
REQUEST_WORDS = re.compile(
    r"\b(slett\w*|sletta|fjern\w*|kopi\w*|copy|delete\w*|remove\w*|endre\w*|change\w*|rett\w*|"
    r"correct\w*|feil|wrong|si opp|seie opp|cancel\w*|kanseller\w*|avbestill\w*|withdraw\w*|stop\w*)\b",
    re.IGNORECASE,
)
# Only invented contact data: example domains (or Cantec's own), no national identity numbers.
ALLOWED_EMAIL_DOMAINS = {"example.com", "example.no", "cantec.no"}
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")


def load_test_set(path: Path = TEST_SET) -> list[dict]:
    """Parse the JSON Lines file, failing with the line number of a broken line."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise AssertionError(f"{path.name}:{lineno} is not valid JSON: {exc}") from exc
    return rows


def normalise(text: str) -> str:
    """Case-, accent-spacing- and whitespace-insensitive form, for duplicate detection."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def expected_intent(row: dict) -> str:
    """The intent a row's kind and requests imply (requests joined in REQUEST_TYPES order)."""
    return "+".join(INTENT_BY_REQUEST[r] for r in row["requests"])


def verbatim_overlap(texts: dict[str, str], training: Path | Sequence[Path], min_words: int = 5) -> list[str]:
    """Ids of test texts (of at least ``min_words`` words) found verbatim in training files
    (``training``: folders and files)."""
    sources = [training] if isinstance(training, Path) else list(training)
    files = sorted(p for source in sources for p in ([source] if source.is_file() else source.rglob("*")) if p.is_file())
    corpus = " ".join(normalise(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    return [
        row_id
        for row_id, text in texts.items()
        if len(text.split()) >= min_words and normalise(text) in corpus
    ]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_test_set()


def test_every_row_has_exactly_the_documented_fields(rows):
    bad = [row.get("id", "?") for row in rows if tuple(row) != FIELDS]
    assert not bad, f"rows with missing/extra/misordered fields: {bad}"


def test_ids_are_unique_and_well_formed(rows):
    ids = [row["id"] for row in rows]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(re.fullmatch(r"t\d{3,}", i) for i in ids)


def test_texts_are_unique_and_non_empty(rows):
    texts = Counter(normalise(row["text"]) for row in rows)
    assert "" not in texts
    assert [t for t, n in texts.items() if n > 1] == []


def test_language_and_kind_are_known(rows):
    assert {row["language"] for row in rows} <= set(LANGUAGES)
    assert {row["kind"] for row in rows} <= set(KINDS)


def test_requests_are_known_types_in_canonical_order(rows):
    for row in rows:
        requests = row["requests"]
        assert isinstance(requests, list), row["id"]
        assert requests == [r for r in REQUEST_TYPES if r in requests], row["id"]
        assert len(set(requests)) == len(requests), row["id"]


def test_intent_matches_kind_and_requests(rows):
    allowed = {
        "question": set(QUESTION_SECTIONS),
        "smalltalk": set(SMALL_TALK),
        "inform": {"inform"},
        "out_of_scope": {"out_of_scope"},
    }
    for row in rows:
        if row["kind"] == "request":
            assert row["requests"], row["id"]
            assert row["intent"] == expected_intent(row), row["id"]
        else:
            assert row["requests"] == [], row["id"]
            assert row["intent"] in allowed[row["kind"]], row["id"]


def test_section_is_what_section_for_gives(rows):
    wrong = [row["id"] for row in rows if row["section"] != section_for(row["intent"], row["requests"])]
    assert not wrong, f"section disagrees with bot.nlu.intents.section_for: {wrong}"


def test_kind_floors(rows):
    assert len(rows) >= MIN_TOTAL
    kinds = Counter(row["kind"] for row in rows)
    short = {k: kinds[k] for k, floor in MIN_PER_KIND.items() if kinds[k] < floor}
    assert not short, f"kinds below their floor {MIN_PER_KIND}: {short}"


def test_every_request_type_and_multi_requests_are_covered(rows):
    per_type = Counter(r for row in rows for r in row["requests"])
    assert all(per_type[t] >= MIN_PER_REQUEST_TYPE for t in REQUEST_TYPES), per_type
    assert sum(len(row["requests"]) > 1 for row in rows) >= MIN_MULTI_REQUEST


def test_every_question_intent_is_covered(rows):
    per_intent = Counter(row["intent"] for row in rows if row["kind"] == "question")
    thin = {i: per_intent[i] for i in QUESTION_SECTIONS if per_intent[i] < MIN_PER_QUESTION_INTENT}
    assert not thin, f"question intents with fewer than {MIN_PER_QUESTION_INTENT} messages: {thin}"


def test_every_small_talk_intent_is_covered(rows):
    assert {row["intent"] for row in rows if row["kind"] == "smalltalk"} == set(SMALL_TALK)


def test_language_shares(rows):
    counts = Counter(row["language"] for row in rows)
    for language, (low, high) in LANGUAGE_SHARE.items():
        share = counts[language] / len(rows)
        assert low <= share <= high, f"{language}: {share:.2f} not in [{low}, {high}]"


def test_every_language_appears_in_requests_questions_and_out_of_scope(rows):
    seen = {(row["kind"], row["language"]) for row in rows}
    missing = [(k, lang) for k in ("request", "question", "out_of_scope") for lang in LANGUAGES if (k, lang) not in seen]
    assert not missing


def test_out_of_scope_has_hard_negatives(rows):
    hard = [row["id"] for row in rows if row["kind"] == "out_of_scope" and REQUEST_WORDS.search(row["text"])]
    assert len(hard) >= MIN_HARD_NEGATIVES, hard


def test_only_invented_contact_data(rows):
    for row in rows:
        domains = {m.group(1).lower() for m in EMAIL.finditer(row["text"])}
        assert domains <= ALLOWED_EMAIL_DOMAINS, row["id"]
        assert not IDENTITY_NUMBER.search(row["text"]), row["id"]


def test_verbatim_overlap_finds_copied_texts(tmp_path):
    (tmp_path / "nlu.yml").write_text(
        "nlu:\n- intent: request_erasure\n  examples: |\n    - Please   DELETE my account and all associated data.\n",
        encoding="utf-8",
    )
    texts = {
        "t1": "Please delete my account and all associated data.",
        "t2": "Please delete my profile.",
        "t3": "hello",
    }
    assert verbatim_overlap(texts, tmp_path) == ["t1"]


def test_no_test_text_is_in_the_training_data(rows):
    """Held out means held out: no message of five words or more may appear in what the model learns from."""
    if not NLU_DATA.is_dir():
        pytest.skip("no nlu_data/ directory")
    leaked = verbatim_overlap({row["id"]: row["text"] for row in rows}, TRAINED_ON)
    assert not leaked, f"test messages found verbatim in the training data (rewrite them there): {leaked}"
