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

__all__ = ["PIPELINE_FILES", "Lexicon", "Norms", "Term", "build_norms", "load_lexicon", "load_norms"]

#: Which list files feed which spaCy pipeline. Bokmål and Nynorsk share one
#: pipeline: writers mix the two standards and most words are common to both.
PIPELINE_FILES: dict[str, tuple[str, ...]] = {"no": ("nb.json", "nn.json"), "en": ("en.json",)}
STRENGTHS = ("strong", "weak")
_MIN_COMPOUND_PART = 3
#: Longer "words" (a pasted hash, a base64 blob) are no words: compound splitting
#: costs time proportional to the square of a word's length.
MAX_WORD = 64


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
    """The lists of one language group ("no" = Bokmål + Nynorsk, "en")."""

    name: str
    context: frozenset[str]
    anti_context: dict[str, frozenset[str]]  # category -> words that cancel its weak terms
    terms: dict[tuple[str, str], list[Term]]  # (category, strength) -> terms
    patterns: dict[str, list[list[dict[str, Any]]]]
    exclusions: list[Term]
    exclusion_patterns: list[list[dict[str, Any]]]
    exclude_before: frozenset[str] = frozenset()

    def all_terms(self) -> list[Term]:
        return [t for ts in self.terms.values() for t in ts] + self.exclusions

    def words_to_inflect(self) -> set[str]:
        """Base words whose inflected forms must map back to them."""
        terms = self.all_terms()
        exact = {b for t in terms for b in t.exact}
        words = {b for t in terms for b in t.bases if b not in exact}
        words |= _pattern_words(p for ps in self.patterns.values() for p in ps)
        words |= _pattern_words(self.exclusion_patterns)
        words |= {w for ws in self.anti_context.values() for w in ws}
        return words


@dataclass
class Norms:
    """Word form -> list base word, shared by every language's lists (one spaCy vocab)."""

    norms: dict[str, str] = field(default_factory=dict)
    compound_prefixes: dict[str, str] = field(default_factory=dict)
    compound_suffixes: dict[str, str] = field(default_factory=dict)
    single_terms: frozenset[str] = frozenset()
    strong_terms: frozenset[str] = frozenset()

    def norm_of(self, lower: str) -> str | None:
        """The base word a token form stands for, if it is one the lists care about."""
        norm = self.norms.get(lower)
        if norm is not None or len(lower) > MAX_WORD:
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
        """The compound-capable base a word ends or begins with ("brystkreft", "brca2").

        When both parts are list words ("fagforeningskontingenten") a strong term wins
        over a weak one, then the head (last part) over the modifier.
        """
        size = len(lower)
        head = modifier = None
        for cut in range(_MIN_COMPOUND_PART, size - _MIN_COMPOUND_PART + 1):
            head = self.compound_suffixes.get(lower[cut:])
            if head is not None:
                break
        for cut in range(size - 1, 3, -1):
            rest = lower[cut:]
            if len(rest) < _MIN_COMPOUND_PART and not rest.isdigit():
                continue
            modifier = self.compound_prefixes.get(lower[:cut])
            if modifier is not None:
                break
        if head is not None and modifier is not None and modifier in self.strong_terms:
            return head if head in self.strong_terms else modifier
        return head or modifier


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


def build_norms(lexicons: Iterable[Lexicon]) -> Norms:
    """Index every form of every listed word; a form claimed by several bases
    ("diagnosen" is listed itself and is also a form of "diagnose") goes to the
    shortest, i.e. the lemma, so phrases and text agree."""
    lexicons = list(lexicons)
    forms: dict[str, set[str]] = {}
    for lexicon in lexicons:
        expand = english_forms if lexicon.name == "en" else norwegian_forms
        for base, variants in expand(lexicon.words_to_inflect()).items():
            forms.setdefault(base, set()).update(variants)
        for term in lexicon.all_terms():
            for base in term.exact:
                forms.setdefault(base, {base})
    norms: dict[str, str] = {}
    for base in sorted(forms, key=lambda b: (len(b), b)):
        for form in forms[base]:
            norms.setdefault(form, base)
    compound = {b for lexicon in lexicons for t in lexicon.all_terms() for b in t.compound}
    single = {t.bases[0] for lexicon in lexicons for ts in lexicon.terms.values() for t in ts if len(t.bases) == 1}
    strong = {
        t.bases[0]
        for lexicon in lexicons
        for (_, strength), ts in lexicon.terms.items()
        for t in ts
        if strength == "strong" and len(t.bases) == 1
    }
    return Norms(
        norms=norms,
        compound_prefixes={b: b for b in compound},
        compound_suffixes={f: b for b in compound for f in forms.get(b, {b})},
        single_terms=frozenset(single),
        strong_terms=frozenset(strong),
    )


@cache
def load_lexicon(pipeline: str) -> Lexicon:
    """The merged lists of one language group ("no" or "en"); read once per process."""
    try:
        files = PIPELINE_FILES[pipeline]
    except KeyError as exc:
        raise LexiconError(f"no word lists for pipeline {pipeline!r}") from exc
    lexicon = _read(files)
    lexicon.name = pipeline
    return lexicon


@cache
def load_norms() -> Norms:
    """The form index over all languages' lists; built once per process (~1 s)."""
    return build_norms(load_lexicon(name) for name in PIPELINE_FILES)
