"""The classifier as the intake sees it: loaded lazily, absent means "try later".

Loading the Rasa model takes seconds and may fail because no model has been
trained yet; mail must still be accepted meanwhile.  ``LazyClassifier`` tries
to load on first use and raises ``TransientError`` while there is no model, so
the runner keeps the mail spooled until one exists.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from intake.errors import TransientError

__all__ = ["LazyClassifier"]

log = logging.getLogger(__name__)


class LazyClassifier:
    """Wraps ``bot.nlu.classifier.Classifier``; thread-safe loading."""

    def __init__(self, model_dir: str | Path, fallback_threshold: float = 0.5) -> None:
        self.model_dir = Path(model_dir)
        self.fallback_threshold = fallback_threshold
        self._classifier: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._classifier is None:
                from bot.nlu.classifier import Classifier

                try:
                    self._classifier = Classifier(
                        self.model_dir, fallback_threshold=self.fallback_threshold, scan_sensitive=False
                    )
                except FileNotFoundError as exc:
                    raise TransientError(f"no trained NLU model in {self.model_dir}") from exc
                log.info("NLU model loaded for the intake")
            return self._classifier

    @property
    def loaded(self) -> bool:
        return self._classifier is not None

    def classify(self, text: str) -> Any:
        return self._load().classify(text)
