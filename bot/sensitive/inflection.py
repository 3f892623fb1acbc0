"""Word forms for the word lists: Norsk Ordbank lemma tables plus generated endings.

The lists name base forms ("depresjon", "fagforening", "diagnose"); messages use
inflected ones ("depresjonen", "fagforeningen", "diagnosane"). For Bokmål the
spacy-lookups-data tables (Norsk Ordbank, CC-BY) give every form of a lemma, read
regardless of part of speech. Nynorsk has no table there, so regular noun and
adjective endings of both written standards are generated as well; an entry written
``=word`` opts out of both and matches exactly that form (for short words whose
generated forms would be other words, e.g. ``=tro`` vs "tror").
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from pathlib import Path

import spacy_lookups_data

__all__ = ["english_forms", "norwegian_forms"]

_DATA = Path(spacy_lookups_data.__file__).parent / "data"
# The table is flat {"pos": {"form": ["lemma", ...]}}; a regex pass over the text is
# ~6x faster than json.load and we only keep forms of the few lemmas we need.
_ENTRY = re.compile(r'"([^"\n]*)": \[([^\]\n]*)\]')

_NO_ENDINGS = ("en", "et", "a", "er", "ar", "ene", "ane", "e", "t", "s", "ens", "ets", "as")
_NO_ENDINGS_AFTER_E = ("n", "r", "ne", "t", "ns", "s")
_NO_ENDINGS_REPLACING_E = ("a", "ar", "ane", "ene", "ast")


def _reverse_table(path: Path, lemmas: set[str]) -> dict[str, set[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = handle.read()
    forms: dict[str, set[str]] = {lemma: set() for lemma in lemmas}
    for match in _ENTRY.finditer(raw):
        for lemma in json.loads("[" + match.group(2) + "]"):
            bucket = forms.get(lemma.lower())
            if bucket is not None:
                bucket.add(match.group(1).lower())
    return forms


def _generated_norwegian(word: str) -> set[str]:
    if len(word) < 4 or " " in word:
        return set()
    if word.endswith("er"):
        # Bokmål agent nouns in -er are -ar in Nynorsk: innvandrer -> innvandrar(ar/ane)
        nynorsk = word[:-2] + "ar"
        return {word + e for e in _NO_ENDINGS} | {nynorsk + e for e in ("", "en", "ar", "ane", "s")}
    if word.endswith("e"):
        stem = word[:-1]
        return {word + e for e in _NO_ENDINGS_AFTER_E} | {stem + e for e in _NO_ENDINGS_REPLACING_E}
    return {word + e for e in _NO_ENDINGS}


def norwegian_forms(words: Iterable[str]) -> dict[str, set[str]]:
    """Every known or regular form of each base word, the word itself included."""
    words = {w.lower() for w in words}
    table = _reverse_table(_DATA / "nb_lemma_exc.json.gz", words)
    return {w: {w} | table.get(w, set()) | _generated_norwegian(w) for w in words}


def _lookup_reverse(path: Path, lemmas: set[str]) -> dict[str, set[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    forms: dict[str, set[str]] = {lemma: set() for lemma in lemmas}
    for form, lemma in table.items():
        bucket = forms.get(lemma.lower())
        if bucket is not None:
            bucket.add(form.lower())
    return forms


def _generated_english(word: str) -> set[str]:
    if len(word) < 4 or " " in word:
        return set()
    if word.endswith("y") and word[-2] not in "aeiou":
        return {word[:-1] + "ies"}
    if word.endswith(("s", "x", "ch", "sh")):
        return {word + "es"}
    return {word + "s"}


def english_forms(words: Iterable[str]) -> dict[str, set[str]]:
    """Forms from spaCy's English lemma lookup (inverted) plus regular plurals."""
    words = {w.lower() for w in words}
    table = _lookup_reverse(_DATA / "en_lemma_lookup.json.gz", words)
    return {w: {w} | table.get(w, set()) | _generated_english(w) for w in words}
