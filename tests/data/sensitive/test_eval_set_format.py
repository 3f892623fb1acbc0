"""Checks that the labelled sensitive-data set keeps its format, floors and number rules.

Why: the detector's precision/recall gate is only as good as this set. These tests keep
the set well-formed, large enough per category, and make sure every identity, account
and card number in it is synthetic and labelled consistently with what it is.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from stdnum import luhn
from stdnum.no import fodselsnummer

HERE = Path(__file__).parent
EVAL_PATH = HERE / "eval.jsonl"

CATEGORIES = frozenset(
    {
        "national_id",
        "bank_account",
        "payment_card",
        "health",
        "religion",
        "ethnicity",
        "political",
        "union",
        "sexual_orientation",
        "genetic",
        "biometric",
        "criminal",
    }
)
LANGUAGES = frozenset({"nb", "nn", "en"})
REQUIRED_KEYS = frozenset({"id", "language", "text", "categories"})
ALLOWED_KEYS = REQUIRED_KEYS | {"note"}

MIN_MESSAGES = 260
MIN_PER_CATEGORY = 12
MIN_NEGATIVES = 80
MIN_MULTI_CATEGORY = 15
LANGUAGE_SHARE_BOUNDS = {"nb": (0.33, 0.47), "nn": (0.20, 0.32), "en": (0.28, 0.42)}

# Eleven digits, plain or in the usual fødselsnummer / kontonummer layouts; never part of a
# longer digit group such as a card number.
_NOT_BEFORE = r"(?<!\d)(?<!\d[ .\-])"
_NOT_AFTER = r"(?!\d)(?![ .\-]\d)"
ELEVEN_DIGITS = re.compile(_NOT_BEFORE + r"(\d{11}|\d{6}[ \-]\d{5}|\d{4}[ .]\d{2}[ .]\d{5})" + _NOT_AFTER)
# 13-19 digits, optionally grouped by single spaces or hyphens (card-number candidates).
LONG_DIGITS = re.compile(_NOT_BEFORE + r"(\d(?:[ \-]?\d){12,18})" + _NOT_AFTER)


@cache
def numbers_module() -> ModuleType:
    """Load make_numbers.py by path: tests/data is not a package."""
    spec = importlib.util.spec_from_file_location("sensitive_make_numbers", HERE / "make_numbers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def load_rows() -> tuple[dict, ...]:
    rows = []
    for line_no, line in enumerate(EVAL_PATH.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"blank line {line_no}"
        row = json.loads(line)
        assert isinstance(row, dict), f"line {line_no} is not an object"
        row["_line"] = line_no
        rows.append(row)
    return tuple(rows)


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def eleven_digit_numbers(text: str) -> list[str]:
    return [digits_of(m.group(1)) for m in ELEVEN_DIGITS.finditer(text)]


def long_digit_numbers(text: str) -> list[str]:
    return [digits_of(m.group(1)) for m in LONG_DIGITS.finditer(text)]


def test_every_row_has_the_documented_shape() -> None:
    for row in load_rows():
        where = f"line {row['_line']}"
        keys = set(row) - {"_line"}
        assert REQUIRED_KEYS <= keys <= ALLOWED_KEYS, f"{where}: keys {sorted(keys)}"
        assert re.fullmatch(r"s\d{3,4}", row["id"]), f"{where}: id {row['id']!r}"
        assert row["language"] in LANGUAGES, f"{where}: language {row['language']!r}"
        assert isinstance(row["text"], str) and row["text"].strip(), f"{where}: empty text"
        cats = row["categories"]
        assert isinstance(cats, list), f"{where}: categories must be a list"
        assert set(cats) <= CATEGORIES, f"{where}: unknown {sorted(set(cats) - CATEGORIES)}"
        assert len(cats) == len(set(cats)), f"{where}: duplicate category"
        if "note" in row:
            assert isinstance(row["note"], str) and row["note"].strip(), f"{where}: empty note"


def test_ids_and_texts_are_unique() -> None:
    rows = load_rows()
    ids = Counter(row["id"] for row in rows)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    texts = Counter(row["text"] for row in rows)
    assert not [t for t, n in texts.items() if n > 1], "duplicate texts"


def test_size_and_floors() -> None:
    rows = load_rows()
    assert len(rows) >= MIN_MESSAGES
    per_category = Counter(cat for row in rows for cat in row["categories"])
    short = {cat: per_category[cat] for cat in CATEGORIES if per_category[cat] < MIN_PER_CATEGORY}
    assert not short, f"categories below {MIN_PER_CATEGORY}: {short}"
    assert sum(1 for row in rows if not row["categories"]) >= MIN_NEGATIVES
    assert sum(1 for row in rows if len(row["categories"]) > 1) >= MIN_MULTI_CATEGORY


def test_every_category_has_positives_in_every_language() -> None:
    seen = {(cat, row["language"]) for row in load_rows() for cat in row["categories"]}
    missing = sorted((cat, lang) for cat in CATEGORIES for lang in LANGUAGES if (cat, lang) not in seen)
    assert not missing, f"no positive message for {missing}"


def test_language_mix() -> None:
    rows = load_rows()
    shares = Counter(row["language"] for row in rows)
    for lang, (low, high) in LANGUAGE_SHARE_BOUNDS.items():
        share = shares[lang] / len(rows)
        assert low <= share <= high, f"{lang} share {share:.2f} outside {low}-{high}"


def test_no_real_fodselsnummer_anywhere() -> None:
    """Synthetic only: no 11-digit number may pass stdnum's (real-date) fødselsnummer check."""
    for row in load_rows():
        for number in eleven_digit_numbers(row["text"]):
            assert not fodselsnummer.is_valid(number), f"line {row['_line']}: real-looking fnr"


