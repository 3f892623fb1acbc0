"""The words of our automatic replies, in Bokmål, Nynorsk and English.

Kept apart from the composing logic so that the privacy office can review the
wording in one place.  ``{placeholders}`` are filled by ``compose``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS", "REQUEST_WORDS", "CATEGORY_WORDS", "MONTHS"]

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}

REQUEST_WORDS: Final[dict[str, dict[str, str]]] = {
    "nb": {
        "access": "innsyn i personopplysningene vi har om deg",
        "rectification": "at vi retter eller supplerer opplysninger om deg",
        "erasure": "at vi sletter personopplysningene dine",
        "withdraw_consent": "å trekke tilbake samtykket ditt, slik at vi slutter å behandle opplysningene dine på grunnlag av det",
        "objection": "å protestere mot at vi behandler opplysningene dine",
        "restriction": "at vi begrenser behandlingen av opplysningene dine",
        "portability": "å få opplysningene dine i et strukturert, maskinlesbart format (dataportabilitet)",
        "automated_decision": "at et menneske vurderer en automatisert avgjørelse om deg",
    },
    "nn": {
        "access": "innsyn i personopplysningane vi har om deg",
        "rectification": "at vi rettar eller supplerer opplysningar om deg",
        "erasure": "at vi slettar personopplysningane dine",
        "withdraw_consent": "å trekkje tilbake samtykket ditt, slik at vi sluttar å behandle opplysningane dine på grunnlag av det",
        "objection": "å protestere mot at vi behandlar opplysningane dine",
        "restriction": "at vi avgrensar behandlinga av opplysningane dine",
        "portability": "å få opplysningane dine i eit strukturert, maskinlesbart format (dataportabilitet)",
        "automated_decision": "at eit menneske vurderer ei automatisert avgjerd om deg",
    },
    "en": {
        "access": "access to the personal data we hold about you",
        "rectification": "that we correct or complete data about you",
        "erasure": "that we erase your personal data",
        "withdraw_consent": "to withdraw your consent, so that we stop processing your data on that basis",
        "objection": "to object to our processing of your data",
        "restriction": "that we restrict the processing of your data",
        "portability": "your data in a structured, machine-readable format (data portability)",
        "automated_decision": "that a person reviews an automated decision about you",
    },
}

CATEGORY_WORDS: Final[dict[str, dict[str, str]]] = {
    "nb": {
        "national_id": "fødselsnummer eller D-nummer",
        "bank_account": "kontonummer",
        "payment_card": "betalingskortnummer",
        "health": "helseopplysninger",
        "religion": "religiøs overbevisning",
        "ethnicity": "etnisk opprinnelse",
        "political": "politisk oppfatning",
        "union": "fagforeningsmedlemskap",
        "sexual_orientation": "seksuell orientering",
        "genetic": "genetiske opplysninger",
        "biometric": "biometriske opplysninger",
        "criminal": "opplysninger om straffbare forhold",
    },
    "nn": {
        "national_id": "fødselsnummer eller D-nummer",
        "bank_account": "kontonummer",
        "payment_card": "betalingskortnummer",
        "health": "helseopplysningar",
        "religion": "religiøs overtyding",
        "ethnicity": "etnisk opphav",
        "political": "politisk oppfatning",
        "union": "medlemskap i fagforeining",
        "sexual_orientation": "seksuell legning",
        "genetic": "genetiske opplysningar",
        "biometric": "biometriske opplysningar",
        "criminal": "opplysningar om straffbare forhold",
    },
    "en": {
        "national_id": "national identity number",
        "bank_account": "bank account number",
        "payment_card": "payment card number",
        "health": "health information",
        "religion": "religious beliefs",
        "ethnicity": "ethnic origin",
        "political": "political opinions",
        "union": "trade union membership",
        "sexual_orientation": "sexual orientation",
        "genetic": "genetic data",
        "biometric": "biometric data",
        "criminal": "information about criminal offences",
    },
}

TEXTS: Final[dict[str, dict[str, str]]] = {
    "nb": {
        "and": "og",
        "greeting": "Hei {name},",
        "greeting_anonymous": "Hei,",
        "subject_acknowledgement": "Vi har mottatt henvendelsen din",
        "subject_answer": "Svar på spørsmålet ditt om personvern",
        "subject_pointer": "Henvendelsen din til personvern@cantec.no",
        "subject_warning": "Om sensitive opplysninger i e-posten din",
        "subject_receipt": "Vi har mottatt henvendelsen din",
        "receipt": (
            "Takk for henvendelsen din. Vi har registrert den som sak {reference}. En saksbehandler leser den og "
            "svarer deg senest {date}."
        ),
        "other_rights": (
            "Personvernerklæringen vår lover ikke noe bestemt om dette. En saksbehandler vurderer det og svarer "
            "deg innen fristen i personvernforordningen, det vil si senest {date}."
        ),
        "registered": "Takk for henvendelsen din. Vi har registrert den som sak {reference}.",
        "understood": "Slik forstod vi deg: du ber om {requests}.",
        "deadline": "Vi svarer så raskt som mulig, og senest innen 14 dager, det vil si senest {date}.",
        "quote_intro": "Dette står i personvernerklæringen vår ({title}):",
        "next": (
            "Hva skjer nå: En saksbehandler hos oss går gjennom saken. Før vi utleverer, retter eller sletter "
            "opplysninger, kan vi be deg bekrefte hvem du er. Vil du legge til noe, svarer du på denne e-posten "
            "og beholder saksnummeret {reference} i emnefeltet."
        ),
        "answer_intro": "Takk for spørsmålet ditt. Svaret står i personvernerklæringen vår ({title}):",
        "answer_next": (
            "Vi har registrert henvendelsen som sak {reference} og regner den som besvart. Svarer ikke dette på "
            "spørsmålet ditt, svarer du på denne e-posten, så tar en saksbehandler den opp igjen."
        ),
        "pointer": (
            "Takk for e-posten din. Denne adressen er bare for spørsmål om personvern og for krav om innsyn, "
            "retting, sletting eller tilbaketrekking av samtykke. For andre spørsmål, kontakt kundeservice via "
            "cantec.no eller på telefon +47 66 99 60 00. Henvendelsen er registrert som {reference}."
        ),
        "warning": (
            "Vi fant noe som ser ut som sensitive personopplysninger i e-posten din ({categories}). "
            "Vi har skjult dem i saken, slik at de ikke vises uten grunn. Personvernerklæringen vår sier:"
        ),
        "warning_advice": (
            "Ikke send slike opplysninger på e-post igjen. Trenger vi dem for å behandle saken, tar vi kontakt og "
            "avtaler en sikker måte. Du kan også ringe oss på +47 66 99 60 00 eller skrive til Cantec, "
            "Postboks 626, 1411 Kolbotn."
        ),
        "signature": "Med vennlig hilsen\nPersonvern, Cantec\npersonvern@cantec.no",
        "automatic_note": "Dette er et automatisk svar.",
    },
    "nn": {
        "and": "og",
        "greeting": "Hei {name},",
        "greeting_anonymous": "Hei,",
        "subject_acknowledgement": "Vi har fått førespurnaden din",
        "subject_answer": "Svar på spørsmålet ditt om personvern",
        "subject_pointer": "Førespurnaden din til personvern@cantec.no",
        "subject_warning": "Om sensitive opplysningar i e-posten din",
        "subject_receipt": "Vi har fått førespurnaden din",
        "receipt": (
            "Takk for førespurnaden din. Vi har registrert han som sak {reference}. Ein sakshandsamar les han og "
            "svarar deg seinast {date}."
        ),
        "other_rights": (
            "Personvernerklæringa vår lovar ikkje noko bestemt om dette. Ein sakshandsamar vurderer det og svarar "
            "deg innan fristen i personvernforordninga, det vil seie seinast {date}."
        ),
        "registered": "Takk for førespurnaden din. Vi har registrert han som sak {reference}.",
        "understood": "Slik forstod vi deg: du ber om {requests}.",
        "deadline": "Vi svarar så raskt som mogleg, og seinast innan 14 dagar, det vil seie seinast {date}.",
        "quote_intro": "Dette står i personvernerklæringa vår ({title}):",
        "next": (
            "Kva skjer no: Ein sakshandsamar hos oss går gjennom saka. Før vi utleverer, rettar eller slettar "
            "opplysningar, kan vi be deg stadfeste kven du er. Vil du leggje til noko, svarar du på denne e-posten "
            "og held på saksnummeret {reference} i emnefeltet."
        ),
        "answer_intro": "Takk for spørsmålet ditt. Svaret står i personvernerklæringa vår ({title}):",
        "answer_next": (
            "Vi har registrert førespurnaden som sak {reference} og reknar han som svara. Svarar ikkje dette på "
            "spørsmålet ditt, svarar du på denne e-posten, så tek ein sakshandsamar han opp att."
        ),
        "pointer": (
            "Takk for e-posten din. Denne adressa er berre for spørsmål om personvern og for krav om innsyn, "
            "retting, sletting eller tilbaketrekking av samtykke. For andre spørsmål, kontakt kundeservice via "
            "cantec.no eller på telefon +47 66 99 60 00. Førespurnaden er registrert som {reference}."
        ),
        "warning": (
            "Vi fann noko som ser ut som sensitive personopplysningar i e-posten din ({categories}). "
            "Vi har skjult dei i saka, slik at dei ikkje blir viste utan grunn. Personvernerklæringa vår seier:"
        ),
        "warning_advice": (
            "Ikkje send slike opplysningar på e-post igjen. Treng vi dei for å handsame saka, tek vi kontakt og "
            "avtaler ein sikker måte. Du kan også ringje oss på +47 66 99 60 00 eller skrive til Cantec, "
            "Postboks 626, 1411 Kolbotn."
        ),
        "signature": "Med venleg helsing\nPersonvern, Cantec\npersonvern@cantec.no",
        "automatic_note": "Dette er eit automatisk svar.",
    },
    "en": {
        "and": "and",
        "greeting": "Dear {name},",
        "greeting_anonymous": "Hello,",
        "subject_acknowledgement": "We have received your request",
        "subject_answer": "Answer to your privacy question",
        "subject_pointer": "Your message to personvern@cantec.no",
        "subject_warning": "About sensitive data in your email",
        "subject_receipt": "We have received your message",
        "receipt": (
            "Thank you for your message. We have registered it as case {reference}. A case handler will read it "
            "and answer you by {date} at the latest."
        ),
        "other_rights": (
            "Our privacy statement makes no specific promise about this. A case handler will assess it and answer "
            "you within the deadline of the General Data Protection Regulation, that is by {date} at the latest."
        ),
        "registered": "Thank you for your message. We have registered it as case {reference}.",
        "understood": "This is what we understood: you ask for {requests}.",
        "deadline": "We will answer as soon as possible, and within 14 days at the latest, that is by {date}.",
        "quote_intro": "This is what our privacy statement says ({title}):",
        "next": (
            "What happens next: a case handler at Cantec will go through your case. Before we disclose, correct or "
            "erase any data, we may ask you to confirm your identity. To add anything, reply to this email and keep "
            "the case number {reference} in the subject line."
        ),
        "answer_intro": "Thank you for your question. Our privacy statement answers it ({title}):",
        "answer_next": (
            "We have registered your message as case {reference} and consider it answered. If this does not answer "
            "your question, reply to this email and a case handler will pick it up again."
        ),
        "pointer": (
            "Thank you for your email. This address is only for privacy questions and for requests for access, "
            "correction, erasure or withdrawal of consent. For anything else, please contact customer service via "
            "cantec.no or by phone on +47 66 99 60 00. Your message has been registered as {reference}."
        ),
        "warning": (
            "We found what looks like sensitive personal data in your email ({categories}). We have hidden it in "
            "the case so that it is not shown without reason. Our privacy statement says:"
        ),
        "warning_advice": (
            "Please do not send such data by email again. If we need it to handle your case, we will contact you "
            "and agree on a secure way. You can also call us on +47 66 99 60 00 or write to Cantec, "
            "Postboks 626, 1411 Kolbotn, Norway."
        ),
        "signature": "Kind regards\nPrivacy office, Cantec\npersonvern@cantec.no",
        "automatic_note": "This is an automatic reply.",
    },
}
