"""Choose the classifier's thresholds on a development split of the TRAINING data.

The held-out test set (tests/nlu/) is never used here: this script holds out a
stratified fifth of ``nlu_data/``, trains on the rest, and sweeps the
thresholds of ``bot.nlu.classifier.Classifier`` on that fifth.  The chosen
values go into ``bot/defaults.toml``/``Classifier`` defaults; ``make eval``
then reports the test figures.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.nlu import intents
from scripts.eval_nlu import held_out_score as score


def _split(dev_share: float, seed: int):  # type: ignore[no-untyped-def]
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    files = sorted((PROJECT_ROOT / "nlu_data").glob("*.yml"))
    data = TrainingData().merge(*[load_data(str(f)) for f in files])
    rng = random.Random(seed)
    train, dev = [], []
    by_intent: dict[str, list[Any]] = {}
    for example in data.intent_examples:
        by_intent.setdefault(example.get("intent"), []).append(example)
    for examples in by_intent.values():
        rng.shuffle(examples)
        cut = max(1, int(len(examples) * dev_share))
        dev += examples[:cut]
        train += examples[cut:]
    return TrainingData(training_examples=train, regex_features=data.regex_features), dev


def _gold(example: Any) -> dict[str, Any]:
    intent = example.get("intent")
    requests = intents.requests_in(intent)
    others = [r for r in intents.rights_in(intent) if r in intents.OTHER_RIGHTS]
    kind = "request" if requests or others else "question" if intent in intents.QUESTION_SECTIONS else "other"
    return {"text": example.get("text"), "requests": requests, "other_rights": others, "intent": intent,
            "kind": kind, "section": intents.section_for(intent, requests), "language": "nb", "id": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--confusions", action="store_true", help="print dev-split confusions (training data only)")
    args = parser.parse_args(argv)

    from bot.nlu.model import NluModel, quiet_rasa

    quiet_rasa()
    from rasa.model_training import train_nlu

    from bot.config import load_settings
    from bot.nlu.classifier import Classifier, Thresholds

    train, dev = _split(args.dev_share, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        data_file = Path(tmp) / "train.yml"
        data_file.write_text(train.nlu_as_yaml(), encoding="utf-8")
        train_nlu(config=str(PROJECT_ROOT / "config.yml"), nlu_data=str(data_file), output=tmp,
                  fixed_model_name="dev", domain=str(PROJECT_ROOT / "domain"))
        model = NluModel(Path(tmp) / "dev.tar.gz")
        gold = [_gold(e) for e in dev]
        texts = [g["text"] for g in gold]
        rows = []
        for strategy, fb, st, mt in itertools.product(("roles", "sentences", "whole"), (0.3, 0.4, 0.5),
                                                      (0.4, 0.5, 0.6, 0.7), (0.5, 0.6, 0.7, 0.8)):
            classifier = Classifier(model, thresholds=Thresholds(fb, st, mt), strategy=strategy,  # type: ignore[arg-type]
                                    scan_sensitive=False)
            pred = [c.to_dict() for c in classifier.classify_many(texts)]
            r = score(gold, pred)
            rows.append((r["request_macro_f1"], r["exact_set_accuracy"], -r["missed_request_rate"], strategy, fb, st, mt))
        if args.confusions:
            from collections import Counter

            classifier = Classifier(model, scan_sensitive=False)
            pred = [c.to_dict() for c in classifier.classify_many(texts)]
            pairs = Counter((g["intent"], p["intent"]) for g, p in zip(gold, pred, strict=True) if g["intent"] != p["intent"])
            for (g, p), n in pairs.most_common(40):
                print(f"{n:3d}  {g}  ->  {p}")
            for g, p in zip(gold, pred, strict=True):
                if g["intent"] != p["intent"]:
                    print(f"   [{g['intent']} -> {p['intent']}] {g['text'][:140]!r}")
    print(f"dev split: {len(dev)} examples held out of {len(dev) + len(train.intent_examples)}")
    configured = Thresholds.from_settings(load_settings(need_secrets=False).nlu)
    current = (load_settings(need_secrets=False).nlu.strategy, configured.fallback, configured.sentence,
               configured.marginal)
    ranked = sorted(rows, reverse=True)
    for f1, exact, missed, strategy, fb, st, mt in ranked[:15] + [r for r in ranked if r[3:] == current]:
        print(f"{strategy:<10} fallback={fb} sentence={st} marginal={mt}  macro_f1={f1:.4f} exact={exact:.4f} missed={-missed:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
