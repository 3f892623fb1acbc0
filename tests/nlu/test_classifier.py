"""The classifier with the real trained model: request types, sections, languages."""

from __future__ import annotations

import pytest

from bot.nlu.intents import ALL_RIGHTS

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "requests"),
    [
        ("Jeg ber om innsyn i alle personopplysninger dere har om meg.", ["access"]),
        ("Please delete all personal data you hold about me.", ["erasure"]),
        ("Eg trekkjer tilbake samtykket mitt til nyheitsbrevet.", ["withdraw_consent"]),
        ("Adressen min hos dere er feil, vennligst rett den.", ["rectification"]),
        ("Send me a copy of my data. Then delete everything you have about me.", ["access", "erasure"]),
    ],
)
def test_request_types(classifier, text: str, requests: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = classifier.classify(text)
    assert result.requests == requests
    assert result.section in {"rettigheter", "dine-personvernrettigheter"}


def test_question_about_a_right_is_not_a_request(classifier) -> None:  # type: ignore[no-untyped-def]
    result = classifier.classify("Hvordan trekker jeg tilbake samtykke?")
    assert result.requests == []
    assert result.intent.startswith("ask_")
    assert result.section == "dine-personvernrettigheter"


def test_cookie_question_gets_its_section(classifier) -> None:  # type: ignore[no-untyped-def]
    result = classifier.classify("What are cookies and do you use them on cantec.no?")
    assert result.requests == []
    assert result.section == "informasjonskapsler"
    assert result.language == "en"


def test_order_deletion_is_out_of_scope(classifier) -> None:  # type: ignore[no-untyped-def]
    result = classifier.classify("Kan dere slette ordren min? Jeg bestilte feil vare.")
    assert result.requests == []
    assert result.section is None


def test_batch_equals_one_by_one(classifier) -> None:  # type: ignore[no-untyped-def]
    texts = ["hei", "slett meg", "kva er informasjonskapslar?"]
    assert classifier.classify_many(texts) == [classifier.classify(t) for t in texts]


def test_sensitive_spans_are_reported(classifier) -> None:  # type: ignore[no-untyped-def]
    from tests.sensitive.synthetic import first_identity_number

    number = first_identity_number(12, 3, 85, tenor=True)  # Tenor test number, no real person
    text = f"Jeg vil ha innsyn. Fødselsnummeret mitt er {number}."
    result = classifier.classify(text)
    assert [s.category for s in result.sensitive] == ["national_id"]
    span = result.sensitive[0]
    assert text[span.start : span.end].replace(" ", "") == number


def test_message_text_never_reaches_logs(classifier, caplog, capsys) -> None:  # type: ignore[no-untyped-def]
    import logging

    marker = "Zyxwvu-Kvitfjell"
    with caplog.at_level(logging.DEBUG):
        classifier.classify(f"Jeg heter {marker} og vil ha innsyn i dataene mine.")
    captured = capsys.readouterr()
    assert marker not in caplog.text
    assert marker not in captured.out and marker not in captured.err


ACCESS_LETTER = """Subject: Subject access request

Dear data protection officer,

My name is Kari Testesen, customer number 4471 (date of birth 01.01.1970). I ask you to send me a copy
of all personal data you hold about me, as article 15 of the GDPR entitles me to. Your answer must state
the purposes of the processing, the categories of data, the recipients and how long the data are kept.
Article 16 and article 17 also give me the right to have data corrected or erased; I will consider those
rights once I have seen your answer. Please reply within one month, as article 12 requires.
If I receive no answer, I reserve the right to lodge a complaint with Datatilsynet.

Yours faithfully,
Kari Testesen"""


def test_a_letter_is_read_for_what_it_asks_not_for_every_right_it_cites(classifier) -> None:  # type: ignore[no-untyped-def]
    found, parse = classifier.classify_parsed(ACCESS_LETTER, scan=False)
    assert parse.message_ranking  # a letter is read by the whole-message classifier
    own = dict(parse.message_rights)  # ...and checked by the per-right models, stored and loaded with it
    assert sorted(own) == sorted(ALL_RIGHTS) and own["access"] > 0.5 > max(own["rectification"], own["erasure"])
    assert found.requests == ["access"] and found.other_rights == []
    short = classifier.classify("Kan dere slette kontoen min?", scan=False)
    assert short.requests == ["erasure"] and short.other_rights == []  # a short message: by the rules


@pytest.mark.parametrize(
    "text",
    [
        "Takk for at dere slettet kontoen min så raskt. Kan dere også sende meg en kopi av det dere har om meg?",
        "Takk for at de sletta kontoen min. Kan de sende meg ein kopi av det de har om meg?",
        "Thanks for deleting my account so quickly. Could you also send me a copy of what you still hold about me?",
    ],
)
def test_a_right_thanked_for_is_not_asked_again_when_the_scope_reaches_short_messages(  # type: ignore[no-untyped-def]
    nlu_model, text: str
) -> None:
    """With ``asked_scope = "all"`` the per-right models read the message without its thanks
    (``bot.nlu.asking``); without it these are access + erasure, a promise to delete an account
    already deleted (docs/nlu.md, "Session 12", says why the product does not use it yet)."""
    from dataclasses import replace

    from bot.config import NluSettings
    from bot.nlu.classifier import Classifier, Thresholds

    defaults = Thresholds.from_settings(NluSettings())
    scoped = Classifier(nlu_model, thresholds=replace(defaults, asked_scope="all"), scan_sensitive=False).classify(text)
    assert scoped.requests == ["access"] and scoped.other_rights == []
    plain = Classifier(nlu_model, thresholds=replace(defaults, asked_scope="off"), scan_sensitive=False).classify(text)
    assert plain.requests == ["access", "erasure"]


@pytest.mark.parametrize(
    ("text", "rights"),
    [
        # Without bot.nlu.formats (format_rights) these two were portability alone and access alone.
        ("I want my order history exported as JSON.", ["access", "portability"]),
        ("Could you e-mail me everything you hold on me as a spreadsheet?", ["access", "portability"]),
        ("Please send my data as JSON directly to Nordlys Varme AS.", ["portability"]),
    ],
)
def test_a_machine_readable_copy_is_access_and_portability(classifier, text: str, rights: list[str]) -> None:  # type: ignore[no-untyped-def]
    found = classifier.classify(text, scan=False)
    assert found.requests + found.other_rights == rights
