""""I want a person" and the status of a case by reference, in nb, nn and en: real model, rules, actions."""

from __future__ import annotations

import pytest

from bot.cases import Actor, ActorKind, CaseService, CaseStatus, Channel, Direction, RequestType
from bot.dialogue.understanding import special_reading
from tests.chat.conftest import ChatSite, RecordingMailer, Talk

pytestmark = pytest.mark.model

HANDOFF = {
    "nb": ("Kan jeg få snakke med et menneske?", "saksbehandler hos Cantec", "registrert som"),
    "nn": ("Eg vil snakka med eit menneske.", "sakshandsamar hos Cantec", "registrert som"),
    "en": ("I want to talk to a real person.", "handler at Cantec", "registered as"),
}


@pytest.mark.parametrize(
    ("text", "handoff"),
    [
        ("Jeg vil snakke med en saksbehandler", True),
        ("Eg vil snakka med ein sakshandsamar", True),
        ("Can I speak to a human, please?", True),
        ("I want a person", True),
        ("menneske takk", True),
        # a person reviewing an automated decision is a right (art. 22), not a handoff
        ("I want a person to review the automated decision about me", False),
        ("Jeg vil ha et menneske til å vurdere avgjørelsen", False),
        ("Jeg vil ha innsyn i opplysningene mine", False),
    ],
)
def test_asking_for_a_person_is_read_by_patterns(text: str, handoff: bool) -> None:
    assert bool(special_reading(text).get("handoff")) is handoff


def test_a_reference_is_found_and_normalised() -> None:
    assert special_reading("hva er status på pv-2026-0042?") == {"reference": "PV-2026-0042", "status": True}
    assert special_reading("Hva er status på saken min?") == {"status": True}
    assert special_reading("Hva er personvernerklæringen?") == {}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
async def test_asking_for_a_person_opens_a_case_for_staff_with_the_transcript(
    talk: Talk, mailer: RecordingMailer, case_service: CaseService, language: str
) -> None:
    talk.language = language
    text, handler, opened = HANDOFF[language]
    await talk.say("Hei!" if language != "en" else "Hello")
    reply = await talk.say(text)
    assert handler in reply[0].text and "@" not in reply[0].text
    await talk.say("per@example.no")
    reply_text = await talk.texts("Per Hansen")
    assert opened in reply_text
    reference = talk.slots["case_reference"]
    assert reference in reply_text
    case = await case_service.get_case(reference, with_messages=False)
    assert case.channel is Channel.CHAT and case.request_types == {RequestType.OTHER}
    assert not case.identity_verified and case.review_reason == "handoff"
    assert case.requester_email == "per@example.no" and case.language == language
    assert not [letter for letter, _ in mailer.letters if letter.kind.value == "chat_code"]  # no code for a handoff
    receipt = mailer.letters[-1][0]
    assert receipt.kind.value == "chat_receipt" and receipt.case_reference == reference


async def test_the_fallback_offers_a_handler_by_button(talk: Talk) -> None:
    await talk.say("qwx zzkv plorb")
    second = await talk.say("xyzzy plugh")
    assert [b.payload for b in second[0].buttons] == ["/human_handoff"]
    assert "e-postadresse" in (await talk.texts("/human_handoff"))


async def _open_verified_case(talk: Talk, mailer: RecordingMailer, email: str) -> str:
    texts = {"nb": "Jeg vil ha innsyn i opplysningene mine.", "nn": "Eg vil ha innsyn i opplysningane mine.",
             "en": "I want access to my personal data."}
    await talk.say(texts[talk.language])
    await talk.say("/affirm")
    await talk.say(email)
    await talk.say("Kari Nordmann")
    await talk.say(mailer.last_code())
    return str(talk.slots["case_reference"])


STATUS = {
    "nb": ("Hva er status på sak {ref}?", "Hvilken e-postadresse brukte du", "under behandling"),
    "nn": ("Kva er status for sak {ref}?", "Kva e-postadresse brukte du", "under handsaming"),
    "en": ("What is the status of case {ref}?", "Which email address did you use", "being handled"),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
async def test_the_status_of_a_case_is_told_after_the_same_address_is_verified(
    talk: Talk, mailer: RecordingMailer, case_service: CaseService, language: str
) -> None:
    talk.language = language
    reference = await _open_verified_case(talk, mailer, "kari@example.no")
    await case_service.transition(reference, CaseStatus.IN_PROGRESS, actor=Actor(ActorKind.SYSTEM))
    question, ask_email, status = STATUS[language]
    reply = await talk.texts(question.format(ref=reference.lower()))
    assert ask_email in reply and reference in reply
    codes = len(mailer.letters)
    await talk.say("Kari@Example.no")
    assert len(mailer.letters) == codes + 1 and mailer.letters[-1][0].to_address == "kari@example.no"
    reply = await talk.texts(mailer.last_code())
    assert reference in reply and talk.slots["due_date"] in reply
    assert status in reply
    assert talk.slots["status_reference"] is None and talk.slots["verified"] is None


async def test_another_address_learns_nothing_about_the_case(talk: Talk, mailer: RecordingMailer) -> None:
    talk.language = "en"
    reference = await _open_verified_case(talk, mailer, "kari@example.no")
    await talk.say(f"status of {reference}")
    await talk.say("mallory@example.com")
    reply = await talk.texts(mailer.last_code())
    assert "no case" in reply and "received" not in reply
    await talk.say("status of PV-2020-9999")  # no such case: the same answer
    await talk.say("mallory@example.com")
    assert "no case" in await talk.texts(mailer.last_code())


async def test_without_the_code_the_status_is_not_told(talk: Talk, mailer: RecordingMailer) -> None:
    reference = await _open_verified_case(talk, mailer, "kari@example.no")
    assert "saksnummer" in await talk.texts("Hva er status på saken min?")  # no reference: asked for one
    assert "ikke ut som et saksnummer" in await talk.texts("vet ikke")
    await talk.say(reference)
    await talk.say("kari@example.no")
    wrong = f"{(int(mailer.last_code()) + 1) % 10**6:06d}"
    assert "stemmer ikke" in await talk.texts(wrong)
    reply = await talk.texts("/decline_verification")
    assert "kan jeg ikke si noe" in reply and "behandling" not in reply


async def test_the_handoff_case_carries_the_whole_transcript(chat_site: ChatSite, case_service: CaseService) -> None:
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        for text in ("Hei", "Hva gjør dere med informasjonskapsler?", "Jeg vil snakke med et menneske",
                     "ola@example.no"):
            status, replies = await chat_site.say(http, sender, text)
            assert status == 200
        status, replies = await chat_site.say(http, sender, "Ola Nordmann")
    reference = replies[0]["text"].split("registrert som ")[1].split(",")[0]
    case = await case_service.get_case(reference)
    assert case.review_reason == "handoff" and case.channel is Channel.CHAT
    chat = [m for m in case.messages if m.channel is Channel.CHAT]
    inbound = [m.masked_text for m in chat if m.direction is Direction.INBOUND]
    assert inbound == ["Hei", "Hva gjør dere med informasjonskapsler?", "Jeg vil snakke med et menneske",
                       "ola@example.no", "Ola Nordmann"]
    assert any("Informasjonskapsler" in (m.masked_text or "") for m in chat if m.direction is Direction.OUTBOUND)
