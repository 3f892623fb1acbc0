"""``mask``: replace findings with a readable placeholder in the message's language."""

from __future__ import annotations

from collections.abc import Iterable

from .datafiles import load_json
from .errors import LexiconError
from .findings import CATEGORIES, Finding

__all__ = ["DEFAULT_LANGUAGE", "mask", "placeholder"]

#: Cantec writes Bokmål; a message of unknown language is masked in Bokmål.
DEFAULT_LANGUAGE = "nb"


def placeholder(category: str, language: str | None) -> str:
    """E.g. "[fødselsnummer fjernet]" (nb), "[fødselsnummer fjerna]" (nn)."""
    table = load_json("placeholders.json")
    try:
        words = table[language or DEFAULT_LANGUAGE]
    except KeyError:
        raise ValueError(f"language must be 'nb', 'nn', 'en' or None, not {language!r}") from None
    try:
        template: str = words["template"]
        return template.format(words[category])
    except KeyError as exc:
        raise LexiconError(f"placeholders.json lacks {category!r} for {language!r}") from exc


def mask(text: str, findings: Iterable[Finding], language: str | None = None) -> str:
    """``text`` with every finding replaced; overlapping findings become one placeholder,
    named after the most confident of them."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    groups: list[list[Finding]] = []
    for finding in ordered:
        if finding.end > len(text):
            raise ValueError("finding lies outside the text")
        if groups and finding.start < max(f.end for f in groups[-1]):
            groups[-1].append(finding)
        else:
            groups.append([finding])
    pieces: list[str] = []
    position = 0
    for group in groups:
        start = group[0].start
        end = max(f.end for f in group)
        best = max(group, key=lambda f: (f.confidence, -CATEGORIES.index(f.category)))
        pieces.append(text[position:start])
        pieces.append(placeholder(best.category, language))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
