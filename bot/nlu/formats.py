"""A copy "in a machine-readable format" is access and portability: the labelling convention of issue 10.

A multinomial reading sees a CSV file to the writer as either right; the convention (nlu_dev/README.md)
says it is both: the writer gets a copy (access, art. 15) in a structured, commonly used,
machine-readable format (portability, art. 20).  Data sent to another company is portability alone.
``with_format`` adds the missing half when the text names such a format, and, for access, when it
does not name another recipient.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from bot.nlu import intents
from bot.nlu.asking import asked_part
from bot.nlu.reading import Reading

__all__ = ["names_format", "names_recipient", "with_format"]

_FORMAT: Final = re.compile(
    r"\b(?:csv|json|xml|excel|spreadsheet|regneark|rekneark|maskinlesbar\w*|maskinlesleg\w*|machine[- ]readable|"
    r"struktur\w*\s+(?:format|fil|file)|structured\s+(?:format|file))\b",
    re.IGNORECASE,
)
# Another controller as the recipient: "direkte til", "directly to", "transfer to", "til Nordlys AS".
_RECIPIENT: Final = re.compile(
    r"(?i:\b(?:direkte\s+til|directly\s+to|overf[øo]r\w*|transfer\w*|pass\w*\s+(?:\w+\s+){0,3}?on\s+to)\b)|"
    r"\b(?i:send\w*)\s+(?:\w+\s+){0,4}?(?i:til|to)\s+(?:[A-ZÆØÅ]\w+\s+){1,3}(?:AS|ASA|SA|Ltd|AB|GmbH|Inc|Oy)\b"
)


def names_format(text: str) -> bool:
    return _FORMAT.search(text) is not None


def names_recipient(text: str) -> bool:
    return _RECIPIENT.search(text) is not None


def with_format(reading: Reading, text: str) -> Reading:
    """``reading`` with portability added to an access that names a machine-readable format, and
    access to a portability that names one and sends the data to no one else.  A format named in a
    clause that declines it ("I do not need it in a machine-readable format": ``bot.nlu.asking``) is not."""
    rights = set(reading.rights)
    if not rights & {"access", "portability"} or {"access", "portability"} <= rights:
        return reading
    text = asked_part(text)
    if not names_format(text):
        return reading
    if "portability" in rights and names_recipient(text):
        return reading
    rights |= {"access", "portability"}
    ordered = tuple(r for r in intents.ALL_RIGHTS if r in rights)
    return replace(reading, rights=ordered, intent=intents.intent_for_rights(ordered), doubt=False)
