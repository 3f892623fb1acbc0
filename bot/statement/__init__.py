"""Cantec's privacy statement as data: sections by stable id, in nb, nn and en.

The texts live in ``data/<language>.md`` (``nb.md`` is the authoritative text,
word for word as Cantec published it; ``nn.md`` and ``en.md`` are our own
translations). Replies, the chat bot and the intent table refer to sections by
id, so the ids and their order are fixed here and every file must match them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.statement.errors import StatementDataError, StatementError, UnknownLanguage, UnknownSection
from bot.statement.parser import parse_statement, render_markdown

__all__ = [
    "LANGUAGES",
    "SECTION_IDS",
    "Section",
    "StatementDataError",
    "StatementError",
    "UnknownLanguage",
    "UnknownSection",
    "section",
    "sections",
]

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")

SECTION_IDS: tuple[str, ...] = (
    "personvernerklaering",
    "nettstatistikk",
    "informasjonskapsler",
    "e-post-og-telefon",
    "annen-relevant-lovgivning",
    "rettigheter",
    "nar-utleverer-vi-personopplysninger",
    "dine-personvernrettigheter",
    "ansvar",
    "kontakt-oss",
)

# Spaces that must not become line breaks when quoting ("§ 18", "+47 66 99 60 00").
_GLUED_SPACE = re.compile(r"(?<=§) (?=\d)|(?<=\d) (?=\d)")
_GLUE = "\ue000"  # private-use character: textwrap does not treat it as whitespace


@dataclass(frozen=True)
class Section:
    """One section of the statement in one language.

    ``text`` is plain text: paragraphs separated by a blank line, the contact
    lines separated by single line breaks. ``markdown`` is the same with its
    heading, without the id marker, so any Markdown renderer can show it.
    """

    id: str
    language: str
    title: str
    text: str
    markdown: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text's paragraphs, in order."""
        return tuple(self.text.split("\n\n"))

    def quote(self, width: int | None = 72) -> str:
        """The text as a plain-text ``> `` quotation block for an email reply.

        Lines are wrapped to ``width`` characters including the ``> `` prefix
        (``None`` keeps each paragraph on one line); paragraph breaks become a
        bare ``>`` line, as mail clients expect.
        """
        quoted: list[str] = []
        for index, paragraph in enumerate(self.paragraphs):
            if index:
                quoted.append(">")
            for line in paragraph.split("\n"):
                quoted.extend(f"> {part}" for part in _wrap(line, None if width is None else width - 2))
        return "\n".join(quoted)


def section(section_id: str, language: str = "nb") -> Section:
    """The section with this id in this language; raises UnknownSection / UnknownLanguage."""
    by_id = _index(_check_language(language))
    try:
        return by_id[section_id]
    except (KeyError, TypeError) as exc:
        raise UnknownSection(
            f"unknown statement section {section_id!r}; expected one of: {', '.join(SECTION_IDS)}"
        ) from exc


def sections(language: str = "nb") -> list[Section]:
    """All sections in document order (a fresh list each call)."""
    return list(_load(_check_language(language)))


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise UnknownLanguage(
            f"unknown statement language {language!r}; expected one of: {', '.join(LANGUAGES)}"
        )
    return language


@cache
def _load(language: str) -> tuple[Section, ...]:
    """Read and validate one language's file once per process."""
    source = f"bot/statement/data/{language}.md"
    try:
        markdown = resources.files(__name__).joinpath("data").joinpath(f"{language}.md").read_text(encoding="utf-8")
    except OSError as exc:
        raise StatementDataError(f"{source}: cannot read the statement file") from exc
    parsed = parse_statement(markdown, source)
    found = tuple(item.id for item in parsed)
    if found != SECTION_IDS:
        raise StatementDataError(f"{source}: section ids {found} differ from SECTION_IDS {SECTION_IDS}")
    return tuple(
        Section(
            id=item.id,
            language=language,
            title=item.title,
            text="\n\n".join(item.paragraphs),
            markdown=render_markdown(item),
        )
        for item in parsed
    )


@cache
def _index(language: str) -> dict[str, Section]:
    return {item.id: item for item in _load(language)}


def _wrap(line: str, width: int | None) -> list[str]:
    if width is None:
        return [line]
    glued = _GLUED_SPACE.sub(_GLUE, line)
    parts = textwrap.wrap(glued, width=max(width, 1), break_long_words=False, break_on_hyphens=False)
    return [part.replace(_GLUE, " ") for part in parts] or [""]
