"""Step 5 - extract the new text: drop quoted earlier mail and signatures.

mail-parser-reply (1.36) knows Danish and Swedish but not Norwegian, so a
Norwegian entry (Bokmål and Nynorsk: "skrev"/"skreiv", Outlook's
"Fra:/Sendt:/Til:/Emne:", "Med vennlig hilsen"/"Med venleg helsing", "Sendt fra
min iPhone") is registered with it.  Only the classifier sees the stripped text;
the whole text is stored on the case.
"""

from __future__ import annotations

import re

from mailparser_reply import EmailReplyParser
from mailparser_reply.constants import MAIL_LANGUAGES, QUOTED_MATCH_INCLUDE

from intake.pipeline.context import MessageContext, Services

__all__ = ["extract_new_text", "new_text", "NORWEGIAN"]

NORWEGIAN = "no"

_DAYS = r"(?:[Mm]an|[Tt]ir|[Oo]ns|[Tt]or|[Ff]re|[Ll]ør|[Ss]øn|[Mm]ån|[Tt]ys|[Oo]ns|[Tt]or|[Ll]au|[Ss]un|[Dd]en|[0-9])"
_NORWEGIAN_PATTERNS = {
    # "Den 2. mars 2026 kl. 10:15 skrev Kari Nordmann <kari@example.no>:",
    # "man. 2. mar. 2026 kl. 10:15 skreiv Ola <ola@example.no>:", "Kari <k@example.no> skrev:"
    "wrote_header": r"^("
    + QUOTED_MATCH_INCLUDE
    + r"(?:"
    + _DAYS
    + r"[^\n]{0,200}?\s(?:skrev|skreiv)\s[^\n]{1,300}?:|[^\n]{1,300}?\s(?:skrev|skreiv):))$",
    "from_header": r"((?:(?:^|\n|\n"
    + QUOTED_MATCH_INCLUDE
    + r")?-{3,} ?(?:Opprinnelig melding|Videresendt melding|Original melding) ?-{3,}\n)?(?:(?:^|\n|\n"
    + QUOTED_MATCH_INCLUDE
    + r")[* ]*(?:Fra|Frå|Sendt|Til|Emne|Dato|Kopi|Cc):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": ["Konfidensialitet:", "Taushetsplikt:", "Advarsel:"],
    "signatures": [
        "Med vennlig hilsen",
        "Vennlig hilsen",
        "Med venleg helsing",
        "Venleg helsing",
        "Beste hilsen",
        "Hilsen",
        "Helsing",
        "Mvh",
        "Vh",
    ],
    "sent_from": "Sendt fra min|Sendt frå min|Sendt fra Outlook|Hent Outlook for",
}
MAIL_LANGUAGES.setdefault(NORWEGIAN, _NORWEGIAN_PATTERNS)

_PARSER = EmailReplyParser(languages=[NORWEGIAN, "da", "sv", "en"])
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)


def new_text(text: str) -> str:
    """The newest reply in ``text`` without quotes or signature ("" if none)."""
    if not text.strip():
        return ""
    try:
        replies = _PARSER.read(text).replies
        body = replies[0].body if replies else text
    except Exception:  # a regex library corner case must not lose the text
        body = text
    body = _QUOTED_LINE.sub("", body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


async def extract_new_text(ctx: MessageContext, services: Services) -> None:
    ctx.new_text = new_text(ctx.text) or ctx.text.strip()
