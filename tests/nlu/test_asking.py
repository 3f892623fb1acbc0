"""``bot.nlu.asking``: which clauses decline, thank for, refer to or put off a right, and which ask."""

from __future__ import annotations

import pytest

from bot.nlu.asking import asked_part, not_asking, split_asked


@pytest.mark.parametrize(
    ("clause", "reason"),
    [
        ("Jeg ber ikke om innsyn eller andre endringer.", "declined"),
        ("Foreløpig ber vi ikke om noe", "declined"),
        ("Eg krev ikkje retting no.", "declined"),
        ("så jeg har ikke behov for retting etter artikkel 16", "declined"),
        ("Eg treng ikkje kopi av opplysningane.", "declined"),
        ("I do not need a copy of the data before it is deleted.", "declined"),
        ("and I am not exercising them now.", "declined"),
        ("This letter is not a formal request.", "declined"),
        ("dette brevet er ikke et krav", "declined"),
        ("Takk for at dere slettet kontoen min så raskt.", "thanked"),
        ("Tusen takk for svaret.", "thanked"),
        ("Thank you very much for your quick reply.", "thanked"),
        ("Eg vil gjerne takke for god hjelp.", "thanked"),
        ("Jeg viser til mitt krav om innsyn av 3. mars", "referred"),
        ("I refer to my request under Article 15 of 12 January", "referred"),
        ("Eg bad om sletting i januar", "referred"),
        ("der de stadfesta at kontoen min er sletta", "done"),
        ("You have already deleted the old address.", "done"),
        ("I may later ask for rectification.", "deferred"),
        ("Vi kommer sannsynligvis til å sende et krav om innsyn senere i høst.", "deferred"),
        ("Eg kjem tilbake og ber om sletting når saka er ferdig.", "deferred"),
        ("I reserve the right to request erasure.", "deferred"),
        ("Jeg vurderer å kreve sletting.", "deferred"),
        ("Just letting you know I might ask for my data at some point", "deferred"),
        ("no action needed now.", "declined"),
        ("Not requesting anything yet", "declined"),
        ("I am aware that under the GDPR I have a number of rights", "stated"),
        ("Jeg har også rett til sletting etter artikkel 17", "stated"),
        ("Tusen takk, da var alt i orden med slettingen.", "done"),
        ("Har de fått e-posten min frå måndag om innsyn?", "referred"),
    ],
)
def test_clauses_that_ask_nothing_say_why(clause: str, reason: str) -> None:
    assert not_asking(clause) == reason


@pytest.mark.parametrize(
    "clause",
    [
        "Please delete my account.",
        "Kan dere sende meg en kopi av det dere har om meg?",
        "Slett alt om meg",
        "Jeg trenger en kopi av dataene.",
        # Wanting and needing *not* to get something is an ask (withdrawal, erasure), not a refusal.
        "Jeg ønsker ikke å motta reklame fra dere.",
        "I do not want you to keep my data.",
        "Jeg trenger ikke nyhetsbrevet lenger.",
        "I don't need your newsletters anymore.",
        "Jeg har ikke lenger behov for kontoen.",
        "There is no need to keep my data.",
        # Thanks in advance are a polite ask.
        "Takk på forhånd for rask sletting.",
        "Thanks in advance for deleting my data.",
        # Not done yet: a follow-up that may repeat the ask.
        "Kontoen min er ikke slettet ennå",
        "You have still not corrected my name",
        # A condition is not a thing done.
        "Frys profilen min til det er rettet.",
        "Keep it but do not use it until it has been corrected.",
    ],
)
def test_clauses_that_ask_are_kept(clause: str) -> None:
    assert not_asking(clause) is None


def test_a_message_with_nothing_to_drop_is_returned_as_it_is() -> None:
    text = "Hei!\nKan dere slette kontoen min, og sende meg en bekreftelse?"
    assert asked_part(text) is text


def test_a_thanks_drops_its_own_clause_only() -> None:
    assert asked_part("takk for kopien, nå kan dere slette alt") == "nå kan dere slette alt"
    assert asked_part("Takk for at dere slettet kontoen min. Kan dere også sende meg en kopi?") == (
        "Kan dere også sende meg en kopi?"
    )


def test_a_refusal_drops_its_part_of_the_sentence_up_to_a_contrast() -> None:
    assert asked_part("Slett kontoen, men jeg trenger ikke kopi.") == "Slett kontoen"
    assert asked_part("Jeg ber ikke om sletting nå, bare at dere melder meg av nyhetsbrevet.") == (
        "bare at dere melder meg av nyhetsbrevet."
    )
    # The rights listed before "and I am not exercising them" go with it: the refusal covers them.
    assert asked_part(
        "My rights to rectification, erasure and objection remain as they are, and I am not exercising them now.\n"
        "Please send the letters to my sister."
    ) == "Please send the letters to my sister."


def test_a_reference_drops_its_own_clause_only() -> None:
    """A follow-up may repeat the ask in the same sentence: only the reference goes."""
    assert split_asked("I refer to my request of 2 May, please send the copy now.") == ("please send the copy now.", ("referred",))
    assert split_asked("Jeg viser til kravet mitt om innsyn, og ber dere svare nå.") == ("og ber dere svare nå.", ("referred",))


def test_the_reasons_are_given_in_order_and_none_for_a_plain_ask() -> None:
    assert split_asked("Takk for svaret. Jeg ber ikke om retting. Slett kontoen.") == (
        "Slett kontoen.", ("thanked", "declined")
    )
    assert split_asked("Slett kontoen.") == ("Slett kontoen.", ())


def test_a_message_that_only_thanks_has_nothing_left() -> None:
    assert asked_part("Tusen takk for at dere slettet kontoen min!") == ""
