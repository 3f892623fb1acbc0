"""The development sets stay well-formed (``nlu_dev/validate.py``): fields, labels, unique texts."""

from __future__ import annotations

import subprocess
import sys

from bot.config import PROJECT_ROOT


def test_every_development_set_passes_its_validator() -> None:
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "nlu_dev" / "validate.py")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mixed_dev.jsonl: 246 items" in done.stdout and "letters_dev_3.jsonl: 72 items" in done.stdout
