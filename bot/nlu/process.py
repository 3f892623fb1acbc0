"""The classifier in a process of its own, behind the same ``classify`` interface.

Why: the service is one Python process, and Python runs one thread at a time.
The model's inference (Rasa featurizers, logistic regression, CRF: about 10 ms
a message, nearly all of it holding the interpreter lock) competed with the
case store, the SMTP listener and the outbox for that one lock; at 20 mails/s
the process was saturated and latency swung from 0.3 to 1.3 s between runs.
In a child process the model runs on the second core instead (figures:
docs/intake.md).  TensorFlow and the model's memory live in the child too.

``ClassifierProcess.classify`` blocks like ``Classifier.classify`` (callers
already run it in a worker thread), so the intake and the web API use either.
The child is started with ``spawn`` (TensorFlow is not fork-safe) and loads
the model once; if it dies, the next call starts a new one and, if that fails
too, raises ``bot.errors.ClassifierUnavailable`` (a ``TransientError``), so the
intake keeps the mail and retries it later.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import ClassifierUnavailable
from bot.heap import freeze_startup_heap
from bot.nlu.classifier import Classification, Classifier, Thresholds

__all__ = ["ClassifierProcess"]

log = logging.getLogger(__name__)

_classifier: Classifier | None = None  # the child's own, loaded by _load


def _child() -> Classifier:
    if _classifier is None:  # pragma: no cover - _load runs before any call
        raise ClassifierUnavailable("the classifier process has not loaded its model")
    return _classifier


Setup = Callable[[Classifier], None]
"""Runs in the child once the model is loaded (a module-level function or a partial of one: it must pickle)."""


def _load(model: str, options: dict[str, Any], setup: Setup | None = None) -> None:
    """Runs in the child: load the model once and warm it up."""
    global _classifier
    # Ctrl-C reaches the whole process group; the parent decides when the child stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _classifier = Classifier(model, **options)
    _classifier.classify("varm opp", scan=False)  # the first call builds the TF functions
    if setup is not None:
        setup(_classifier)
    freeze_startup_heap()  # TensorFlow, Rasa and the model: never walked by a full collection again


def _classify(text: str, language: str | None, scan: bool) -> Classification:
    return _child().classify(text, language=language, scan=scan)


def _classify_many(texts: list[str], scan: bool) -> list[Classification]:
    return _child().classify_many(texts, scan=scan)


def _model_name() -> str:
    return _child().model_name


class ClassifierProcess:
    """A ``Classifier`` run in a child process; thread-safe."""

    def __init__(self, model: str | Path, *, setup: Setup | None = None, **options: Any) -> None:
        """``options`` as for ``Classifier`` (they must pickle: the child gets them); ``setup`` runs in
        the child after the model is loaded (the dialogue engine uses it to share the one model)."""
        self._model = str(model)
        self._options = options
        self._setup = setup
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._name: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> ClassifierProcess:
        """As ``Classifier.from_settings``: the configured model and thresholds."""
        return cls(settings.path(settings.nlu.model_dir), thresholds=Thresholds.from_settings(settings.nlu), **options)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_load,
                    initargs=(self._model, self._options, self._setup),
                )
            return self._pool

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
                broken.shutdown(wait=False, cancel_futures=True)

    def _call(self, fn: Any, *args: Any) -> Any:
        for attempt in (1, 2):
            pool = self._executor()
            try:
                return pool.submit(fn, *args).result()
            except BrokenProcessPool as exc:
                # The child died (killed, out of memory) or could not load the model.
                log.warning("classifier process died (attempt %d); starting a new one", attempt)
                self._restart(pool)
                if attempt == 2:
                    raise ClassifierUnavailable("the classifier process keeps dying") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in the child (``fn`` a module-level function, arguments and result picklable); blocks."""
        return self._call(fn, *args)

    def start(self) -> str:
        """Start the child and wait until its model is loaded; returns the model's file name."""
        self._name = self._call(_model_name)
        return self._name

    @property
    def model_name(self) -> str | None:
        return self._name

    @property
    def pid(self) -> int | None:
        """The child's process id, once started (for benchmarks and health checks)."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return next(iter(processes), None)

    def classify(self, text: str, *, language: str | None = None, scan: bool = True) -> Classification:
        result: Classification = self._call(_classify, text, language, scan)
        return result

    def classify_many(self, texts: list[str], *, scan: bool = True) -> list[Classification]:
        results: list[Classification] = self._call(_classify_many, list(texts), scan)
        return results

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
