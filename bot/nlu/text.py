"""Text preparation for classification: normalising and splitting into sentences.

Sentence-level classification is how one message yields several requests
("send me a copy and then delete everything"): each sentence is classified on
its own and the request types are united with the whole message's.
"""

from __future__ import annotations

import re

__all__ = ["normalise", "segments"]

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
# Line breaks, semicolons, and "and then"-style joins between two requests.
_SPLIT = re.compile(
    r"\n+|;\s*|"
    r",?\s+\b(?:and then|and also|and afterwards|og så|og deretter|og etterpå|og da|og i tillegg|samt)\b\s+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A full stop that does not end a sentence: "art. 15", "nr. 3", "jf.", "e.g." (and "5. mars": lower case follows).
_ABBREVIATION = re.compile(
    r"(?:\b(?:art|arts|nr|jf|jfr|bl\.a|f\.eks|e\.g|i\.e|ca|dvs|pkt|kap|ref|mr|mrs|ms|dr|no|nos|tlf|vs|etc|st|bokst|ledd|mv|osv|evt|iht|ifm|inkl|ekskl)\.)$",
    re.IGNORECASE,
)
_MAX_CHARS = 4000


def normalise(text: str) -> str:
    """Collapse runs of spaces, drop empty lines, cap the length the model sees."""
    lines = (_WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)[:_MAX_CHARS]


def _sentences(text: str, abbreviations: bool) -> list[str]:
    """``text`` split at sentence ends; with ``abbreviations``, not after "art."/"nr."/"e.g." nor before a
    lower-case word or a digit ("artikkel 21 nr. 1", "5. mars")."""
    out: list[str] = []
    for part in _SENTENCE_END.split(text):
        if abbreviations and out and part and (_ABBREVIATION.search(out[-1]) or part[0].islower() or part[0].isdigit()):
            out[-1] = f"{out[-1]} {part}"
        elif part:
            out.append(part)
    return out


def segments(text: str, min_words: int = 2, max_segments: int = 12, *, abbreviations: bool = False) -> list[str]:
    """The message's sentences with at least ``min_words`` words, in order, the first ``max_segments``.

    The cap matters for letters: an identity block and an "(a)-(h)" list can
    fill twelve segments before the sentence that asks (``nlu.max_sentences``).
    ``abbreviations=True`` (the second stage's reading of letters) keeps "art. 15 nr. 3" in one sentence;
    the rules' strategies keep the plain split they were tuned with.
    """
    parts = (p.strip(" ,-–") for piece in _SPLIT.split(normalise(text)) if piece for p in _sentences(piece, abbreviations))
    kept = [p for p in parts if len(p.split()) >= min_words]
    return kept[:max_segments]
