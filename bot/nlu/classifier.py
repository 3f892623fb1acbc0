"""From text to what the writer wants: request types, intent, section, language.

The whole message is classified, and so is each of its sentences; request types
found with enough confidence in any sentence are united with the whole
message's (multi-intent labels such as ``request_access+request_erasure`` are
split).  ``scripts/eval_nlu.py`` measures this against whole-message-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from bot.config import NluSettings, Settings
from bot.nlu import intents
from bot.nlu.language import detect_language
from bot.nlu.model import NluModel, Parse
from bot.nlu.text import normalise, segments

__all__ = ["Classification", "Classifier", "SensitiveSpan", "Strategy", "TextClassifier", "Thresholds"]

Strategy = Literal["whole", "sentences"]


@dataclass(frozen=True)
class SensitiveSpan:
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Classification:
    """The product's reading of one message (the ``personvern classify`` line)."""

    requests: list[str]
    intent: str
    confidence: float
    section: str | None
    language: str
    sensitive: list[SensitiveSpan] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Thresholds:
    """When a parse counts, from the ``[nlu]`` settings (the one source of these numbers)."""

    fallback: float  # the whole message's top label counts from this confidence
    sentence: float  # a sentence's top label counts from this confidence
    marginal: float  # a request type counts when its probability summed over labels reaches this

    @classmethod
    def from_settings(cls, nlu: NluSettings) -> Thresholds:
        return cls(nlu.fallback_threshold, nlu.sentence_threshold, nlu.marginal_threshold)


class TextClassifier(Protocol):
    """What the channels need: ``Classifier`` here, or ``bot.nlu.process.ClassifierProcess``.

    ``language`` given (the channel already detected it) skips detection;
    ``scan=False`` skips the sensitive-data scan for a channel that runs the
    detector itself, so each message is read once for each.
    """

    @property
    def model_name(self) -> str | None: ...

    def classify(self, text: str, *, language: str | None = None, scan: bool = True) -> Classification: ...

    def classify_many(self, texts: list[str], *, scan: bool = True) -> list[Classification]: ...


def _marginals(parse: Parse) -> dict[str, float]:
    """P(request type is among the writer's requests), summed over every label
    that contains it: ``request_access+request_erasure`` counts for both."""
    out: dict[str, float] = {}
    for label, confidence in parse.ranking:
        for rtype in intents.requests_in(label):
            out[rtype] = out.get(rtype, 0.0) + confidence
    return out


def _requests_of(parse: Parse, threshold: float, marginal_threshold: float) -> set[str]:
    """The top label's request types when it is confident enough, plus any type
    whose summed probability over all labels is high on its own."""
    found = {r for r, p in _marginals(parse).items() if p >= marginal_threshold}
    if parse.confidence >= threshold:
        found |= set(intents.requests_in(parse.intent))
    return found


def _default_sensitive() -> Callable[[str, str], list[SensitiveSpan]] | None:
    try:
        from bot.sensitive import detect  # deferred: spaCy loads only for classifiers that scan
    except ImportError:  # pragma: no cover - the detector ships with the product
        return None

    def scan(text: str, language: str) -> list[SensitiveSpan]:
        return [SensitiveSpan(f.category, f.start, f.end) for f in detect(text, language)]

    return scan


class Classifier:
    """Loads the model once; classifies one text or a batch."""

    def __init__(
        self,
        model: NluModel | str | Path,
        *,
        thresholds: Thresholds | None = None,
        strategy: Strategy = "sentences",
        scan_sensitive: bool = True,
    ) -> None:
        """``thresholds`` default to the ``[nlu]`` settings' defaults; ``scan_sensitive=False``
        never loads the detector (evaluation, benchmarks)."""
        self.model = model if isinstance(model, NluModel) else NluModel(model)
        self.strategy = strategy
        self.thresholds = thresholds or Thresholds.from_settings(NluSettings())
        self._scan = _default_sensitive() if scan_sensitive else None

    @classmethod
    def from_settings(cls, settings: Settings, model: NluModel | str | Path | None = None, **options: Any) -> Classifier:
        """The configured model (``nlu.model_dir``) and thresholds; ``options`` as for ``__init__``."""
        return cls(
            model or settings.path(settings.nlu.model_dir),
            thresholds=Thresholds.from_settings(settings.nlu),
            **options,
        )

    @property
    def model_name(self) -> str:
        return self.model.path.name

    def classify(self, text: str, *, language: str | None = None, scan: bool = True) -> Classification:
        return self._classify([text], [language], scan)[0]

    def classify_many(self, texts: Iterable[str], *, scan: bool = True) -> list[Classification]:
        """Classify a batch: one model run for all whole texts and sentences."""
        texts = list(texts)
        return self._classify(texts, [None] * len(texts), scan)

    def _classify(self, texts: list[str], languages: list[str | None], scan: bool) -> list[Classification]:
        cleaned = [normalise(t) or "-" for t in texts]
        sentence_lists: list[list[str]] = []
        for clean in cleaned:
            parts = segments(clean) if self.strategy == "sentences" else []
            sentence_lists.append(parts if len(parts) > 1 else [])
        flat = cleaned + [s for group in sentence_lists for s in group]
        parses = self.model.parse(flat)
        whole, rest = parses[: len(cleaned)], parses[len(cleaned) :]
        out: list[Classification] = []
        offset = 0
        for text, clean, language, parse, sentences in zip(texts, cleaned, languages, whole, sentence_lists, strict=True):
            sentence_parses = rest[offset : offset + len(sentences)]
            offset += len(sentences)
            language = language or detect_language(clean)
            sensitive = self._scan(text, language) if self._scan and scan else []
            out.append(self._combine(parse, sentence_parses, language, sensitive))
        return out

    def _combine(
        self, parse: Parse, sentence_parses: list[Parse], language: str, sensitive: list[SensitiveSpan]
    ) -> Classification:
        limits = self.thresholds
        found = _requests_of(parse, limits.fallback, limits.marginal)
        for sp in sentence_parses:
            found |= _requests_of(sp, limits.sentence, limits.marginal)
        requests = [r for r in intents.REQUEST_TYPES if r in found]
        if requests:
            intent = intents.intent_for_requests(requests)
            # The whole message's confidence when it says exactly this, else the
            # best confidence of any parse (whole or sentence) that names a request.
            confidence = parse.confidence if parse.intent == intent else max(
                (p.confidence for p in (parse, *sentence_parses) if intents.requests_in(p.intent)), default=0.0
            )
        elif parse.confidence >= limits.fallback and parse.intent != intents.FALLBACK_INTENT:
            intent, confidence = parse.intent, parse.confidence
        else:
            intent, confidence = intents.FALLBACK_INTENT, parse.confidence
        return Classification(
            requests=requests,
            intent=intent,
            confidence=round(float(confidence), 4),
            section=intents.section_for(intent, requests),
            language=language,
            sensitive=sensitive,
        )
