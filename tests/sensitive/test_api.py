"""The public surface: Finding, detect's contract, mask's placeholders, no leaking logs."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from bot.sensitive import CATEGORIES, Finding, detect, mask

from .synthetic import first_identity_number

TENOR = first_identity_number(15, 1, 95, tenor=True)


def test_categories_are_the_issue_names() -> None:
    assert set(CATEGORIES) == {
        "national_id", "bank_account", "payment_card", "health", "religion", "ethnicity", "political",
        "union", "sexual_orientation", "genetic", "biometric", "criminal",
    }


def test_finding_is_frozen_and_holds_offsets_only() -> None:
    finding = Finding("health", 3, 9, 0.9)
    assert [f.name for f in dataclasses.fields(Finding)] == ["category", "start", "end", "confidence"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 4  # type: ignore[misc]


@pytest.mark.parametrize("args", [("gossip", 0, 1, 0.5), ("health", 5, 5, 0.5), ("health", 0, 1, 0.0)])
def test_finding_rejects_nonsense(args: tuple) -> None:
    with pytest.raises(ValueError):
        Finding(*args)


def test_detect_sorts_by_start() -> None:
    text = f"Jeg har diabetes, fnr {TENOR}, og jeg er medlem av fagforeningen."
    found = detect(text)
    assert [f.category for f in found] == ["health", "national_id", "union"]
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(0 < f.confidence <= 1 for f in found)


def test_detect_empty_and_bad_language() -> None:
    assert detect("") == []
    assert detect("Hei, jeg vil ha innsyn.") == []
    with pytest.raises(ValueError):
        detect("hei", "sv")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Fnr [fødselsnummer fjernet], og jeg har [helseopplysning fjernet]."),
        ("nn", "Fnr [fødselsnummer fjerna], og jeg har [helseopplysning fjerna]."),
        ("en", "Fnr [national ID number removed], og jeg har [health information removed]."),
        (None, "Fnr [fødselsnummer fjernet], og jeg har [helseopplysning fjernet]."),
    ],
)
def test_mask_placeholders(language: str | None, expected: str) -> None:
    text = f"Fnr {TENOR}, og jeg har diabetes."
    assert mask(text, detect(text), language) == expected


def test_mask_merges_overlapping_findings_and_keeps_the_rest() -> None:
    text = "abc defgh ijk"
    findings = [Finding("health", 4, 9, 0.7), Finding("genetic", 6, 12, 0.9)]
    assert mask(text, findings, "en") == "abc [genetic data removed]k"
    assert mask(text, [], "nb") == text


def test_mask_rejects_findings_outside_the_text() -> None:
    with pytest.raises(ValueError):
        mask("kort", [Finding("health", 0, 10, 0.9)], "nb")


def test_detect_logs_nothing_of_the_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text = f"Fnr {TENOR}. Jeg har hatt depresjon og brystkreft."
    detect(text)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert TENOR not in logged and "depresjon" not in logged and "brystkreft" not in logged
