"""Language detection: nb, nn and en, including short and mixed messages."""

import pytest

from bot.nlu.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeg vil ha innsyn i opplysningene dere har om meg.", "nb"),
        ("Eg vil ha innsyn i opplysningane de har om meg.", "nn"),
        ("Kva opplysningar har de lagra om meg?", "nn"),
        ("Hvordan trekker jeg tilbake samtykket mitt?", "nb"),
        ("Korleis trekkjer eg tilbake samtykket?", "nn"),
        ("Please delete my data", "en"),
        ("delete me", "en"),
        ("Who is the data controller?", "en"),
        ("oppdater e-postadressa mi", "nn"),
        ("Kan dere slette kontoen min?", "nb"),
    ],
)
def test_detects_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_text_without_words_gets_the_default() -> None:
    assert detect_language("12345 !!!") == "nb"
    assert detect_language("", default="en") == "en"
