"""Train the Rasa model (understanding and the chat's dialogue), only when its inputs changed.

One model holds both: the NLU every channel uses and the chat's rules and
forms (``data/``, ``domain/``), so one model is in memory for all channels
(``bot.dialogue``).  The model file is named after a hash of ``nlu_data/``,
``data/``, ``domain/`` and ``config.yml``, so ``make test``/``make run`` retrain
exactly when one of them changed and otherwise start at once.

The second stage (``bot.nlu.second_stage``: which rights a whole message asks
for, from the sentence scores) is trained in the same step on the whole
training messages of ``nlu_letters/letters.jsonl`` and stored next to the
model (``nlu-<hash>.stage2.json``) when the ``[nlu] strategy`` setting is
``second_stage`` (``make model`` then also adds a missing stage to an
existing model); the hash covers those messages and the stage's code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.nlu.model import quiet_rasa
from bot.nlu.second_stage import MAX_SENTENCES, SecondStage, features, stage_path

__all__ = ["inputs_hash", "model_path", "train"]

NLU_DATA = PROJECT_ROOT / "nlu_data"
DIALOGUE_DATA = PROJECT_ROOT / "data"  # rules and stories of the chat (Rasa's conventional folder)
CONFIG = PROJECT_ROOT / "config.yml"
DOMAIN = PROJECT_ROOT / "domain"  # a folder: Rasa reads its files as one domain
MODEL_DIR = PROJECT_ROOT / "models"
LETTERS = PROJECT_ROOT / "nlu_letters" / "letters.jsonl"  # whole messages: second stage, whole-message classifier
WHOLE_MESSAGES = PROJECT_ROOT / "nlu_letters"  # its *.jsonl: the composed letters and the written ones
NEXT_DATA = PROJECT_ROOT / "nlu_data_next"  # v2 examples the whole-message classifier learns from (config.yml)
STAGE_CODE = [PROJECT_ROOT / "bot" / "nlu" / "second_stage.py", PROJECT_ROOT / "bot" / "nlu" / "text.py"]
COMPONENTS = PROJECT_ROOT / "bot" / "nlu" / "components"  # our graph components: their code shapes the model


def _inputs() -> list[Path]:
    files = sorted(
        p
        for folder in (NLU_DATA, DIALOGUE_DATA, DOMAIN)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in {".yml", ".yaml", ".txt"}
    )
    return [*files, CONFIG, *sorted(WHOLE_MESSAGES.glob("*.jsonl")), *sorted(NEXT_DATA.glob("*.yml")), *STAGE_CODE, *sorted(COMPONENTS.glob("*.py"))]


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"nlu-{inputs_hash()}.tar.gz"


def train_second_stage(model: Path, letters: Path = LETTERS) -> Path:
    """Score the training messages with the Rasa model ``model`` and fit the second stage next to it."""
    from bot.nlu.model import NluModel
    from bot.nlu.text import normalise, segments

    started = time.monotonic()
    nlu = NluModel(model)
    with letters.open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh if line.strip()]
    cap = MAX_SENTENCES
    rows: list[list[list[float]]] = []
    for start in range(0, len(items), 64):
        batch = items[start : start + 64]
        cleaned = [normalise(item["text"]) or "-" for item in batch]
        sentence_lists = [parts if len(parts) > 1 else [] for parts in (segments(c, max_segments=cap, abbreviations=True) for c in cleaned)]
        parses = nlu.parse(cleaned + [s for group in sentence_lists for s in group])
        offset = len(batch)
        for i, group in enumerate(sentence_lists):
            rows.append(features(parses[i], parses[offset : offset + len(group)], group))
            offset += len(group)
    labels = [set(item["requests"]) | set(item["other_rights"]) for item in items]
    target = stage_path(nlu.path)
    SecondStage.fit(rows, labels).save(target)
    print(f"trained the second stage on {len(items)} messages in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return target


def _wants_second_stage() -> bool:
    """The second stage is trained when the ``[nlu] strategy`` setting reads with it."""
    from bot.config import load_settings

    return load_settings(need_secrets=False).nlu.strategy == "second_stage"


def train(model_dir: Path = MODEL_DIR, *, if_changed: bool = False) -> Path:
    """Train into ``model_dir`` and remove the models it replaces."""
    target = model_path(model_dir)
    if if_changed and target.exists():
        if _wants_second_stage() and not stage_path(target).exists():
            train_second_stage(target)
        print(f"model up to date: {target.relative_to(PROJECT_ROOT)}", file=sys.stderr)
        target.touch()  # newest model is the one loaded
        return target
    quiet_rasa()
    from rasa.model_training import (
        train as train_model,  # after quiet_rasa(): rasa reads its log settings on import
    )

    started = time.monotonic()
    model_dir.mkdir(parents=True, exist_ok=True)
    result = train_model(
        domain=str(DOMAIN),
        config=str(CONFIG),
        training_files=[str(NLU_DATA), str(DIALOGUE_DATA)],
        output=str(model_dir),
        fixed_model_name=target.name.removesuffix(".tar.gz"),
    ).model
    if not result or not Path(result).exists():
        raise SystemExit("training failed: see the messages above")
    print(f"trained {target.name} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if _wants_second_stage():
        train_second_stage(target)
    for old in [*model_dir.glob("nlu-*.tar.gz"), *model_dir.glob("nlu-*.stage2.json")]:
        if old not in (target, stage_path(target)):
            old.unlink()
    print(f"model ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--if-changed", action="store_true", help="skip when the inputs' model exists")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    train(args.model_dir, if_changed=args.if_changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
