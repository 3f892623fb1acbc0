"""Looking sections up, the errors callers can rely on, quoting and the parser's strictness."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.statement import (
    LANGUAGES,
    SECTION_IDS,
    Section,
    StatementError,
    UnknownLanguage,
    UnknownSection,
    section,
    sections,
)
from bot.statement.errors import StatementDataError
from bot.statement.parser import parse_statement


def test_section_defaults_to_bokmal() -> None:
    found = section("ansvar")
    assert (found.id, found.language, found.title) == ("ansvar", "nb", "Ansvar")
    assert found.text.startswith("Cantec er personopplysningsansvarlig")


@pytest.mark.parametrize("language", LANGUAGES)
def test_section_by_id_and_language_matches_the_list(language: str) -> None:
    listed = sections(language)
    assert [section(section_id, language) for section_id in SECTION_IDS] == listed


def test_title_section_holds_the_two_opening_paragraphs() -> None:
    opening = section("personvernerklaering")
    assert opening.title == "Personvernerklæring"
    assert len(opening.paragraphs) == 2
    assert opening.markdown.startswith("# Personvernerklæring\n\n")
    assert section("nettstatistikk").markdown.startswith("## Nettstatistikk\n\n")


def test_contact_lines_stay_separate_lines() -> None:
    assert section("kontakt-oss").text.splitlines() == [
        "E-post: personvern@cantec.no",
        "Telefon: +47 66 99 60 00",
        "Postadresse: Postboks 626, 1411 Kolbotn",
    ]
    assert section("kontakt-oss", "en").markdown.endswith(
        "Email: personvern@cantec.no\\\nPhone: +47 66 99 60 00\\\nPostal address: Postboks 626, 1411 Kolbotn"
    )


def test_sections_are_parsed_once_and_immutable() -> None:
    assert section("ansvar", "en") is section("ansvar", "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        section("ansvar").text = "changed"  # type: ignore[misc]


def test_sections_returns_a_fresh_list() -> None:
    first = sections("nn")
    first.clear()
    assert len(sections("nn")) == len(SECTION_IDS)


@pytest.mark.parametrize("bad_id", ["cookies", "", "Ansvar", None])
def test_unknown_section_is_a_clear_error(bad_id: str) -> None:
    with pytest.raises(UnknownSection) as raised:
        section(bad_id)
    message = str(raised.value)
    assert repr(bad_id) in message and "kontakt-oss" in message
    assert isinstance(raised.value, StatementError) and isinstance(raised.value, LookupError)


@pytest.mark.parametrize("bad_language", ["no", "de", "NB", "nb-NO", ""])
def test_unknown_language_is_a_clear_error(bad_language: str) -> None:
    with pytest.raises(UnknownLanguage, match=re.escape(repr(bad_language))) as raised:
        section("ansvar", bad_language)
    assert "nb, nn, en" in str(raised.value)
    assert isinstance(raised.value, StatementError)
    with pytest.raises(UnknownLanguage):
        sections(bad_language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_quote_is_a_wrapped_quotation_of_the_text(language: str) -> None:
    for item in sections(language):
        quoted = item.quote()
        lines = quoted.splitlines()
        assert all(line == ">" or line.startswith("> ") for line in lines)
        assert all(len(line) <= 72 for line in lines), item.id
        paragraphs = "\n".join(line[2:] for line in lines).split("\n\n")
        assert [" ".join(p.split()) for p in paragraphs] == [" ".join(p.split()) for p in item.paragraphs]


def test_quote_keeps_references_and_numbers_on_one_line() -> None:
    assert "> Telefon: +47 66 99 60 00" in section("kontakt-oss").quote().splitlines()
    for item, width in itertools.product(sections("nb"), range(20, 80)):
        for line in item.quote(width=width).splitlines():
            assert not line.endswith("§"), line
            assert "+47" not in line or "+47 66 99 60 00" in line, line


def test_quote_without_width_keeps_paragraph_lines_whole() -> None:
    item = section("rettigheter")
    assert item.quote(width=None) == f"> {item.text}"


words = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P")), min_size=1, max_size=20)
paragraph_texts = st.lists(st.lists(words, min_size=1, max_size=30).map(" ".join), min_size=1, max_size=4)


@given(paragraph_texts, st.integers(min_value=10, max_value=100))
def test_quote_round_trips_any_text(paragraph_list: list[str], width: int) -> None:
    item = Section(id="x", language="nb", title="X", text="\n\n".join(paragraph_list), markdown="")
    lines = item.quote(width=width).splitlines()
    unquoted = "\n".join(line[2:] for line in lines).split("\n\n")
    assert [" ".join(p.split()) for p in unquoted] == paragraph_list


def test_parser_joins_soft_breaks_and_keeps_hard_breaks() -> None:
    parsed = parse_statement("# T {#t}\n\none\ntwo\n\nthree\\\nfour  \nfive\n")
    assert parsed[0].paragraphs == ("one two", "three\nfour\nfive")


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ("## Tittel\n\ntekst\n", "without an id marker"),
        ("tekst\n\n## Tittel {#a}\n\ntekst\n", "before the first heading"),
        ("## A {#a}\n\ntekst\n\n## B {#a}\n\ntekst\n", "duplicate section id 'a'"),
        ("## A {#a}\n\n## B {#b}\n\ntekst\n", "section 'a' has no text"),
        ("", "no sections"),
    ],
)
def test_parser_rejects_malformed_files(markdown: str, problem: str) -> None:
    with pytest.raises(StatementDataError, match=problem):
        parse_statement(markdown, "test.md")
