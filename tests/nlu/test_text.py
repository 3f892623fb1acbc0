"""Sentence segmentation feeds sentence-level multi-request detection."""

from bot.nlu.text import normalise, segments


def test_splits_sentences_lines_and_then_joins() -> None:
    parts = segments("Hei!\n\nSend me a copy and then delete everything. Takk.\nHilsen Kari Nordmann")
    assert parts == ["Send me a copy", "delete everything.", "Hilsen Kari Nordmann"]


def test_norwegian_joins() -> None:
    assert segments("Jeg vil ha innsyn og deretter slett alt om meg") == ["Jeg vil ha innsyn", "slett alt om meg"]


def test_normalise_collapses_whitespace_and_caps_length() -> None:
    assert normalise("a \t b\r\n\r\n\u00a0c") == "a b\nc"
    assert len(normalise("x" * 10_000)) == 4000
