"""A parser for the tiny Markdown subset the statement files use.

The files hold only headings carrying an id marker (``## Title {#id}``) and
paragraphs; a line ending in a backslash (CommonMark's hard line break) keeps
its line break, which the contact lines need. Anything else is rejected loudly
rather than guessed at, so a bad edit fails the tests instead of silently
changing what the assistant quotes to people.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.statement.errors import StatementDataError

__all__ = ["ParsedSection", "parse_statement", "render_markdown"]

_HEADING = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]+(?P<title>\S.*?)[ \t]+\{#(?P<id>[a-z0-9][a-z0-9-]*)\}[ \t]*$"
)
_HARD_BREAK = "\\"


class ParsedSection(NamedTuple):
    """One heading and the paragraphs under it, as found in the file."""

    id: str
    level: int
    title: str
    paragraphs: tuple[str, ...]  # hard line breaks kept as "\n"


def parse_statement(markdown: str, source: str = "<statement>") -> list[ParsedSection]:
    """Split a statement file into sections; raise StatementDataError on anything unexpected."""
    sections: list[ParsedSection] = []
    heading: re.Match[str] | None = None
    paragraphs: list[str] = []
    block: list[str] = []

    def close_block() -> None:
        if block:
            paragraphs.append(_join_lines(block))
            block.clear()

    def close_section(lineno: int) -> None:
        close_block()
        if heading is None:
            return
        if not paragraphs:
            raise StatementDataError(f"{source}:{lineno}: section {heading['id']!r} has no text")
        sections.append(
            ParsedSection(heading["id"], len(heading["hashes"]), heading["title"], tuple(paragraphs))
        )
        paragraphs.clear()

    lines = markdown.splitlines()
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith("#"):
            match = _HEADING.match(line)
            if match is None:
                raise StatementDataError(
                    f"{source}:{lineno}: heading without an id marker {{#...}}: {line!r}"
                )
            close_section(lineno)
            if any(found.id == match["id"] for found in sections):
                raise StatementDataError(f"{source}:{lineno}: duplicate section id {match['id']!r}")
            heading = match
        elif not line:
            close_block()
        elif heading is None:
            raise StatementDataError(f"{source}:{lineno}: text before the first heading")
        else:
            block.append(raw)
    close_section(len(lines))
    if not sections:
        raise StatementDataError(f"{source}: no sections found")
    return sections


def render_markdown(section: ParsedSection) -> str:
    """The section as portable Markdown: its heading without the id marker, then its paragraphs."""
    body = "\n\n".join(paragraph.replace("\n", _HARD_BREAK + "\n") for paragraph in section.paragraphs)
    return f"{'#' * section.level} {section.title}\n\n{body}"


def _join_lines(block: list[str]) -> str:
    """Join a paragraph's source lines: soft breaks become spaces, hard breaks stay."""
    text = ""
    for line in block:
        stripped = line.strip()
        if stripped.endswith(_HARD_BREAK):
            text += stripped[: -len(_HARD_BREAK)].rstrip() + "\n"
        elif line.endswith("  "):  # two trailing spaces: the other CommonMark hard break
            text += stripped + "\n"
        else:
            text += stripped + " "
    return text.rstrip()
