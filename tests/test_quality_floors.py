"""CI gate: understanding and detection quality on the held-out sets.

The figures are computed by the same code as ``make eval`` and written to
``reports/``; a floor missed fails the suite with the figure that missed it.
"""

from __future__ import annotations

import json

import pytest

from bot.config import PROJECT_ROOT


@pytest.mark.model
def test_nlu_floors(nlu_model) -> None:  # type: ignore[no-untyped-def]
    from bot.config import load_settings
    from scripts.eval_nlu import REPORT, evaluate

    report = evaluate(nlu_model, fallback_threshold=load_settings(need_secrets=False).nlu.fallback_threshold)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert report["strategies"]["sentences"]["messages"] >= 150
    assert report["failures"] == [], report["failures"]


def test_sensitive_floors() -> None:
    from scripts import eval_sensitive

    report_path = PROJECT_ROOT / "reports" / "sensitive.json"
    assert eval_sensitive.main(["--report", str(report_path)]) == 0
    report = json.loads(report_path.read_text())
    assert report  # written
