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

from bot.config import Settings
from bot.nlu import intents
from bot.nlu.language import detect_language
from bot.nlu.model import NluModel, Parse
from bot.nlu.text import normalise, segments

__all__ = ["Classification", "Classifier", "Strategy", "SensitiveSpan", "TextClassifier"]

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


class TextClassifier(Protocol):
    """What the channels need: ``Classifier`` here, or ``bot.nlu.process.ClassifierProcess``."""

    @property
    def model_name(self) -> str | None: ...

    def classify(self, text: str) -> Classification: ...

    def classify_many(self, texts: list[str]) -> list[Classification]: ...


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
        from bot.sensitive import detect
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
        strategy: Strategy = "sentences",
        # Chosen on a development split of the training data (scripts/tune_nlu.py),
        # never on the held-out test set; see docs/nlu.md.
        fallback_threshold: float = 0.3,
        sentence_threshold: float = 0.6,
        marginal_threshold: float = 0.7,
        scan_sensitive: bool = True,
    ) -> None:
        self.model = model if isinstance(model, NluModel) else NluModel(model)
        self.strategy = strategy
        self.fallback_threshold = fallback_threshold
        self.sentence_threshold = sentence_threshold
        self.marginal_threshold = marginal_threshold
        self._scan = _default_sensitive() if scan_sensitive else None

    @classmethod
    def from_settings(cls, settings: Settings, model: NluModel | str | Path | None = None, **options: Any) -> Classifier:
        """The configured model (``nlu.model_dir``) and fallback threshold; ``options`` as for ``__init__``."""
        return cls(
            model or settings.path(settings.nlu.model_dir),
            fallback_threshold=settings.nlu.fallback_threshold,
            **options,
        )

    @property
    def model_name(self) -> str:
        return self.model.path.name

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def classify_many(self, texts: Iterable[str]) -> list[Classification]:
        """Classify a batch: one model run for all whole texts and sentences."""
        texts = list(texts)
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
        for text, clean, parse, sentences in zip(texts, cleaned, whole, sentence_lists, strict=True):
            sentence_parses = rest[offset : offset + len(sentences)]
            offset += len(sentences)
            out.append(self._combine(text, clean, parse, sentence_parses))
        return out

    def _combine(self, text: str, clean: str, parse: Parse, sentence_parses: list[Parse]) -> Classification:
        found = _requests_of(parse, self.fallback_threshold, self.marginal_threshold)
        for sp in sentence_parses:
            found |= _requests_of(sp, self.sentence_threshold, self.marginal_threshold)
        requests = [r for r in intents.REQUEST_TYPES if r in found]
        if requests:
            intent = intents.intent_for_requests(requests)
            # The whole message's confidence when it says exactly this, else the
            # best confidence of any parse (whole or sentence) that names a request.
            confidence = parse.confidence if parse.intent == intent else max(
                (p.confidence for p in (parse, *sentence_parses) if intents.requests_in(p.intent)), default=0.0
            )
        elif parse.confidence >= self.fallback_threshold and parse.intent != intents.FALLBACK_INTENT:
            intent, confidence = parse.intent, parse.confidence
        else:
            intent, confidence = intents.FALLBACK_INTENT, parse.confidence
        language = detect_language(clean)
        sensitive = self._scan(text, language) if self._scan else []
        return Classification(
            requests=requests,
            intent=intent,
            confidence=round(float(confidence), 4),
            section=intents.section_for(intent, requests),
            language=language,
            sensitive=sensitive,
        )
