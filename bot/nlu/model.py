"""Loading the trained Rasa NLU model and parsing batches of texts with it.

Rasa's ``Agent.parse_message`` handles one message per graph run; the NLU graph
components all take lists, so a whole batch goes through one run here, which
keeps throughput up when classifying a backlog.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ModelNotFound
from bot.nlu import graph

__all__ = ["ModelNotFound", "NluModel", "find_model", "quiet_rasa"]

log = logging.getLogger(__name__)


def quiet_rasa() -> None:
    """Rasa logs every parsed text at debug level; message text must never reach logs."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["LOG_LEVEL"] = "WARNING"
    from rasa.utils.log_utils import (
        configure_structlog,  # after the variables above: rasa reads them on import
    )

    configure_structlog(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl", "h5py", "matplotlib"):
        logging.getLogger(name).setLevel(logging.WARNING)


def find_model(model_dir: str | Path) -> Path:
    """The newest ``*.tar.gz`` in ``model_dir`` (or the file itself)."""
    path = Path(model_dir)
    if path.is_file():
        return path
    candidates = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime) if path.is_dir() else []
    if not candidates:
        raise ModelNotFound(f"no trained model in {path}: run 'make model'")
    return candidates[-1]


@dataclass(frozen=True)
class Parse:
    """One text's intent ranking and entities, as Rasa produced them."""

    intent: str
    confidence: float
    ranking: tuple[tuple[str, float], ...]
    entities: tuple[dict[str, Any], ...]
    spam: float = 0.0  # P(unsolicited bulk or fraudulent mail): bot.nlu.components.spam
    # Every label with its probability from the whole-message classifier (bot.nlu.components.whole_message);
    # empty for a sentence read apart, or a model without that component.
    message_ranking: tuple[tuple[str, float], ...] = ()
    # Each right's own probability from the same component's per-right models; empty as above.
    message_rights: tuple[tuple[str, float], ...] = ()
    # The same on the text without the clauses that decline, thank for, refer to, state or defer a
    # right, and why each was left out ("thanked", "declined", ...: bot.nlu.asking); empty when none is.
    asked_rights: tuple[tuple[str, float], ...] = ()
    unasked: tuple[str, ...] = ()
    # Each right's own probability from the per-right models that learnt no ``long_letters`` (the
    # check of short messages, docs/nlu.md "Session 14"); empty when the model has none.
    short_rights: tuple[tuple[str, float], ...] = ()


class NluModel:
    """A loaded Rasa model; ``parse`` is synchronous and thread-compatible."""

    def __init__(self, model_path: str | Path) -> None:
        self.path = find_model(model_path)  # before the slow Rasa import: no model, no wait
        root = logging.getLogger()
        level, handlers = root.level, list(root.handlers)
        quiet_rasa()
        from rasa.core.agent import Agent  # deferred: rasa and TensorFlow load with the first model

        self._agent = Agent.load(str(self.path))
        # Rasa reconfigures the root logger while loading; the application's own
        # logging set-up (level and handlers) wins.
        root.setLevel(level)
        root.handlers[:] = handlers
        processor = self._agent.processor
        if processor is None:  # pragma: no cover - Agent.load raises first
            raise ModelNotFound(f"{self.path} has no NLU graph")
        self._runner = processor.graph_runner
        graph.install(self._runner)  # no dask per prediction; one run at a time across threads
        self._target = processor.model_metadata.nlu_target
        log.info("loaded NLU model %s", self.path.name)

    @property
    def agent(self) -> Any:
        """The loaded Rasa ``Agent`` (a full model also holds the dialogue: ``bot.dialogue``)."""
        return self._agent

    def parse(self, texts: list[str], *, messages: int | None = None, spam: bool = True,
              asked: bool = False) -> list[Parse]:
        """Classify many texts in one graph run.  The first ``messages`` (default: all) are whole
        messages; the rest are sentences of those, which get no whole-message ranking and no spam
        score (scoring them costs and tells nothing).  ``spam=False`` scores no text for spam;
        ``asked`` also reads whole messages without the clauses that ask nothing (``asked_scope``)."""
        if not texts:
            return []
        from rasa.core.channels import UserMessage
        from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER

        from bot.nlu.components.spam import SKIP
        from bot.nlu.components.whole_message import ASKED, UNRANKED

        whole = len(texts) if messages is None else messages

        def metadata(n: int) -> dict[str, bool] | None:
            if n >= whole:
                return {UNRANKED: True, SKIP: True}
            flags = ({} if spam else {SKIP: True}) | ({ASKED: True} if asked else {})
            return flags or None

        messages_in = [UserMessage(text=t, metadata=metadata(n)) for n, t in enumerate(texts)]
        results = self._runner.run(
            inputs={PLACEHOLDER_MESSAGE: messages_in, PLACEHOLDER_TRACKER: None},
            targets=[self._target],
        )
        return [_to_parse(m.as_dict(only_output_properties=True)) for m in results[self._target]]


def _to_parse(data: dict[str, Any]) -> Parse:
    # FallbackClassifier puts nlu_fallback on top; the product applies its own
    # thresholds (see Classifier), so keep the model's real best guess.
    ranking = tuple(
        (r["name"], float(r["confidence"]))
        for r in data.get("intent_ranking") or ()
        if r["name"] != "nlu_fallback"
    )
    intent = {"name": ranking[0][0], "confidence": ranking[0][1]} if ranking else data.get("intent") or {}
    entities = tuple(
        {k: e[k] for k in ("entity", "start", "end", "value") if k in e} for e in data.get("entities") or ()
    )
    return Parse(
        intent=str(intent.get("name") or "nlu_fallback"),
        confidence=float(intent.get("confidence") or 0.0),
        ranking=ranking,
        entities=entities,
        spam=float(data.get("spam") or 0.0),
        message_ranking=tuple((str(label), float(p)) for label, p in data.get("message_ranking") or ()),
        message_rights=tuple((str(right), float(p)) for right, p in (data.get("message_rights") or {}).items()),
        asked_rights=tuple((str(right), float(p)) for right, p in (data.get("message_rights_asked") or {}).items()),
        unasked=tuple(str(reason) for reason in data.get("message_unasked") or ()),
        short_rights=tuple((str(right), float(p)) for right, p in (data.get("message_rights_short") or {}).items()),
    )
