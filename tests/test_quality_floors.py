"""CI gate: understanding and detection quality on the held-out sets.

The figures are computed by the same code as ``make eval`` (which writes them
to ``reports/``); a floor missed fails the suite with the figure that missed it.
"""

from __future__ import annotations

import json

import pytest


@pytest.mark.model
def test_nlu_floors(nlu_model) -> None:  # type: ignore[no-untyped-def]
    from bot.config import load_settings
    from bot.nlu.classifier import Thresholds
    from scripts.eval_nlu import evaluate

    nlu = load_settings(need_secrets=False).nlu
    report = evaluate(nlu_model, thresholds=Thresholds.from_settings(nlu), strategy=nlu.strategy)
    assert report["strategies"]["sentences"]["messages"] >= 150
    assert report["failures"] == [], report["failures"]


@pytest.mark.model
def test_spam_floors(nlu_model) -> None:  # type: ignore[no-untyped-def]
    from bot.config import load_settings
    from bot.nlu.classifier import Thresholds
    from scripts.eval_nlu import evaluate_spam

    nlu = load_settings(need_secrets=False).nlu
    report = evaluate_spam(nlu_model, thresholds=Thresholds.from_settings(nlu), strategy=nlu.strategy)
    assert report["spam"]["spam"] >= 60
    assert report["failures"] == [], report["failures"]


def test_sensitive_floors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from scripts import eval_sensitive

    report_path = tmp_path / "sensitive.json"
    assert eval_sensitive.main(["--report", str(report_path)]) == 0
    report = json.loads(report_path.read_text())
    assert not report["failures"]
