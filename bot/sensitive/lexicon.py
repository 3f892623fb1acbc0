"""Word lists for the special categories, read from ``data/<language>.json``.

Each list file holds, per category, ``strong`` terms (sensitive on their own),
``weak`` terms (sensitive only near a first-person word such as "jeg", "min", "my",
and not in a sentence with one of the category's ``anti_context`` words, such as
"jobber" or "nurse" for health),
and ``patterns`` (spaCy Matcher token patterns, for phrases that need a particular
verb or preposition); plus ``exclusions`` (idioms and look-alikes that cancel any
finding they overlap), ``exclude_before`` (words such as "gate", "street" that make
the word before them part of an address: "Church Street", "Kirkens gate"), and the
first-person ``context`` words.

Term syntax: words separated by spaces; ``=word`` matches that exact form only;
``word*`` also matches compounds that begin or end with the word
("kreft*" -> "brystkreft", "kreftbehandling"). docs/sensitive-data.md describes the
lists and where they come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .datafiles import load_json
from .errors import LexiconError
from .findings import CATEGORIES
from .inflection import english_forms, norwegian_forms

__all__ = ["PIPELINE_FILES", "Lexicon", "Term", "load_lexicon"]

#: Which list files feed which spaCy pipeline. Bokmål and Nynorsk share one
#: pipeline: writers mix the two standards and most words are common to both.
PIPELINE_FILES: dict[str, tuple[str, ...]] = {"no": ("nb.json", "nn.json"), "en": ("en.json",)}
STRENGTHS = ("strong", "weak")
_MIN_COMPOUND_PART = 3


@dataclass(frozen=True)
class Term:
    """One list entry, parsed: base words, and which ones are exact or compound-capable."""

    bases: tuple[str, ...]
    exact: frozenset[str]
    compound: frozenset[str]

    @property
    def text(self) -> str:
        return " ".join(self.bases)

    @property
    def literal(self) -> bool:
        """Every word exact: match the lowercase text, not the lemma."""
        return set(self.bases) <= self.exact

    @classmethod
    def parse(cls, raw: str) -> Term:
        bases: list[str] = []
        exact: set[str] = set()
        compound: set[str] = set()
        for word in raw.lower().split():
            base = word.strip("=*")
            if not base:
                raise LexiconError(f"empty word in term {raw!r}")
            if word.startswith("="):
                exact.add(base)
            if word.endswith("*"):
                compound.add(base)
            bases.append(base)
        if not bases:
            raise LexiconError("empty term")
        return cls(tuple(bases), frozenset(exact), frozenset(compound))


@dataclass
class Lexicon:
    """Everything one pipeline matches, with the form -> base index already built."""

    name: str
    context: frozenset[str]
    anti_context: dict[str, frozenset[str]]  # category -> words that cancel its weak terms
    terms: dict[tuple[str, str], list[Term]]  # (category, strength) -> terms
    patterns: dict[str, list[list[dict[str, Any]]]]
    exclusions: list[Term]
    exclusion_patterns: list[list[dict[str, Any]]]
    exclude_before: frozenset[str] = frozenset()
    norms: dict[str, str] = field(default_factory=dict)
    compound_prefixes: dict[str, str] = field(default_factory=dict)
    compound_suffixes: dict[str, str] = field(default_factory=dict)
    single_terms: frozenset[str] = frozenset()

    def norm_of(self, lower: str) -> str | None:
        """The base word a token form stands for, if it is one the lists care about."""
        norm = self.norms.get(lower)
        if norm is not None:
            return norm
        if "-" in lower:
            # "hiv-positiv", "brca1-mutasjonen": the first part that is a list term wins
            for part in lower.split("-"):
                norm = self.norms.get(part) or self._compound(part)
                if norm in self.single_terms:
                    return norm
            return None
        return self._compound(lower)

    def _compound(self, lower: str) -> str | None:
        """The compound-capable base a word begins or ends with ("brystkreft", "brca2")."""
        size = len(lower)
        for cut in range(_MIN_COMPOUND_PART, size - _MIN_COMPOUND_PART + 1):
            head = self.compound_suffixes.get(lower[cut:])
            if head is not None:
                return head
        for cut in range(size - 1, 3, -1):
            rest = lower[cut:]
            if len(rest) < _MIN_COMPOUND_PART and not rest.isdigit():
                continue
            modifier = self.compound_prefixes.get(lower[:cut])
            if modifier is not None:
                return modifier
        return None


def _pattern_words(patterns: Iterable[list[dict[str, Any]]]) -> set[str]:
    """Words named under NORM in Matcher patterns: they need their forms indexed too."""
    words: set[str] = set()
    for pattern in patterns:
        for token in pattern:
            value = token.get("NORM")
            if isinstance(value, str):
                words.add(value.lower())
            elif isinstance(value, dict):
                for key in ("IN", "NOT_IN"):
                    words.update(v.lower() for v in value.get(key, ()))
    return words


def _read(files: tuple[str, ...]) -> Lexicon:
    context: set[str] = set()
    anti_context: dict[str, set[str]] = {}
    terms: dict[tuple[str, str], list[Term]] = {}
    patterns: dict[str, list[list[dict[str, Any]]]] = {}
    exclusions: list[Term] = []
    exclusion_patterns: list[list[dict[str, Any]]] = []
    exclude_before: set[str] = set()
    for name in files:
        data = load_json(name)
        # kept as written: "I" is English context only in capitals, "i" is Norwegian "in"
        context.update(data.get("context", ()))
        for category, words in data.get("anti_context", {}).items():
            anti_context.setdefault(category, set()).update(w.lower() for w in words)
        for category, spec in data.get("categories", {}).items():
            if category not in CATEGORIES:
                raise LexiconError(f"{name}: unknown category {category!r}")
            for strength in STRENGTHS:
                terms.setdefault((category, strength), []).extend(Term.parse(t) for t in spec.get(strength, ()))
            patterns.setdefault(category, []).extend(spec.get("patterns", ()))
        exclusions.extend(Term.parse(t) for t in data.get("exclusions", ()))
        exclusion_patterns.extend(data.get("exclusion_patterns", ()))
        exclude_before.update(w.lower() for w in data.get("exclude_before", ()))
    anti = {category: frozenset(words) for category, words in anti_context.items()}
    return Lexicon(
        "", frozenset(context), anti, terms, patterns, exclusions, exclusion_patterns, frozenset(exclude_before)
    )


def _index(lexicon: Lexicon) -> None:
    """Fill ``norms`` and the compound tables from the terms and patterns."""
    all_terms = [t for ts in lexicon.terms.values() for t in ts] + lexicon.exclusions
    exact = {b for t in all_terms for b in t.exact}
    inflected = {b for t in all_terms for b in t.bases if b not in exact}
    inflected |= _pattern_words(p for ps in lexicon.patterns.values() for p in ps)
    inflected |= _pattern_words(lexicon.exclusion_patterns)
    inflected |= {w for words in lexicon.anti_context.values() for w in words}
    expand = english_forms if lexicon.name == "en" else norwegian_forms
    forms = expand(inflected)
    for base in exact:
        forms.setdefault(base, {base})
    # A form claimed by several bases ("diagnosen" is listed itself and is also a form
    # of "diagnose") goes to the shortest, i.e. the lemma, so phrases and text agree.
    norms: dict[str, str] = {}
    for base in sorted(forms, key=lambda b: (len(b), b)):
        for form in forms[base]:
            norms.setdefault(form, base)
    compound = {b for t in all_terms for b in t.compound}
    lexicon.norms = norms
    lexicon.compound_prefixes = {b: b for b in compound}
    lexicon.compound_suffixes = {f: b for b in compound for f in forms.get(b, {b})}
    lexicon.single_terms = frozenset(
        t.bases[0] for (_, strength), ts in lexicon.terms.items() for t in ts if len(t.bases) == 1
    )


@cache
def load_lexicon(pipeline: str) -> Lexicon:
    """The merged, indexed lists of one pipeline ("no" or "en"); built once per process."""
    try:
        files = PIPELINE_FILES[pipeline]
    except KeyError as exc:
        raise LexiconError(f"no word lists for pipeline {pipeline!r}") from exc
    lexicon = _read(files)
    lexicon.name = pipeline
    _index(lexicon)
    return lexicon
