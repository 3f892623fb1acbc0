"""From text to what the writer wants: requests, other rights, intent, section, language.

The whole message is classified, and so is each of its sentences, in one model
run; ``bot.nlu.reading`` decides from those parses what is asked for (and
what is only cited), and whether the reading is in doubt.  ``make eval``
measures the strategies against each other and against a plain TF-IDF peer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot.config import NluSettings, Settings
from bot.nlu import intents
from bot.nlu.formats import with_format
from bot.nlu.language import detect_language
from bot.nlu.model import NluModel, Parse
from bot.nlu.reading import Limits, Strategy, read, read_message, read_second_stage, spam_or
from bot.nlu.second_stage import SecondStage, stage_path
from bot.nlu.text import normalise, segments

__all__ = ["Classification", "Classifier", "SensitiveSpan", "Strategy", "TextClassifier", "Thresholds"]


@dataclass(frozen=True)
class SensitiveSpan:
    category: str
    start: int
    end: int


@dataclass(frozen=True)
class Classification:
    """The product's reading of one message (the ``personvern classify`` line)."""

    requests: list[str]  # the rights the privacy statement promises to handle (intents.REQUEST_TYPES)
    intent: str
    confidence: float
    section: str | None
    language: str
    sensitive: list[SensitiveSpan] = field(default_factory=list)
    other_rights: list[str] = field(default_factory=list)  # objection, restriction, portability, automated_decision
    doubt: bool = False  # may be a request, not confidently one: a person must read it
    likely_spam: bool = False  # the spam detector is confident (``intent`` is spam when nothing is asked)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Thresholds(Limits):
    """``bot.nlu.reading.Limits`` from the ``[nlu]`` settings (the one source of these numbers)."""

    @classmethod
    def from_settings(cls, nlu: NluSettings) -> Thresholds:
        return cls(
            fallback=nlu.fallback_threshold,
            sentence=nlu.sentence_threshold,
            marginal=nlu.marginal_threshold,
            doubt=nlu.doubt_threshold,
            question=nlu.question_threshold,
            long_message=nlu.long_message_sentences,
            max_sentences=nlu.max_sentences,
            stage_from=nlu.stage_min_sentences,
            spam=nlu.spam_threshold,
            message=nlu.message_threshold,
            message_long=nlu.message_long_threshold,
            message_doubt=nlu.message_doubt_threshold,
            message_blend=nlu.message_blend,
            right_keep=nlu.right_keep_threshold,
            right_add=nlu.right_add_threshold,
            right_confirm=nlu.right_confirm_threshold,
            asked_scope=nlu.asked_scope,
            letter_check=nlu.letter_check,
            formats=nlu.format_rights,
        )


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
        strategy: Strategy | None = None,
        scan_sensitive: bool = True,
    ) -> None:
        """``thresholds`` default to the ``[nlu]`` settings' defaults; ``scan_sensitive=False``
        never loads the detector (evaluation, benchmarks)."""
        self.model = model if isinstance(model, NluModel) else NluModel(model)
        defaults = NluSettings()
        self.strategy: Strategy = strategy or defaults.strategy  # type: ignore[assignment]
        self.thresholds = thresholds or Thresholds.from_settings(defaults)
        # The second stage is stored next to the Rasa model; a model without one is read by the rules.
        self.stage = SecondStage.load(stage_path(self.model.path)) if self.strategy == "second_stage" else None
        if self.strategy == "second_stage" and self.stage is None:
            self.strategy = "roles"
        self._scan = _default_sensitive() if scan_sensitive else None

    @classmethod
    def from_settings(cls, settings: Settings, model: NluModel | str | Path | None = None, **options: Any) -> Classifier:
        """The configured model (``nlu.model_dir``) and thresholds; ``options`` as for ``__init__``."""
        return cls(
            model or settings.path(settings.nlu.model_dir),
            thresholds=Thresholds.from_settings(settings.nlu),
            **{"strategy": settings.nlu.strategy, **options},
        )

    @property
    def model_name(self) -> str:
        return self.model.path.name

    def classify(self, text: str, *, language: str | None = None, scan: bool = True) -> Classification:
        return self._classify([text], [language], scan)[0][0]

    def classify_parsed(
        self, text: str, *, language: str | None = None, scan: bool = True, spam: bool = True
    ) -> tuple[Classification, Parse]:
        """``classify``, and the model's own parse of the whole text: the chat's dialogue hands it
        to Rasa, which would otherwise run the model on the same text a second time.  ``spam=False``
        skips the spam detector (about a millisecond) for a channel that has no use for it."""
        return self._classify([text], [language], scan, spam)[0]

    def classify_many(self, texts: Iterable[str], *, scan: bool = True) -> list[Classification]:
        """Classify a batch: one model run for all whole texts and sentences."""
        texts = list(texts)
        return [found for found, _ in self._classify(texts, [None] * len(texts), scan)]

    def _classify(
        self, texts: list[str], languages: list[str | None], scan: bool, spam: bool = True
    ) -> list[tuple[Classification, Parse]]:
        cleaned = [normalise(t) or "-" for t in texts]
        sentence_lists: list[list[str]] = []
        for clean in cleaned:
            cap = self.stage.max_sentences if self.stage else self.thresholds.max_sentences
            parts = segments(clean, max_segments=cap, abbreviations=self.stage is not None) if self.strategy != "whole" else []
            sentence_lists.append(parts if len(parts) > 1 else [])
        flat = cleaned + [s for group in sentence_lists for s in group]
        parses = self.model.parse(flat, messages=len(cleaned), spam=spam, asked=self.thresholds.asked_scope != "off")
        whole, rest = parses[: len(cleaned)], parses[len(cleaned) :]
        out: list[tuple[Classification, Parse]] = []
        offset = 0
        for text, clean, language, parse, sentences in zip(texts, cleaned, languages, whole, sentence_lists, strict=True):
            sentence_parses = rest[offset : offset + len(sentences)]
            offset += len(sentences)
            language = language or detect_language(clean)
            sensitive = self._scan(text, language) if self._scan and scan else []
            out.append((self._combine(parse, sentence_parses, sentences, language, sensitive, clean), parse))
        return out

    def _combine(
        self,
        parse: Parse,
        sentence_parses: list[Parse],
        sentences: list[str],
        language: str,
        sensitive: list[SensitiveSpan],
        text: str = "",
    ) -> Classification:
        if self.strategy in ("message", "letters"):
            reading = read_message(parse, sentence_parses, self.thresholds, "message" if self.strategy == "message" else "roles")
        elif self.stage is not None:
            reading = read_second_stage(parse, sentence_parses, sentences, self.stage, self.thresholds)
        else:
            reading = read(parse, sentence_parses, self.thresholds, self.strategy)
        if self.thresholds.formats:
            reading = with_format(reading, text)
        reading = spam_or(reading, parse, self.thresholds)
        requests = reading.requests
        return Classification(
            requests=requests,
            intent=reading.intent,
            confidence=reading.confidence,
            section=intents.section_for(reading.intent, requests),
            language=language,
            sensitive=sensitive,
            other_rights=reading.other_rights,
            doubt=reading.doubt,
            likely_spam=reading.likely_spam,
        )
