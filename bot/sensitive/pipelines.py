"""spaCy matching for the special categories, built in code and cached per process.

No trained model can be downloaded here, so the pipeline is ``spacy.blank("nb")`` (the
tokenizer only) plus a lookup lemmatiser of our own: every new lexeme gets its
``norm`` set once to the list base word it is a form of (see ``inflection`` and
``lexicon.Norms``). PhraseMatchers then match on ``NORM``, so "depresjonen",
"Depresjon" and "depresjonsmedisin" all match the entry "depresjon*". Because the norm
is stored on the lexeme, a word costs a set lookup after its first sighting.

One tokenizer and vocabulary serve every language: each language's lists get their
own matchers (a ``MatchSet``) over the same ``Doc``, so scanning with all lists
(``language=None``) tokenizes once. The Bokmål tokenizer is used for English too; it
keeps "I'm" and "don't" whole, which the English lists take into account.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from .lexicon import PIPELINE_FILES, Lexicon, Norms, Term, load_lexicon, load_norms
from .patterns import expand
from .screen import Screen, pattern_anchor

if TYPE_CHECKING:  # spaCy (and the TensorFlow it drags in) loads only on first detect()
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["CHUNK_CHARS", "SCREEN_ABOVE", "Engine", "Hit", "MatchSet", "category_hits", "get_engine", "pipelines_for"]

_LANGUAGE_PIPELINES = {"nb": ("no",), "nn": ("no",), "en": ("en",), None: tuple(PIPELINE_FILES)}
CONFIDENCE = {"strong": 0.9, "pattern": 0.85, "weak": 0.7}
CONTEXT_WINDOW = 6
SENTENCE_REACH = 30
_SENTENCE_END = frozenset({".", "!", "?", "\n", "\n\n"})
_COMPANY_SUFFIXES = frozenset({"AS", "ASA", "SA", "HF", "RHF", "Ltd", "Inc", "LLC", "GmbH", "AB"})
# A long-running process meets new words forever; rebuild before the vocabulary (and
# so memory) grows without bound.
MAX_VOCAB = 500_000
CHUNK_CHARS = 50_000
SCREEN_ABOVE = 20_000  # texts longer than this skip sentences without any list word
CHUNK_OVERLAP = 200
EXCLUDE = "exclude"


class Hit(NamedTuple):
    """A matched span: category, character offsets and confidence (a tuple: many are made)."""

    category: str
    start: int
    end: int
    confidence: float


def pipelines_for(language: str | None) -> tuple[str, ...]:
    """List groups to run for a language hint (None runs all)."""
    try:
        return _LANGUAGE_PIPELINES[language]
    except KeyError:
        raise ValueError(f"language must be 'nb', 'nn', 'en' or None, not {language!r}") from None


def _trim_lexeme_attributes(nlp: Language) -> None:
    """Compute only the lexeme attributes the matchers read.

    Every word spaCy has not seen before becomes a lexeme, and by default each gets
    ~20 attributes (shape, stop word, like_url, ...). Most messages bring new words
    (names, typos, e-mail addresses), so this is the largest cost after tokenizing.
    NORM defaults to the lowercase form and is then overridden by our lookup norms.
    """
    from spacy import attrs

    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # real, missing from spaCy's stub
    keep = {attrs.LOWER, attrs.IS_ALPHA, attrs.IS_PUNCT, attrs.IS_TITLE}
    trimmed = {key: getter for key, getter in getters.items() if key in keep}
    trimmed[attrs.NORM] = str.lower
    nlp.vocab.lex_attr_getters = trimmed  # type: ignore[attr-defined]


class Engine:
    """The shared tokenizer, its lookup norms, and one MatchSet per language group."""

    def __init__(self, norms: Norms, lexicons: dict[str, Lexicon]) -> None:
        import spacy  # deferred (here and in this module's other functions): ~1 s, only when text is scanned

        self.norms = norms
        self.nlp: Language = spacy.blank("nb")
        _trim_lexeme_attributes(self.nlp)
        self._seen: set[int] = set()
        self._lock = threading.Lock()
        self.screen = Screen(norms)
        self.match_sets = {name: MatchSet(self, lexicon) for name, lexicon in lexicons.items()}

    def doc(self, text: str) -> Doc:
        """Tokenize and give every lexeme not seen before its lookup norm."""
        from spacy.attrs import ORTH

        doc = self.nlp.make_doc(text)
        new = set(doc.to_array([ORTH]).ravel().tolist()) - self._seen
        if new:
            self._seen |= new
            vocab = doc.vocab
            strings = vocab.strings
            norm_of = self.norms.norm_of
            for orth in new:
                norm = norm_of(strings[orth].lower())
                if norm is not None:
                    vocab[orth].norm_ = norm
        return doc

    @property
    def vocab_size(self) -> int:
        return len(self.nlp.vocab)

    def hits(self, text: str, pipelines: tuple[str, ...]) -> list[Hit]:
        # spaCy's vocabulary and our norm cache are written on every new word: one
        # caller at a time (intake may call detect from worker threads).
        with self._lock:
            doc = self.doc(text)
            return [hit for name in pipelines for hit in self.match_sets[name].hits(doc)]


class MatchSet:
    """The matchers built from one language group's lists, over the engine's vocab."""

    def __init__(self, engine: Engine, lexicon: Lexicon) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.engine = engine
        self.lexicon = lexicon
        vocab = engine.nlp.vocab
        # Terms spelled all-exact whose word is also a form of another base
        # ("=fingerprinting" of "fingerprint") match the literal lowercase text;
        # the rest match on NORM, i.e. any inflection of their base words.
        self.phrases = PhraseMatcher(vocab, attr="NORM")
        self.literal = PhraseMatcher(vocab, attr="LOWER")
        self.cased = PhraseMatcher(vocab, attr="ORTH")
        self.matcher = Matcher(vocab)
        groups = [(f"{c}|{s}", terms) for (c, s), terms in lexicon.terms.items()]
        groups.append((EXCLUDE, lexicon.exclusions))
        screen = engine.screen
        for label, terms in groups:
            literal = [engine.doc(t.text) for t in terms if self.needs_literal(t)]
            normed = [engine.doc(t.text) for t in terms if not self.needs_literal(t)]
            if literal:
                self.literal.add(label, literal)
            if normed:
                self.phrases.add(label, normed)
            if label != EXCLUDE:
                for doc in literal:
                    screen.add_literal(doc)
                for doc in normed:
                    screen.add_normed(doc)
        pattern_groups = [(f"{c}|pattern", ps) for c, ps in lexicon.patterns.items()]
        pattern_groups.append((EXCLUDE, lexicon.exclusion_patterns))
        for label, patterns in pattern_groups:
            for pattern in patterns:
                if label != EXCLUDE:
                    screen.add_words(pattern_anchor(pattern))
                expanded = expand(pattern)
                if expanded is None:
                    self.matcher.add(label, [pattern])
                    continue
                attr, phrases = expanded
                docs = [engine.doc(p) for p in phrases]
                (self.cased if attr == "ORTH" else self.phrases).add(label, docs)

    def needs_literal(self, term: Term) -> bool:
        """An exact term whose word is also a form of another base must match its literal
        text; other exact terms match on NORM, which also finds them inside hyphen
        compounds ("HIV-positiv")."""
        return term.literal and any(self.engine.norms.norms.get(b, b) != b for b in term.bases)

    def _sentence_has(self, doc: Doc, start: int, end: int, words: frozenset[str], reach: int) -> bool:
        """True if one of ``words`` occurs within ``reach`` tokens of the span, in its sentence."""
        for i in range(start - 1, max(-1, start - reach - 1), -1):
            token = doc[i]
            if token.text in _SENTENCE_END:
                break
            if token.text in words or token.lower_ in words or token.norm_ in words:
                return True
        for i in range(end, min(len(doc), end + reach)):
            token = doc[i]
            if token.text in _SENTENCE_END:
                break
            if token.text in words or token.lower_ in words or token.norm_ in words:
                return True
        return False

    def _part_of_a_name(self, doc: Doc, start: int, end: int) -> bool:
        """A capitalised weak term beside another capitalised word or a company suffix is a
        name ("Nordlys Helse AS"), not a statement about a person."""
        if not doc[start].is_title:
            return False
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and before.is_title and before.text != "I":
            return True
        return after is not None and (after.is_title or after.text in _COMPANY_SUFFIXES)

    def _weak_holds(self, doc: Doc, category: str, start: int, end: int) -> bool:
        """A weak term counts near a first-person word, outside names and anti-context."""
        lexicon = self.lexicon
        if self._part_of_a_name(doc, start, end):
            return False
        if not self._sentence_has(doc, start, end, lexicon.context, CONTEXT_WINDOW):
            return False
        anti = lexicon.anti_context.get(category)
        return not (anti and self._sentence_has(doc, start, end, anti, SENTENCE_REACH))

    def hits(self, doc: Doc) -> list[Hit]:
        """Special-category hits of this language group in one tokenized chunk."""
        strings = doc.vocab.strings
        spans: list[tuple[str, int, int]] = []
        for matcher in (self.phrases, self.literal, self.cased, self.matcher):
            spans += [(strings[key], s, e) for key, s, e in matcher(doc)]
        excluded = bytearray(len(doc) + 1)
        for label, start, end in spans:
            if label == EXCLUDE:
                excluded[start:end] = b"\x01" * (end - start)
        before = self.lexicon.exclude_before
        hits: list[Hit] = []
        for label, start, end in spans:
            if label == EXCLUDE or any(excluded[start:end]):
                continue
            if end < len(doc) and doc[end].lower_ in before:
                continue
            category, strength = label.split("|")
            if strength == "weak" and not self._weak_holds(doc, category, start, end):
                continue
            span = doc[start:end]
            hits.append(Hit(category, span.start_char, span.end_char, CONFIDENCE[strength]))
        return hits


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Overlapping pieces cut at whitespace, so long texts stay within spaCy's limits."""
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


_engine: Engine | None = None
_lock = threading.Lock()


def get_engine() -> Engine:
    """The cached engine, built on first use (and rebuilt if its vocab grew too big)."""
    global _engine
    engine = _engine
    if engine is None or engine.vocab_size > MAX_VOCAB:
        with _lock:
            engine = _engine
            if engine is None or engine.vocab_size > MAX_VOCAB:
                lexicons = {name: load_lexicon(name) for name in PIPELINE_FILES}
                engine = Engine(load_norms(), lexicons)
                _engine = engine
    return engine


def category_hits(text: str, language: str | None) -> list[Hit]:
    """Hits from every list group the language hint calls for, over all chunks, deduplicated."""
    pipelines = pipelines_for(language)
    engine = get_engine()
    ranges = [(0, len(text))] if len(text) <= SCREEN_ABOVE else engine.screen.spans(text)
    found: set[Hit] = set()
    for start, end in ranges:
        for offset, chunk in _chunks(text[start:end]):
            for hit in engine.hits(chunk, pipelines):
                shift = start + offset
                found.add(Hit(hit.category, hit.start + shift, hit.end + shift, hit.confidence))
    return sorted(found, key=lambda h: (h.start, h.end, h.category))
