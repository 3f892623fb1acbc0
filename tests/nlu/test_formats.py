"""``bot.nlu.formats``: a machine-readable copy is access + portability; data for another company is portability."""

from __future__ import annotations

import pytest

from bot.nlu.formats import names_format, names_recipient, with_format
from bot.nlu.reading import Reading


def reading(*rights: str) -> Reading:
    from bot.nlu import intents

    return Reading(rights, intents.intent_for_rights(rights) if rights else "out_of_scope", 0.8, doubt=False)


@pytest.mark.parametrize(
    ("rights", "text", "expected"),
    [
        (("access",), "Kan dere sende meg alt dere har om meg som CSV?", ("access", "portability")),
        (("portability",), "I want my data exported as JSON so I can move to another shop.", ("access", "portability")),
        (("access",), "Eg vil ha ein kopi i eit maskinlesbart format.", ("access", "portability")),
        (("access", "erasure"), "Send me a copy as a spreadsheet, then delete my account.", ("access", "erasure", "portability")),
        # Data for another company is portability alone.
        (("portability",), "Send my data as JSON directly to Nordlys Varme AS.", ("portability",)),
        (("portability",), "Overfør dataene mine i CSV-format til den nye leverandøren.", ("portability",)),
        # No format named, or the format declined: nothing added.
        (("access",), "Send me a copy of my data by e-mail.", ("access",)),
        (("access", "erasure"), "Send meg en kopi og slett resten. Jeg trenger ikke opplysningene i maskinlesbart format.",
         ("access", "erasure")),
        # Neither right read: a question about formats asks for nothing.
        ((), "Which formats, CSV or JSON, do you deliver data in?", ()),
    ],
)
def test_a_machine_readable_copy_is_access_and_portability(rights: tuple[str, ...], text: str,
                                                             expected: tuple[str, ...]) -> None:
    assert with_format(reading(*rights), text).rights == expected


def test_the_intent_follows_the_rights() -> None:
    found = with_format(reading("access"), "as a CSV file please")
    assert found.intent == "request_access+request_portability" and found.confidence == 0.8


def test_formats_and_recipients() -> None:
    assert names_format("helst JSON") and names_format("machine-readable") and not names_format("a PDF by e-mail")
    assert names_recipient("send it directly to my new bank") and names_recipient("send dataene til Fjellsikring AS")
    assert not names_recipient("send it to me as a CSV file")