def test_every_eleven_digit_number_is_of_a_known_kind() -> None:
    nums = numbers_module()
    for row in load_rows():
        for number in eleven_digit_numbers(row["text"]):
            assert (
                nums.is_synthetic_national_id(number)
                or nums.is_bank_account_only(number)
                or nums.is_invalid_eleven_digits(number)
            ), f"line {row['_line']}: {number} is neither synthetic id, account nor invalid"


@pytest.mark.parametrize("category", ["national_id", "bank_account"])
def test_number_categories_match_the_numbers(category: str) -> None:
    nums = numbers_module()
    check = nums.is_synthetic_national_id if category == "national_id" else nums.is_bank_account_only
    for row in load_rows():
        found = [n for n in eleven_digit_numbers(row["text"]) if check(n)]
        if category in row["categories"]:
            assert found, f"line {row['_line']}: labelled {category} but no such number"
        else:
            assert not found, f"line {row['_line']}: {category} number but not labelled"


def test_national_id_messages_hold_only_synthetic_or_labelled_numbers() -> None:
    """Every 11-digit number in a national_id message passes the synthetic check,
    unless the message is also labelled bank_account and the number is an account."""
    nums = numbers_module()
    for row in load_rows():
        if "national_id" not in row["categories"]:
            continue
        for number in eleven_digit_numbers(row["text"]):
            ok = nums.is_synthetic_national_id(number) or (
                "bank_account" in row["categories"] and nums.is_bank_account_only(number)
            )
            assert ok, f"line {row['_line']}: {number} fails the synthetic check"


def test_card_numbers_are_test_cards_and_labelled() -> None:
    nums = numbers_module()
    for row in load_rows():
        luhn_valid = [n for n in long_digit_numbers(row["text"]) if luhn.is_valid(n)]
        assert all(nums.is_test_card(n) for n in luhn_valid), f"line {row['_line']}: non-test card"
        if "payment_card" in row["categories"]:
            assert luhn_valid, f"line {row['_line']}: labelled payment_card but no card number"
        else:
            assert not luhn_valid, f"line {row['_line']}: Luhn-valid number but not labelled"


def test_synthetic_check_accepts_generated_and_rejects_invalid_numbers() -> None:
    """The predicates the set relies on must separate the generated kinds of numbers."""
    nums = numbers_module()
    rng = random.Random(7)
    for _ in range(200):
        fnr, dnr = nums.make_national_id(rng), nums.make_d_number(rng)
        assert nums.is_synthetic_national_id(fnr) and nums.is_synthetic_national_id(dnr)
        assert not fodselsnummer.is_valid(fnr) and not fodselsnummer.is_valid(dnr)
        assert nums.is_bank_account_only(nums.make_kontonr(rng))
        assert nums.is_invalid_eleven_digits(nums.make_invalid_eleven_digits(rng))
        assert nums.is_invalid_eleven_digits(nums.make_date_like_invalid(rng))
    # A single changed digit breaks the check digits.
    fnr = nums.make_national_id(rng)
    broken = fnr[:10] + str((int(fnr[10]) + 1) % 10)
    assert not nums.is_synthetic_national_id(broken)
    # A real-form number (month without +80) is not synthetic even with valid check digits.
    assert not nums.is_synthetic_national_id("15108695088")
