"""Every text the staff pages show, one dict per language (Norwegian Bokmål first).

Templates read them as ``t.<key>``; values with ``{n}`` or ``{name}`` are
formatted by the views.  English follows by adding an ``EN`` dict with the
same keys (``tests/staff`` checks that every language has them all).
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "NB", "TEXTS", "texts_for"]

NB: dict[str, Any] = {
    "app_name": "Personvernkontoret",
    "skip_link": "Hopp til hovedinnholdet",
    "nav_label": "Hovedmeny",
    "nav_queue": "Saker i kø",
    "signed_in_as": "Innlogget som",
    "logout": "Logg ut",
    # login
    "login_title": "Logg inn",
    "login_intro": "Logg inn med e-postadressen og passordet til saksbehandlerkontoen din.",
    "email": "E-post",
    "password": "Passord",
    "login_button": "Logg inn",
    "login_failed": "Innloggingen mislyktes. Kontroller e-postadressen og passordet.",
    "login_throttled": "For mange mislykkede innlogginger. Vent en stund og prøv igjen.",
    "logged_out": "Du er logget ut.",
    "session_expired": "Økten din er utløpt. Logg inn på nytt.",
    # queue
    "queue_title": "Saker i kø",
    "queue_intro": "Åpne saker, sortert etter 14-dagersfristen (tidligst først).",
    "queue_empty": "Ingen åpne saker.",
    "queue_count": "{n} åpne saker vises.",
    "queue_count_one": "1 åpen sak vises.",
    "queue_truncated": "Bare de første {n} sakene vises.",
    "col_reference": "Referanse",
    "col_requester": "Innsender",
    "col_types": "Forespørsel",
    "col_status": "Status",
    "col_assignee": "Saksbehandler",
    "col_due_internal": "Frist (14 dager)",
    "col_due_legal": "Lovfrist",
    "nobody": "Ingen",
    "no_name": "(uten navn)",
    # deadlines, in words (never colour alone)
    "due_days_left": "{n} dager igjen",
    "due_one_day_left": "1 dag igjen",
    "due_today": "frist i dag",
    "due_one_day_over": "1 dag over fristen",
    "due_days_over": "{n} dager over fristen",
    "at_time": "kl.",
    # case page
    "case_title": "Sak {reference}",
    "case_details": "Saksopplysninger",
    "identity": "Identitet",
    "identity_verified": "Bekreftet",
    "identity_verified_how": "Bekreftet ({method})",
    "identity_unverified": "Ikke bekreftet",
    "channel": "Kanal",
    "language": "Språk",
    "unknown": "ukjent",
    "received": "Mottatt",
    "extension": "Forlengelse",
    "extension_text": "{n} måned(er): {reason}",
    "review": "Må leses av en person",
    "actions": "Handlinger",
    "pick_up": "Ta saken",
    "picked_up": "Du har tatt saken.",
    "no_actions": "Ingen handlinger er tilgjengelige for deg på denne saken nå.",
    "timeline": "Tidslinje",
    "timeline_empty": "Ingen meldinger eller hendelser ennå.",
    "from": "Fra",
    "subject": "Emne",
    "no_subject": "(uten emne)",
    "other_address": "Sendt fra en annen adresse enn innsenderens. Ikke bekreftet som innsender.",
    "masked_text": "Tekst (maskert)",
    "masked_missing": "Den maskerte teksten er ikke tilgjengelig.",
    "attachments": "Vedlegg",
    "att_name": "Filnavn",
    "att_type": "Type",
    "att_size": "Størrelse",
    "no_filename": "(uten filnavn)",
    "event": "Hendelse",
    "by": "av",
    "details": "Detaljer",
    "staff_user": "saksbehandler {id}",
    "bytes": "{n} byte",
    # errors
    "error_title": "Noe gikk galt",
    "error_403": "Du har ikke tilgang til dette.",
    "error_403_csrf": "Forespørselen ble avvist fordi skjemaet var utløpt eller kom fra et annet nettsted. "
    "Last inn siden på nytt og prøv igjen.",
    "error_404": "Siden eller saken finnes ikke.",
    "error_405": "Denne handlingen er ikke tillatt her.",
    "error_409": "Saken er endret, eller handlingen passer ikke med sakens status nå. Last inn siden på nytt.",
    "error_500": "En feil oppstod hos oss. Prøv igjen, og kontakt drift hvis det gjentar seg.",
    "error_503": "Tjenesten er midlertidig utilgjengelig (databasen svarer ikke). Prøv igjen om litt.",
    "back_to_queue": "Tilbake til køen",
    # vocabularies of the case store
    "role": {"admin": "administrator", "handler": "saksbehandler", "viewer": "lesetilgang"},
    "status": {
        "new": "Ny",
        "in_progress": "Under behandling",
        "awaiting_requester": "Venter på innsender",
        "resolved": "Besvart",
        "closed": "Lukket",
        "rejected": "Avvist",
        "spam": "Søppelpost",
        "duplicate": "Duplikat",
    },
    "request_type": {
        "access": "Innsyn",
        "rectification": "Retting",
        "erasure": "Sletting",
        "withdraw_consent": "Trekke samtykke",
        "objection": "Protest",
        "restriction": "Begrensning",
        "portability": "Dataportabilitet",
        "automated_decision": "Automatiserte avgjørelser",
        "question": "Spørsmål",
        "other": "Annet",
    },
    "channel_name": {"email": "E-post", "chat": "Chat", "staff": "Saksbehandler"},
    "language_name": {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk"},
    "direction": {"in": "Innkommende melding", "out": "Utgående melding", "note": "Internt notat"},
    "actor": {"system": "systemet", "requester": "innsenderen"},
    "action": {
        "case_opened": "Sak opprettet",
        "case_matched": "Melding knyttet til saken",
        "message_added": "Melding lagt til",
        "note_added": "Notat lagt til",
        "picked_up": "Saken ble tatt",
        "assigned": "Saken ble tildelt",
        "status_changed": "Status endret",
        "deadline_extended": "Lovfristen ble forlenget",
        "unmasked_viewed": "Umaskert tekst vist",
        "raw_mail_viewed": "Original e-post hentet",
        "automatic_reply_withheld": "Automatisk svar holdt tilbake",
        "processing_failed": "Behandlingen av en e-post feilet",
        "reply_delivery_failed": "Svaret kunne ikke leveres",
    },
}

TEXTS: dict[str, dict[str, Any]] = {"nb": NB}
DEFAULT_LANGUAGE = "nb"


def texts_for(language: str | None) -> tuple[str, dict[str, Any]]:
    """``(language, texts)``: the language asked for if we have it, else Norwegian Bokmål."""
    code = language if language in TEXTS else DEFAULT_LANGUAGE
    return code, TEXTS[code]
