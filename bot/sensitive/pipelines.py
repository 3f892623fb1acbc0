"""spaCy pipelines for the special categories, built in code and cached per process.

No trained model can be downloaded here, so each pipeline is ``spacy.blank`` (the
tokenizer only) plus a lookup lemmatiser of our own: every new lexeme gets its
``norm`` set once to the list base word it is a form of (see ``inflection``). The
Matcher and PhraseMatcher then match on ``NORM``, so "depresjonen", "Depresjon" and
"depresjonsmedisin" all match the entry "depresjon*". Because the norm is stored on
the lexeme, the per-token cost after the first sighting of a word is a set lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import Lexicon, Term, load_lexicon
from .patterns import expand

if TYPE_CHECKING:  # spaCy (and the TensorFlow it drags in) loads only on first detect()
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CategoryMatcher", "Hit", "category_hits", "get_matcher", "pipelines_for"]

_SPACY_LANG = {"no": "nb", "en": "en"}
_LANGUAGE_PIPELINES = {"nb": ("no",), "nn": ("no",), "en": ("en",), None: ("no", "en")}
CONFIDENCE = {"strong": 0.9, "pattern": 0.85, "weak": 0.7}
CONTEXT_WINDOW = 6
SENTENCE_REACH = 30
_SENTENCE_END = frozenset({".", "!", "?", "\n", "\n\n"})
# A long-running process meets new words forever; rebuild the pipeline before its
# vocabulary (and so memory) grows without bound.
MAX_VOCAB = 400_000
CHUNK_CHARS = 50_000
CHUNK_OVERLAP = 200
EXCLUDE = "exclude"
_COMPANY_SUFFIXES = frozenset({"AS", "ASA", "SA", "HF", "RHF", "Ltd", "Inc", "LLC", "GmbH", "AB"})


@dataclass(frozen=True)
class Hit:
    """A matched span: category, character offsets and confidence."""

    category: str
    start: int
    end: int
    confidence: float


def pipelines_for(language: str | None) -> tuple[str, ...]:
    """Pipeline names to run for a language hint (None runs all)."""
    try:
        return _LANGUAGE_PIPELINES[language]
    except KeyError:
        raise ValueError(f"language must be 'nb', 'nn', 'en' or None, not {language!r}") from None


class CategoryMatcher:
    """One tokenizer, its lookup norms and the matchers built from one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher

        self.lexicon = lexicon
        self.nlp: Language = spacy.blank(_SPACY_LANG[lexicon.name])
        _trim_lexeme_attributes(self.nlp)
        self._seen: set[int] = set()
        # Terms spelled all-exact ("=fingerprinting") match the literal lowercase form;
        # the others match on NORM, i.e. any inflection of their base words.
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.literal = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher = Matcher(self.nlp.vocab)
        groups = [(f"{c}|{s}", terms) for (c, s), terms in lexicon.terms.items()]
        groups.append((EXCLUDE, lexicon.exclusions))
        for label, terms in groups:
            literal = [self._doc(t.text) for t in terms if self._needs_literal(t)]
            normed = [self._doc(t.text) for t in terms if not self._needs_literal(t)]
            if literal:
                self.literal.add(label, literal)
            if normed:
                self.phrases.add(label, normed)
        self.cased = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        pattern_groups = [(f"{c}|pattern", ps) for c, ps in lexicon.patterns.items()]
        pattern_groups.append((EXCLUDE, lexicon.exclusion_patterns))
        for label, patterns in pattern_groups:
            for pattern in patterns:
                expanded = expand(pattern)
                if expanded is None:
                    self.matcher.add(label, [pattern])
                    continue
                attr, phrases = expanded
                target = self.cased if attr == "ORTH" else self.phrases
                target.add(label, [self._doc(p) for p in phrases])

    def _needs_literal(self, term: Term) -> bool:
        """An exact term whose word is also a form of another base ("fingerprinting" of
        "fingerprint") must match its literal text; other exact terms can match on NORM,
        which also catches them inside hyphen compounds ("HIV-positiv")."""
        return term.literal and any(self.lexicon.norms.get(b, b) != b for b in term.bases)

    def _doc(self, text: str) -> Doc:
        """Tokenize and give every lexeme not seen before its lookup norm."""
        doc = self.nlp.make_doc(text)
        seen = self._seen
        vocab = doc.vocab
        norm_of = self.lexicon.norm_of
        for token in doc:
            orth = token.orth
            if orth in seen:
                continue
            seen.add(orth)
            norm = norm_of(token.lower_)
            if norm is not None:
                vocab[orth].norm_ = norm
        return doc

    def _sentence_has(self, doc: Doc, start: int, end: int, words: frozenset[str]) -> bool:
        """True if one of ``words`` occurs in the sentence around the span (bounded)."""
        for i in range(start - 1, max(-1, start - SENTENCE_REACH - 1), -1):
            if doc[i].text in _SENTENCE_END:
                break
            if doc[i].lower_ in words or doc[i].norm_ in words:
                return True
        for i in range(end, min(len(doc), end + SENTENCE_REACH)):
            if doc[i].text in _SENTENCE_END:
                break
            if doc[i].lower_ in words or doc[i].norm_ in words:
                return True
        return False

    def _personal(self, doc: Doc, start: int, end: int) -> bool:
        """True if a first-person word stands near the span, within its sentence."""
        context = self.lexicon.context
        for i in range(start - 1, max(-1, start - CONTEXT_WINDOW - 1), -1):
            token = doc[i]
            if token.text in _SENTENCE_END:
                break
            if token.text in context or token.lower_ in context:
                return True
        for i in range(end, min(len(doc), end + CONTEXT_WINDOW)):
            token = doc[i]
            if token.text in _SENTENCE_END:
                break
            if token.text in context or token.lower_ in context:
                return True
        return False

    def _part_of_a_name(self, doc: Doc, start: int, end: int) -> bool:
        """A capitalised weak term beside another capitalised word or a company suffix is a
        name ("Nordlys Helse AS", "Church Street"), not a statement about a person."""
        if not doc[start].is_title:
            return False
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and before.is_title and before.text != "I":
            return True
        return after is not None and (after.is_title or after.text in _COMPANY_SUFFIXES)

    def hits(self, text: str) -> list[Hit]:
        """Special-category hits in one chunk of text."""
        doc = self._doc(text)
        strings = self.nlp.vocab.strings
        spans = [(strings[key], s, e) for key, s, e in self.phrases(doc)]
        spans += [(strings[key], s, e) for key, s, e in self.literal(doc)]
        spans += [(strings[key], s, e) for key, s, e in self.cased(doc)]
        spans += [(strings[key], s, e) for key, s, e in self.matcher(doc)]
        excluded = [(s, e) for label, s, e in spans if label == EXCLUDE]
        hits: list[Hit] = []
        for label, start, end in spans:
            if label == EXCLUDE or any(s < end and start < e for s, e in excluded):
                continue
            if end < len(doc) and doc[end].lower_ in self.lexicon.exclude_before:
                continue
            category, strength = label.split("|")
            if strength == "weak" and self._part_of_a_name(doc, start, end):
                continue
            if strength == "weak" and (
                not self._personal(doc, start, end)
                or self._sentence_has(doc, start, end, self.lexicon.anti_context.get(category, frozenset()))
            ):
                continue
            span = doc[start:end]
            hits.append(Hit(category, span.start_char, span.end_char, CONFIDENCE[strength]))
        return hits

    @property
    def vocab_size(self) -> int:
        return len(self.nlp.vocab)


