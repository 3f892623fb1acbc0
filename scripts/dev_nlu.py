"""Figures on the development sets (``nlu_dev/``): what methods and thresholds are chosen on.

Never a measure of quality (see nlu_dev/README.md): the held-out figures come
from ``scripts.eval_nlu`` only.  Prints, per set, every reading strategy of the
current model beside the TF-IDF peer; doubt items are also scored apart.

    python -m scripts.dev_nlu [--model models/] [--sets letters2,letters3] [--strategies letters]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.config import PROJECT_ROOT
from scripts.eval_nlu import held_out_score, load

DEV = {"letters": PROJECT_ROOT / "nlu_dev" / "letters_dev.jsonl",
       "everyday": PROJECT_ROOT / "nlu_dev" / "everyday_dev.jsonl",
       "everyday2": PROJECT_ROOT / "nlu_dev" / "everyday_dev_2.jsonl",
       "mixed": PROJECT_ROOT / "nlu_dev" / "mixed_dev.jsonl",
       # Written in session 11 by a new helper session, after the others had chosen too much.
       "letters2": PROJECT_ROOT / "nlu_dev" / "letters_dev_2.jsonl",
       "everyday3": PROJECT_ROOT / "nlu_dev" / "everyday_dev_3.jsonl",
       # Written in session 12, after the first held-out look, to choose the reach of bot.nlu.asking.
       "everyday4": PROJECT_ROOT / "nlu_dev" / "everyday_dev_4.jsonl",
       # Written in session 13 to decide asked_scope = "letters" (docs/nlu.md, "Session 13").
       "letters3": PROJECT_ROOT / "nlu_dev" / "letters_dev_3.jsonl",
       # Written in session 14, beside the written training letters, to choose whether to keep them.
       "letters4": PROJECT_ROOT / "nlu_dev" / "letters_dev_4.jsonl",
       # Written in session 15, beside the written training messages, to choose whether to keep them.
       "everyday5": PROJECT_ROOT / "nlu_dev" / "everyday_dev_5.jsonl",
       # Written in session 16, fresh, to retry the written training messages (docs/nlu.md, "Session 16").
       "everyday6": PROJECT_ROOT / "nlu_dev" / "everyday_dev_6.jsonl"}
KEYS = ("exact_set_accuracy", "request_macro_f1", "missed_request_rate", "extra_type_rate",
        "false_request_rate", "other_rights_recall", "no_case_rate")


def _gold(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "intent": "", "section": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--sets", default=",".join(DEV), help="comma-separated, of: " + ", ".join(DEV))
    parser.add_argument("--strategies", default="letters,message,roles")
    args = parser.parse_args(argv)

    from bot.config import load_settings
    from bot.nlu.classifier import Classifier, Thresholds
    from bot.nlu.model import NluModel
    from scripts.nlu_baseline import TfidfBaseline

    settings = load_settings(need_secrets=False)
    model = NluModel(args.model or settings.path(settings.nlu.model_dir))
    thresholds = Thresholds.from_settings(settings.nlu)
    peer = TfidfBaseline()
    print(f"{'set':<9}{'reading':<14}" + "".join(f"{k[:13]:>15}" for k in KEYS) + f"{'exact (no doubt)':>18}")
    chosen = args.sets.split(",")
    unknown = set(chosen) - set(DEV)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    for name in chosen:
        path = DEV[name]
        gold = [_gold(g) for g in load(path)]
        texts = [g["text"] for g in gold]
        runs: dict[str, list[dict[str, Any]]] = {}
        for strategy in args.strategies.split(","):
            classifier = Classifier(model, thresholds=thresholds, strategy=strategy, scan_sensitive=False)
            runs[strategy] = [c.to_dict() for c in classifier.classify_many(texts)]
        runs["tf-idf peer"] = peer.classify_many(texts)
        sure = [i for i, g in enumerate(gold) if not g.get("doubt")]
        for reading, pred in runs.items():
            r = held_out_score(gold, pred)
            s = held_out_score([gold[i] for i in sure], [pred[i] for i in sure])
            print(f"{name:<9}{reading:<14}" + "".join(f"{r[k]:>15.3f}" for k in KEYS) + f"{s['exact_set_accuracy']:>18.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
