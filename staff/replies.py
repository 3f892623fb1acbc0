"""Reply templates: ``staff/reply_templates/<language>/<template>.txt``, filled in for one case.

The files are the office's to edit (see the README beside them); staff edit
the filled-in text again in the reply form before anything is sent.  Values
are inserted with ``str.format_map`` on a mapping that leaves unknown
placeholders as they are, so a typo in a template shows up in the form
instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["TEMPLATE_NAMES", "TEMPLATE_DIR", "FilledTemplate", "fill", "load"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "reply_templates"
TEMPLATE_NAMES = (
    "access_answered",
    "correction_done",
    "erasure_done",
    "consent_withdrawn",
    "identity_needed",
    "extension_notice",
    "refusal",
)
LANGUAGES = ("nb", "nn", "en")
MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "nn": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}
NO_NAME = {"nb": "og takk for henvendelsen", "nn": "og takk for førespurnaden", "en": "Sir or Madam"}


@dataclass(frozen=True)
class FilledTemplate:
    subject: str
    body: str


class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def long_date(day: date, language: str) -> str:
    month = MONTHS.get(language, MONTHS["nb"]).split()[day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"


def load(name: str, language: str, directory: Path = TEMPLATE_DIR) -> FilledTemplate:
    """The raw template (``KeyError`` for a name or language we do not have)."""
    if name not in TEMPLATE_NAMES or language not in LANGUAGES:
        raise KeyError(f"no reply template {name!r} in {language!r}")
    text = (directory / language / f"{name}.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    if not head.startswith("Subject:"):
        raise ValueError(f"{language}/{name}.txt must start with 'Subject: ...' and an empty line")
    return FilledTemplate(head.removeprefix("Subject:").strip(), body.strip() + "\n")


def fill(
    name: str,
    language: str,
    *,
    reference: str,
    requester_name: str | None,
    staff_name: str,
    due: date,
    legal_due: date,
    reason: str | None = None,
    directory: Path = TEMPLATE_DIR,
) -> FilledTemplate:
    """The template for one case, in the case's language (Bokmål when it has none we know)."""
    language = language if language in LANGUAGES else "nb"
    raw = load(name, language, directory)
    values = _KeepUnknown(
        reference=reference,
        name=(requester_name or "").strip() or NO_NAME[language],
        staff_name=staff_name,
        due=long_date(due, language),
        legal_due=long_date(legal_due, language),
    )
    if reason:
        values["reason"] = reason
    return FilledTemplate(raw.subject.format_map(values), raw.body.format_map(values))
