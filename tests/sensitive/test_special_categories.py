"""Special categories: inflection, Nynorsk, compounds, context, idioms and look-alikes."""

from __future__ import annotations

import pytest

from bot.sensitive import detect
from bot.sensitive.pipelines import CHUNK_CHARS

from .conftest import load_dev_examples


def categories(text: str, language: str | None = None) -> set[str]:
    return {f.category for f in detect(text, language)}


@pytest.mark.parametrize("example", load_dev_examples(), ids=lambda e: e["text"][:40])
def test_dev_examples(example: dict) -> None:
    """Our own development sentences (tests/sensitive/dev_examples.jsonl), exact category sets."""
    assert categories(example["text"], example["language"]) == set(example["categories"])


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Depresjonen kom tilbake i vinter.", "health"),
        ("Depresjonene mine har vart lenge.", "health"),
        ("Diagnosen er klar.", "health"),
        ("Diagnosane kom i fjor.", "health"),
        ("Fagforeningen har fått beskjed.", "union"),
        ("Fagforeininga har fått beskjed.", "union"),
        ("Fagforeningskontingenten trekkes fra lønna.", "union"),
        ("Hun fikk lungekreft i fjor.", "health"),
        ("Kreftbehandlingen er ferdig.", "health"),
        ("Han er HIV-positiv.", "health"),
        ("Resultatet viste BRCA2-mutasjon.", "genetic"),
        ("Straffedommen ble omtalt i avisen.", "criminal"),
        ("Eg er innvandrar frå Eritrea.", None),
    ],
)
def test_inflections_and_compounds(text: str, category: str | None) -> None:
    found = categories(text)
    if category is None:
        assert "ethnicity" not in found  # nationality alone is not ethnic origin
    else:
        assert category in found


@pytest.mark.parametrize(
    "text",
    [
        "Jeg er syk og lei av reklamen.",
        "Eg er sjuk og lei av reklamen.",
        "I'm sick and tired of the spam.",
        "Jeg jobber på sykehuset, send posten hjem.",
        "I'm a nurse, so please send letters to my home address, not the hospital.",
        "Menigheten bestilte stoler hos dere.",
        "We are at 12 Church Street.",
        "Vi holder til i Kirkegata 5.",
        "Planen var dømt til å mislykkes.",
        "Service ligger i selskapets DNA.",
        "Det ligger i genene våre å svare raskt.",
        "Ta til høyre etter butikken, jeg venter der.",
        "Jeg lo da jeg leste svaret deres.",
        "Jeg står parat til å svare.",
        "Kontoen er forbundet med e-posten min.",
        "Do you sell my data to third parties?",
        "Which health data do you process about me?",
        "Lagrer dere opplysninger om religion eller politisk ståsted?",
        "Jeg er kunde hos Nordvik Helse AS.",
        "Your browser fingerprinting is creepy.",
        "The European Union gives me rights.",
        "Behandlingen av personopplysningene mine er ulovlig.",
        "Eg trur de har feil adresse.",
        "Streiken i Posten forsinket pakken min.",
        "Min dom over nettsiden: treg.",
        "Sonen min fekk ikkje pakken.",
        "My account was disabled.",
    ],
)
def test_idioms_and_look_alikes_do_not_fire(text: str) -> None:
    assert categories(text) == set()


def test_weak_terms_need_a_person() -> None:
    assert categories("Sykehuset har nye besøkstider.") == set()
    assert categories("Jeg ligger på sykehuset nå.") == {"health"}
    assert categories("Psykologen min sa jeg burde skrive til dere.") == {"health"}
    assert categories("Dere burde ha en psykolog på kundeservice.") == set()


def test_category_names_in_questions_need_a_person() -> None:
    assert categories("Hvordan behandler dere opplysninger om seksuell legning?") == set()
    assert categories("Min seksuelle legning står i profilen.") == {"sexual_orientation"}


def test_language_hint_limits_the_word_lists() -> None:
    text = "I was diagnosed with cancer."
    assert categories(text, "en") == {"health"}
    assert categories(text, "nb") == set()
    assert categories(text) == {"health"}


def test_findings_point_at_the_words() -> None:
    text = "Hei. Jeg har diabetes og er medlem av Fellesforbundet."
    spans = [(f.category, text[f.start : f.end]) for f in detect(text, "nb")]
    assert ("health", "diabetes") in spans
    assert any(category == "union" and "Fellesforbundet" in word for category, word in spans)


def test_long_text_is_chunked_without_losing_or_shifting_findings() -> None:
    filler = "Dette er en helt vanlig setning om ingenting. "
    head = filler * (CHUNK_CHARS // len(filler))
    text = head + "Jeg har diabetes. " + filler * 50 + "Jeg er homofil."
    found = detect(text, "nb")
    assert [(f.category, text[f.start : f.end]) for f in found] == [
        ("health", "diabetes"),
        ("sexual_orientation", "homofil"),
    ]


def test_screening_long_texts_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long texts skip sentences without list words; that must not change any finding."""
    from bot.sensitive import pipelines

    examples = [e["text"] for e in load_dev_examples()]
    filler = "Ingen ting å melde her i dag, bare vanlig prat om været og ferien."
    lines = [line for text in examples for line in (text, filler, filler)]
    text = "\n".join(lines * 2)
    assert len(text) > pipelines.SCREEN_ABOVE
    screened = detect(text)
    monkeypatch.setattr(pipelines, "SCREEN_ABOVE", 10**9)
    assert detect(text) == screened
    assert len(screened) > 50
