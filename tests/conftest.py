"""Fixtures shared by every suite: the real trained NLU model, loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / "models"

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# Tests run in local mode (generated secrets under var/), like `make run`.
os.environ.setdefault("PERSONVERN_MODE", "local")


def _require_model() -> Path:
    if not any(MODEL_DIR.glob("*.tar.gz")):
        # `make test` always trains first; a bare pytest run must say what is missing.
        pytest.fail("no trained model in models/: run 'make model' (make test does it)", pytrace=False)
    return MODEL_DIR


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return _require_model()


@pytest.fixture(scope="session")
def nlu_model(model_dir: Path):  # type: ignore[no-untyped-def]
    from bot.nlu.model import NluModel

    return NluModel(model_dir)


@pytest.fixture(scope="session")
def classifier(nlu_model):  # type: ignore[no-untyped-def]
    from bot.nlu.classifier import Classifier

    return Classifier(nlu_model)
