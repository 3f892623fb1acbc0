"""Words the actions put together: request names, dates, and the two mails (code and receipt)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["LANGUAGES", "code_letter", "due_date", "language_of", "receipt_letter", "requests_text"]

LANGUAGES = ("nb", "nn", "en")

REQUEST_NAMES: dict[str, dict[str, str]] = {
    "nb": {
        "access": "innsyn i opplysningene vi har om deg",
        "rectification": "retting av opplysninger om deg",
        "erasure": "sletting av opplysningene dine",
        "withdraw_consent": "å trekke tilbake et samtykke",
        "objection": "å protestere mot behandlingen",
        "restriction": "begrensning av behandlingen",
        "portability": "å få opplysningene dine utlevert (dataportabilitet)",
        "automated_decision": "at et menneske vurderer en automatisk avgjørelse",
        "other": "å snakke med en saksbehandler",
    },
    "nn": {
        "access": "innsyn i opplysningane vi har om deg",
        "rectification": "retting av opplysningar om deg",
        "erasure": "sletting av opplysningane dine",
        "withdraw_consent": "å trekkje tilbake eit samtykke",
        "objection": "å protestere mot handsaminga",
        "restriction": "avgrensing av handsaminga",
        "portability": "å få opplysningane dine utleverte (dataportabilitet)",
        "automated_decision": "at eit menneske vurderer ei automatisk avgjerd",
        "other": "å snakke med ein sakshandsamar",
    },
    "en": {
        "access": "access to the data we hold about you",
        "rectification": "correction of data about you",
        "erasure": "erasure of your data",
        "withdraw_consent": "withdrawal of a consent",
        "objection": "an objection to the processing",
        "restriction": "restriction of the processing",
        "portability": "your data in a portable format",
        "automated_decision": "a person to review an automated decision",
        "other": "to talk to a handler",
    },
}
_AND = {"nb": "og", "nn": "og", "en": "and"}
_MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember".split(),
    "nn": "januar februar mars april mai juni juli august september oktober november desember".split(),
    "en": "January February March April May June July August September October November December".split(),
}


def language_of(value: object) -> str:
    return value if isinstance(value, str) and value in LANGUAGES else "nb"


def requests_text(requests: list[str], language: str) -> str:
    names = [REQUEST_NAMES[language][r] for r in requests if r in REQUEST_NAMES[language]]
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} {_AND[language]} {names[-1]}"


def due_date(moment: datetime, timezone: str, language: str) -> str:
    day = moment.astimezone(ZoneInfo(timezone)).date()
    month = _MONTHS[language][day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"


_CODE = {
    "nb": ("Engangskode fra Cantec personvern",
           "Hei!\n\nKoden din er: {code}\n\nSkriv den inn i chatten på cantec.no. Koden gjelder i {minutes} minutter.\n"
           "Har du ikke bedt om en kode, kan du se bort fra denne e-posten.\n\nPersonvern, Cantec"),
    "nn": ("Eingongskode frå Cantec personvern",
           "Hei!\n\nKoden din er: {code}\n\nSkriv han inn i chatten på cantec.no. Koden gjeld i {minutes} minutt.\n"
           "Har du ikkje bede om ein kode, kan du sjå bort frå denne e-posten.\n\nPersonvern, Cantec"),
    "en": ("One-time code from Cantec privacy",
           "Hello,\n\nYour code is: {code}\n\nType it into the chat on cantec.no. The code is valid for {minutes} minutes.\n"
           "If you did not ask for a code, you can ignore this email.\n\nPrivacy, Cantec"),
}
_RECEIPT = {
    "nb": ("Saken din hos Cantec personvern: {reference}",
           "Hei {name}!\n\nVi har registrert henvendelsen din fra chatten som sak {reference}: {requests}.\n"
           "Du får svar innen {due}.{unverified}\n\nSvar gjerne på denne e-posten; svaret havner i samme sak.\n\n"
           "Med vennlig hilsen\nPersonvern, Cantec\npersonvern@cantec.no",
           "\nFordi e-postadressen ikke ble bekreftet i chatten, må vi bekrefte hvem du er før vi utleverer noe."),
    "nn": ("Saka di hos Cantec personvern: {reference}",
           "Hei {name}!\n\nVi har registrert førespurnaden din frå chatten som sak {reference}: {requests}.\n"
           "Du får svar innan {due}.{unverified}\n\nSvar gjerne på denne e-posten; svaret hamnar i same sak.\n\n"
           "Med venleg helsing\nPersonvern, Cantec\npersonvern@cantec.no",
           "\nFordi e-postadressa ikkje vart stadfesta i chatten, må vi stadfeste kven du er før vi utleverer noko."),
    "en": ("Your case with Cantec privacy: {reference}",
           "Hello {name},\n\nWe have registered your request from the chat as case {reference}: {requests}.\n"
           "You will get an answer by {due}.{unverified}\n\nYou can reply to this email; your reply goes to the same case.\n\n"
           "Kind regards\nPrivacy, Cantec\npersonvern@cantec.no",
           "\nBecause your email address was not verified in the chat, we must confirm who you are before we disclose anything."),
}


def code_letter(code: str, minutes: int, language: str) -> tuple[str, str]:
    subject, body = _CODE[language]
    return subject, body.format(code=code, minutes=minutes)


def receipt_letter(
    reference: str, name: str, requests: list[str], due: str, verified: bool, language: str
) -> tuple[str, str]:
    subject, body, unverified = _RECEIPT[language]
    return subject.format(reference=reference), body.format(
        name=name, reference=reference, requests=requests_text(requests, language), due=due,
        unverified="" if verified else unverified,
    )
