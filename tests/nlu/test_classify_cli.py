"""``personvern classify`` end to end: a real process, the real model, mixed inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).with_name("fixtures")


def test_classify_mixed_inputs_and_bad_lines(model_dir: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Eg vil at de slettar alle opplysningane om meg."}),
                "{not json",
                json.dumps({"id": "c", "text": ""}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"id": 5, "text": "Hvem er behandlingsansvarlig hos Cantec?"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "personvern.cli", "classify", "--model", str(model_dir), "--no-progress",
         str(jsonl), str(FIXTURES / "innsyn.eml"), str(FIXTURES / "backlog.mbox"), "-"],
        input=json.dumps({"id": "stdin-1", "text": "withdraw my consent to the newsletter"}) + "\n",
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr  # some lines failed
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    by_id = {str(line["id"]): line for line in lines}
    assert len(lines) == 9
    assert by_id["a"]["requests"] == ["erasure"] and by_id["a"]["language"] == "nn"
    assert "invalid JSON" in by_id["in.jsonl:2"]["error"]
    assert by_id["c"]["error"].endswith("has no text")
    assert "not a JSON object" in by_id["in.jsonl:4"]["error"]
    assert by_id["5"]["section"] == "ansvar" and by_id["5"]["requests"] == []
    assert by_id["innsyn.eml"]["requests"] == ["access"]
    assert by_id["backlog.mbox#1"]["requests"] == ["erasure"]
    assert by_id["backlog.mbox#2"]["section"] == "informasjonskapsler"
    assert by_id["stdin-1"]["requests"] == ["withdraw_consent"]
    for line in lines:
        if "error" not in line:
            assert set(line) == {"id", "requests", "other_rights", "intent", "confidence", "section", "language", "sensitive", "doubt", "likely_spam"}
    # Message text never reaches stderr (logs).
    assert "slettar" not in proc.stderr and "behandlingsansvarlig" not in proc.stderr


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "personvern.cli", "classify", "--model", str(tmp_path), "--no-progress"],
        input="", capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "no trained model" in proc.stderr
