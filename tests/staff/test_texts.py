"""Every language of the staff pages says the same things: same keys, same nested keys, same placeholders."""

from __future__ import annotations

import string
from typing import Any

import pytest

from staff.texts import DEFAULT_LANGUAGE, EN, NB, TEXTS, texts_for


def _placeholders(value: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}


def _shape(texts: dict[str, Any], prefix: str = "") -> dict[str, set[str] | None]:
    """``dotted key -> its {placeholders}`` for strings, ``None`` for the dicts themselves."""
    shape: dict[str, set[str] | None] = {}
    for key, value in texts.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            shape[dotted] = None
            shape.update(_shape(value, f"{dotted}."))
        else:
            assert isinstance(value, str) and value.strip(), dotted
            shape[dotted] = _placeholders(value)
    return shape


def test_english_and_bokmal_are_both_offered() -> None:
    assert set(TEXTS) == {"nb", "en"} and TEXTS["nb"] is NB and TEXTS["en"] is EN


@pytest.mark.parametrize("language", sorted(set(TEXTS) - {DEFAULT_LANGUAGE}))
def test_every_language_has_the_same_keys_nesting_and_placeholders(language: str) -> None:
    reference, other = _shape(NB), _shape(TEXTS[language])
    assert sorted(set(reference) - set(other)) == [], f"missing in {language}"
    assert sorted(set(other) - set(reference)) == [], f"only in {language}"
    differing = {key: (reference[key], other[key]) for key in reference if reference[key] != other[key]}
    assert differing == {}, f"placeholders differ in {language}"


def test_english_is_not_a_copy_of_bokmal() -> None:
    same = [key for key, value in NB.items() if isinstance(value, str) and EN[key] == value]
    assert len(same) <= len(NB) // 10, same  # a few words (Chat, Status...) are the same in both


def test_texts_for_falls_back_to_bokmal() -> None:
    assert texts_for("en") == ("en", EN)
    assert texts_for("nb") == ("nb", NB)
    assert texts_for(None) == ("nb", NB)
    assert texts_for("sv") == ("nb", NB)


def test_every_audit_action_in_the_code_has_a_label() -> None:
    """A new audit event must not show up as a raw code on the timeline and the audit log."""
    import re

    from bot.config import PROJECT_ROOT

    pattern = re.compile(r'(?:\.audit\([^"]{0,200}?|record_event\([^,"]+,\s*|_ACTION\s*=\s*|_FAILED\s*=\s*)"([a-z_]+)"', re.S)
    found: set[str] = set()
    for package in ("bot", "intake", "staff", "chat", "actions", "personvern"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert {"unmasked_viewed", "staff_added", "automatic_reply_withheld"} <= found  # the scan finds them
    for language, texts in TEXTS.items():
        assert sorted(found - set(texts["action"])) == [], language