def _trim_lexeme_attributes(nlp: Language) -> None:
    """Compute only the lexeme attributes the matchers read.

    Every word spaCy has not seen before becomes a lexeme, and by default each gets
    ~20 attributes (shape, stop word, like_url, a lexeme-norm table lookup, ...).
    Most messages bring new words (names, typos, e-mail addresses), so this is the
    largest cost after tokenizing; NORM defaults to the lowercase form and is then
    overridden by our lookup norms.
    """
    from spacy import attrs

    getters = nlp.vocab.lex_attr_getters
    keep = {attrs.LOWER, attrs.IS_ALPHA, attrs.IS_PUNCT, attrs.IS_TITLE, attrs.LIKE_NUM}
    trimmed = {key: getter for key, getter in getters.items() if key in keep}
    trimmed[attrs.NORM] = lambda string: string.lower()
    nlp.vocab.lex_attr_getters = trimmed


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Overlapping pieces cut at whitespace, so very long texts stay linear and within spaCy's limits."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut if cut > start else end
        yield start, text[start:end]
        if end >= len(text):
            return
        back = text.rfind(" ", end - CHUNK_OVERLAP, end)
        start = back + 1 if back > start else end


_matchers: dict[str, CategoryMatcher] = {}
_lock = threading.Lock()


def get_matcher(pipeline: str) -> CategoryMatcher:
    """The cached matcher of a pipeline, built on first use (and rebuilt if its vocab grew too big)."""
    matcher = _matchers.get(pipeline)
    if matcher is None or matcher.vocab_size > MAX_VOCAB:
        with _lock:
            matcher = _matchers.get(pipeline)
            if matcher is None or matcher.vocab_size > MAX_VOCAB:
                matcher = CategoryMatcher(load_lexicon(pipeline))
                _matchers[pipeline] = matcher
    return matcher


def category_hits(text: str, language: str | None) -> list[Hit]:
    """Hits from every pipeline the language hint calls for, over all chunks, deduplicated."""
    found: set[Hit] = set()
    for pipeline in pipelines_for(language):
        matcher = get_matcher(pipeline)
        for offset, chunk in _chunks(text):
            for hit in matcher.hits(chunk):
                found.add(Hit(hit.category, hit.start + offset, hit.end + offset, hit.confidence))
    return sorted(found, key=lambda h: (h.start, h.end, h.category))
