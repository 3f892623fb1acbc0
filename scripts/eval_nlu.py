"""Quality of understanding on the held-out sets (never trained on).

Prints and writes ``reports/nlu.json``: per request type precision/recall/F1,
exact-set accuracy, missed-request and false-request rates, section accuracy
on questions, language accuracy; both strategies (sentence-level union and
whole-message only) are measured on ``tests/nlu/test_set.jsonl``, the
configured one is judged against the floors, and the exit status is 1 when a
floor is not met.

Beside it (``held_out``): the long formal letters and the everyday messages
of issue 10 (``letters_set.jsonl``, ``everyday_set.jsonl``; a second, fresh
pair ``letters_set_2.jsonl``, ``everyday_set_2.jsonl``) and all of them
together, each per language, with the other rights, the rate of messages given
a request type they did not ask for, a confusion table, and the same figures
for the plain TF-IDF + logistic-regression peer trained on the same data in
the same run (``scripts/nlu_baseline.py``).

And (``spam``) the spam detector on ``spam_set.jsonl`` and on every other
held-out set: how much spam gets no automatic reply, and that no person's
request is filed as spam or loses its reply (``SPAM_FLOORS``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.nlu.classifier import Thresholds
from bot.nlu.intents import REQUEST_TYPES

FLOORS = {
    "request_macro_f1": (">=", 0.95),
    "missed_request_rate": ("<=", 0.02),
    "section_accuracy": (">=", 0.90),
    "language_accuracy": (">=", 0.95),
}
TEST_SET = PROJECT_ROOT / "tests" / "nlu" / "test_set.jsonl"
HELD_OUT = {
    "test_set": TEST_SET,
    "letters": PROJECT_ROOT / "tests" / "nlu" / "letters_set.jsonl",
    "everyday": PROJECT_ROOT / "tests" / "nlu" / "everyday_set.jsonl",
    # Written in session 9 by a new helper session, after the first two had been measured many times.
    "letters_2": PROJECT_ROOT / "tests" / "nlu" / "letters_set_2.jsonl",
    "everyday_2": PROJECT_ROOT / "tests" / "nlu" / "everyday_set_2.jsonl",
}
# Issue 10's floors for every held-out set and all together (reported; gated once met).
HELD_OUT_FLOORS = {
    "exact_set_accuracy": (">=", 0.90),
    "request_macro_f1": (">=", 0.95),
    "missed_request_rate": ("<=", 0.01),
    "extra_type_rate": ("<=", 0.05),
    "false_request_rate": ("<=", 0.05),
    "other_rights_recall": (">=", 0.90),
}
REPORT = PROJECT_ROOT / "reports" / "nlu.json"
SPAM_SET = PROJECT_ROOT / "tests" / "nlu" / "spam_set.jsonl"
# The spam detector (issue 11): what matters most is that no person loses a request or a reply.
# "flagged" = the detector is confident (no automatic reply: spam, or a request that reads like spam).
SPAM_FLOORS = {
    "spam_flagged_recall": (">=", 0.70),  # spam_set: spam that gets no automatic reply from us
    "non_spam_flagged_rate": ("<=", 0.05),  # spam_set: people's mail that loses its automatic reply
    "requests_taken_as_spam": ("<=", 0),  # every set: a request filed as spam
}
OTHER_SETS_FLAGGED_MAX = 0.02  # the other held-out sets (no spam in them): messages flagged


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _asked(item: dict[str, Any]) -> set[str]:
    """Everything a message asks for: the four requests and the other rights."""
    return set(item.get("requests") or ()) | set(item.get("other_rights") or ())


def held_out_score(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """``score`` plus what issue 10 measures: the other rights, extra types, exact sets over all rights."""
    result = score(gold, pred)
    pairs = list(zip(gold, pred, strict=True))
    other = [(g, p) for g, p in pairs if g.get("other_rights")]
    found = sum(len(set(g["other_rights"]) & set(p.get("other_rights") or ())) for g, p in other)
    wanted = sum(len(g["other_rights"]) for g, _ in other)
    result["other_rights_recall"] = _ratio(found, wanted) if wanted else 1.0
    result["exact_set_accuracy"] = _ratio(sum(_asked(g) == _asked(p) for g, p in pairs), len(gold))
    result["extra_type_rate"] = _ratio(sum(bool(_asked(p) - _asked(g)) for g, p in pairs), len(gold))
    asking = [(g, p) for g, p in pairs if _asked(g)]
    result["missed_request_rate"] = _ratio(sum(not _asked(p) for _, p in asking), len(asking))
    result["false_request_rate"] = _ratio(
        sum(bool(_asked(p)) for g, p in pairs if not _asked(g)), sum(not _asked(g) for g in gold)
    )
    # The safety net (issue 10, item 3): a reading in doubt opens a case a person reads, with the
    # deadline running. So beside the strict figures: a message that asks something and gets no
    # case at all (no right read, not in doubt), and the share of doubtful messages that get one.
    result["no_case_rate"] = _ratio(sum(not (_asked(p) or p.get("doubt")) for _, p in asking), len(asking))
    doubtful = [p for g, p in pairs if g.get("doubt")]
    result["doubt_given_case_rate"] = _ratio(sum(bool(_asked(p) or p.get("doubt")) for p in doubtful), len(doubtful))
    return result


def _confusion(gold: list[dict[str, Any]], pred: list[dict[str, Any]], limit: int = 25) -> list[list[Any]]:
    """The most frequent (asked, understood) pairs that differ, as sorted right lists."""
    counts: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, pred, strict=True):
        if _asked(g) != _asked(p):
            key = ("+".join(sorted(_asked(g))) or "-", "+".join(sorted(_asked(p))) or "-")
            counts[key] = counts.get(key, 0) + 1
    return [[a, b, n] for (a, b), n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]]


def _per_set(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    result = held_out_score(gold, pred)
    result["per_language"] = {
        lang: held_out_score([g for g in gold if g["language"] == lang], [p for g, p in zip(gold, pred, strict=True) if g["language"] == lang])
        for lang in ("nb", "nn", "en")
        if any(g["language"] == lang for g in gold)
    }
    for figures in result["per_language"].values():
        figures.pop("per_request_type", None)
    result["confusion"] = _confusion(gold, pred)
    result["floors_missed"] = [
        f"{k} = {result[k]} (must be {op} {v})"
        for k, (op, v) in HELD_OUT_FLOORS.items()
        if not (result[k] >= v if op == ">=" else result[k] <= v)
    ]
    return result


def evaluate_held_out(model: Any, thresholds: Thresholds | None = None, strategy: str | None = None) -> dict[str, Any]:
    """The configured pipeline (``strategy``: the ``[nlu]`` setting's) and the TF-IDF peer on every
    held-out set and on all together."""
    from bot.nlu.classifier import Classifier
    from scripts.nlu_baseline import TfidfBaseline

    sets = {name: load(path) for name, path in HELD_OUT.items() if path.exists()}
    sets["all"] = [g for items in sets.values() for g in items]
    classifier = Classifier(model, thresholds=thresholds, strategy=strategy, scan_sensitive=False)  # type: ignore[arg-type]
    started = time.perf_counter()
    baseline = TfidfBaseline()
    out: dict[str, Any] = {"baseline": {"name": "tf-idf word 1-2 + char_wb 2-5, logistic regression, whole message",
                                        "training_examples": baseline.examples,
                                        "training_seconds": round(time.perf_counter() - started, 1)}}
    for name, gold in sets.items():
        texts = [g["text"] for g in gold]
        ours = _per_set(gold, [c.to_dict() for c in classifier.classify_many(texts)])
        peer = _per_set(gold, baseline.classify_many(texts))
        beats = all(
            (ours[k] >= peer[k]) if op == ">=" else (ours[k] <= peer[k]) for k, (op, _) in HELD_OUT_FLOORS.items()
        )
        out[name] = {"pipeline": ours, "baseline": peer, "pipeline_beats_baseline_on_every_floor_figure": beats}
    return out


def _spam_figures(gold: list[dict[str, Any]], pred: list[Any]) -> dict[str, Any]:
    pairs = list(zip(gold, pred, strict=True))
    spam = [p for g, p in pairs if g.get("spam") or g.get("kind") == "spam"]
    other = [(g, p) for g, p in pairs if not (g.get("spam") or g.get("kind") == "spam")]
    requests = [p for g, p in other if g.get("kind") == "request"]
    return {
        "messages": len(gold), "spam": len(spam),
        "spam_flagged_recall": _ratio(sum(p.likely_spam for p in spam), len(spam)) if spam else None,
        "spam_classified_recall": _ratio(sum(p.intent == "spam" for p in spam), len(spam)) if spam else None,
        "non_spam_flagged_rate": _ratio(sum(p.likely_spam for _, p in other), len(other)),
        "requests_flagged": sum(p.likely_spam for p in requests),
        "requests_taken_as_spam": sum(p.intent == "spam" for p in requests),
    }


def evaluate_spam(model: Any, thresholds: Thresholds | None = None, strategy: str | None = None) -> dict[str, Any]:
    """The spam detector on the spam set and on every other held-out set, judged against ``SPAM_FLOORS``."""
    from bot.nlu.classifier import Classifier

    classifier = Classifier(model, thresholds=thresholds, strategy=strategy, scan_sensitive=False)  # type: ignore[arg-type]
    sets = {"spam": SPAM_SET, **HELD_OUT}
    out: dict[str, Any] = {"floors": {k: f"{op} {v}" for k, (op, v) in SPAM_FLOORS.items()}
                           | {"non_spam_flagged_rate (other sets)": f"<= {OTHER_SETS_FLAGGED_MAX}"}}
    failures: list[str] = []
    for name, path in sets.items():
        gold = load(path)
        figures = _spam_figures(gold, classifier.classify_many([g["text"] for g in gold], scan=False))
        out[name] = figures
        limits = dict(SPAM_FLOORS) if name == "spam" else {"non_spam_flagged_rate": ("<=", OTHER_SETS_FLAGGED_MAX),
                                                           "requests_taken_as_spam": ("<=", 0)}
        for key, (op, floor) in limits.items():
            value = figures[key]
            if not (value >= floor if op == ">=" else value <= floor):
                failures.append(f"{name}: {key} = {value} (must be {op} {floor})")
    out["failures"] = failures
    return out


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """All figures for one set of predictions."""
    pairs = list(zip(gold, pred, strict=True))
    per_type: dict[str, dict[str, float]] = {}
    for rtype in REQUEST_TYPES:
        tp = sum(rtype in g["requests"] and rtype in p["requests"] for g, p in pairs)
        fp = sum(rtype not in g["requests"] and rtype in p["requests"] for g, p in pairs)
        fn = sum(rtype in g["requests"] and rtype not in p["requests"] for g, p in pairs)
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        per_type[rtype] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    with_requests = [(g, p) for g, p in pairs if g["requests"]]
    without = [(g, p) for g, p in pairs if not g["requests"]]
    questions = [(g, p) for g, p in pairs if g["kind"] == "question"]
    return {
        "messages": len(gold),
        "per_request_type": per_type,
        "request_macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(per_type), 4),
        "exact_set_accuracy": _ratio(sum(set(g["requests"]) == set(p["requests"]) for g, p in pairs), len(gold)),
        "missed_request_rate": _ratio(sum(not p["requests"] for _, p in with_requests), len(with_requests)),
        "false_request_rate": _ratio(sum(bool(p["requests"]) for _, p in without), len(without)),
        "section_accuracy": _ratio(sum(g["section"] == p["section"] for g, p in questions), len(questions)),
        "section_accuracy_all": _ratio(sum(g["section"] == p["section"] for g, p in pairs), len(gold)),
        "intent_accuracy": _ratio(sum(g["intent"] == p["intent"] for g, p in pairs), len(gold)),
        "language_accuracy": _ratio(sum(g["language"] == p["language"] for g, p in pairs), len(gold)),
    }


def failures(result: dict[str, Any]) -> list[str]:
    out = []
    for name, (op, floor) in FLOORS.items():
        value = result[name]
        ok = value >= floor if op == ">=" else value <= floor
        if not ok:
            out.append(f"{name} = {value} (must be {op} {floor})")
    return out


def errors(gold: list[dict[str, Any]], pred: list[dict[str, Any]], limit: int = 40) -> list[dict[str, Any]]:
    """Misclassified ids with gold and predicted labels (no text: reports are shared)."""
    wrong = []
    for g, p in zip(gold, pred, strict=True):
        if set(g["requests"]) != set(p["requests"]) or g["section"] != p["section"] or g["language"] != p["language"]:
            wrong.append({"id": g["id"], "gold": [g["intent"], g["section"], g["language"]],
                          "pred": [p["intent"], p["section"], p["language"], p["confidence"]]})
    return wrong[:limit]


def evaluate(
    model: Any, data: Path = TEST_SET, thresholds: Thresholds | None = None, strategy: str | None = None
) -> dict[str, Any]:
    """The configured strategy (``strategy``, default the ``[nlu]`` default) beside the sentence-level
    union and whole-message only on ``data``; the configured one is judged."""
    from bot.config import NluSettings
    from bot.nlu.classifier import Classifier

    configured = strategy or NluSettings().strategy
    gold = load(data)
    texts = [g["text"] for g in gold]
    report: dict[str, Any] = {"model": model.path.name, "test_set": str(data.relative_to(PROJECT_ROOT))}
    strategies: dict[str, Any] = {}
    for name in dict.fromkeys((configured, "sentences", "whole")):
        classifier = Classifier(model, thresholds=thresholds, strategy=name, scan_sensitive=False)  # type: ignore[arg-type]
        started = time.perf_counter()
        pred = [c.to_dict() for c in classifier.classify_many(texts)]
        result = score(gold, pred)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["errors"] = errors(gold, pred)
        strategies[name] = result
    report["strategy"] = configured
    report["strategies"] = strategies
    report["floors"] = {k: f"{op} {v}" for k, (op, v) in FLOORS.items()}
    report["failures"] = failures(strategies[configured])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=TEST_SET)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--model", default=None)
    parser.add_argument("--show-errors", action="store_true", help="print misclassified ids")
    args = parser.parse_args(argv)

    from bot.config import load_settings
    from bot.nlu.model import NluModel

    settings = load_settings(need_secrets=False)
    model = NluModel(args.model or settings.path(settings.nlu.model_dir))
    thresholds = Thresholds.from_settings(settings.nlu)
    report = evaluate(model, args.data.resolve(), thresholds, settings.nlu.strategy)
    report["held_out"] = evaluate_held_out(model, thresholds, settings.nlu.strategy)
    report["spam"] = evaluate_spam(model, thresholds, settings.nlu.strategy)
    report["failures"] += report["spam"]["failures"]
    strategies = report["strategies"]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    for strategy, result in strategies.items():
        print(f"\n== strategy: {strategy} ({result['messages']} messages, {result['seconds']} s)")
        print(f"{'request type':<18}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}")
        for rtype, v in result["per_request_type"].items():
            print(f"{rtype:<18}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>8.3f}{v['support']:>9}")
        for key in ("request_macro_f1", "exact_set_accuracy", "missed_request_rate", "false_request_rate",
                    "section_accuracy", "intent_accuracy", "language_accuracy"):
            print(f"{key:<22}{result[key]:.4f}")
        if args.show_errors:
            for e in result["errors"]:
                print("  ", e)
    _print_held_out(report["held_out"])
    _print_spam(report["spam"])
    print(f"\nreport: {args.report}")
    if report["failures"]:
        print("FAILED floors: " + "; ".join(report["failures"]), file=sys.stderr)
        return 1
    print("all floors met")
    return 0


def _print_held_out(held_out: dict[str, Any]) -> None:
    keys = ("exact_set_accuracy", "request_macro_f1", "missed_request_rate", "extra_type_rate",
            "false_request_rate", "other_rights_recall", "section_accuracy", "language_accuracy",
            "no_case_rate", "doubt_given_case_rate")
    print("\n== held-out sets: pipeline / TF-IDF peer (no_case: asks, yet neither a right read nor in doubt)")
    print(f"{'set':<10}{'n':>5}  " + "  ".join(f"{k[:14]:>15}" for k in keys))
    for name, entry in held_out.items():
        if name == "baseline":
            continue
        ours, peer = entry["pipeline"], entry["baseline"]
        cells = "  ".join(f"{ours[k]:>7.3f}/{peer[k]:<7.3f}" for k in keys)
        print(f"{name:<10}{ours['messages']:>5}  {cells}")


def _print_spam(spam: dict[str, Any]) -> None:
    keys = ("spam", "spam_flagged_recall", "spam_classified_recall", "non_spam_flagged_rate", "requests_flagged",
            "requests_taken_as_spam")
    print("\n== spam detector (flagged: no automatic reply)")
    print(f"{'set':<10}{'n':>5}  " + "  ".join(f"{k[:22]:>22}" for k in keys))
    for name, figures in spam.items():
        if isinstance(figures, dict) and "messages" in figures:
            print(f"{name:<10}{figures['messages']:>5}  " + "  ".join(f"{str(figures[k]):>22}" for k in keys))


if __name__ == "__main__":
    sys.exit(main())
