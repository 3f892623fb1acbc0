"""The statement files say what Cantec's statement says, in all three languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.statement import LANGUAGES, SECTION_IDS, sections

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SEED = REPO_ROOT.parent / "shared" / "seed" / "personvernerklaering.txt"
SEED_COPY = Path(__file__).with_name("seed_personvernerklaering.txt")
SEED = SHARED_SEED if SHARED_SEED.exists() else SEED_COPY

# Lines of the published file that are export artefacts, not statement text.
ARTEFACTS = {"Valgte hjelpemidler 0", "alt"}


def _normalise(line: str) -> str:
    return " ".join(line.split())


def seed_lines() -> list[str]:
    """The seed's non-empty lines (headings and paragraph lines) minus artefacts.

    ``str.split`` treats the stray non-breaking spaces as whitespace, so the
    lines holding only those drop out with the blank ones.
    """
    lines = (_normalise(line) for line in SEED.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and line not in ARTEFACTS]


def statement_lines(language: str) -> list[str]:
    """Each section's title followed by its text's lines, in document order."""
    lines: list[str] = []
    for item in sections(language):
        lines.append(item.title)
        lines.extend(_normalise(line) for line in item.text.splitlines() if line.strip())
    return lines


def test_bokmal_is_the_seed_word_for_word() -> None:
    assert statement_lines("nb") == seed_lines()


def test_bokmal_keeps_the_published_typos() -> None:
    text = "\n".join(item.text for item in sections("nb"))
    assert "sammtykket" in text
    assert "leverings-/ fakturaadresse" in text


def test_seed_copy_matches_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("no ../shared/seed in this checkout; the copy is the reference")
    assert SEED_COPY.read_bytes() == SHARED_SEED.read_bytes()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_same_ids_in_order(language: str) -> None:
    assert tuple(item.id for item in sections(language)) == SECTION_IDS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_has_a_title_and_text(language: str) -> None:
    for item in sections(language):
        assert item.language == language
        assert item.title.strip(), item.id
        assert item.text.strip(), item.id
        assert "{#" not in item.text and "{#" not in item.markdown


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_have_as_many_paragraphs_as_the_original(language: str) -> None:
    original = {item.id: len(item.paragraphs) for item in sections("nb")}
    assert {item.id: len(item.paragraphs) for item in sections(language)} == original


# Facts a reply may rely on, and where each language states them.
KEY_FACTS: dict[str, dict[str, list[str]]] = {
    "nb": {
        "rettigheter": ["14 dager", "personopplysningslovens § 18"],
        "dine-personvernrettigheter": ["§ 18"],
        "informasjonskapsler": ["ekomloven § 2-7b"],
        "nettstatistikk": ["Google Analytics", "cantec.no"],
        "e-post-og-telefon": ["Sensitive personopplysninger skal ikke sendes med e-post."],
        "kontakt-oss": ["personvern@cantec.no", "+47 66 99 60 00", "Postboks 626, 1411 Kolbotn"],
    },
    "nn": {
        "rettigheter": ["14 dagar", "personopplysningslova § 18"],
        "dine-personvernrettigheter": ["§ 18"],
        "informasjonskapsler": ["ekomlova § 2-7b"],
        "nettstatistikk": ["Google Analytics", "cantec.no"],
        "e-post-og-telefon": ["Sensitive personopplysningar skal ikkje sendast med e-post."],
        "kontakt-oss": ["personvern@cantec.no", "+47 66 99 60 00", "Postboks 626, 1411 Kolbotn"],
    },
    "en": {
        "rettigheter": ["14 days", "personopplysningsloven § 18"],
        "dine-personvernrettigheter": ["§ 18"],
        "informasjonskapsler": ["ekomloven § 2-7b"],
        "nettstatistikk": ["Google Analytics", "cantec.no"],
        "e-post-og-telefon": ["Sensitive personal data must not be sent by email."],
        "kontakt-oss": ["personvern@cantec.no", "+47 66 99 60 00", "Postboks 626, 1411 Kolbotn"],
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_facts_survive_translation(language: str) -> None:
    by_id = {item.id: item.text for item in sections(language)}
    for section_id, facts in KEY_FACTS[language].items():
        for fact in facts:
            assert fact in by_id[section_id], f"{language}/{section_id} lacks {fact!r}"


# Forms that are Bokmål only; none may appear in the Nynorsk text.
BOKMAL_ONLY = {
    "ikke",
    "hva",
    "hvordan",
    "hvem",
    "hvor",
    "hvilke",
    "fra",
    "de",
    "en",
    "et",
    "mulig",
    "opplysninger",
    "personopplysninger",
    "rettigheter",
    "lovgivning",
    "senest",
    "innen",
}
NYNORSK_MARKERS = {"ikkje", "kva", "korleis", "frå", "opplysningar", "personopplysningar", "mogleg"}


def test_nynorsk_is_nynorsk() -> None:
    words = {
        word.lower() for item in sections("nn") for word in re.findall(r"\w+", f"{item.title} {item.text}")
    }
    assert not words & BOKMAL_ONLY
    assert words >= NYNORSK_MARKERS
    assert sections("nn")[0].title == "Personvernerklæring"
