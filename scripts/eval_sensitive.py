"""Quality of the sensitive-data detector on the labelled set (``make eval``).

Scores at message level: for each category, a message is a true positive when the
category is both predicted and labelled, a false positive when only predicted, a
false negative when only labelled. Overall figures are micro-averaged over all
categories. Prints a table, writes ``reports/sensitive.json`` and exits 1 when a
floor is missed (overall precision or recall < 0.90, national_id recall < 0.98).
Message texts are never printed; mismatches are listed by id.

    .venv/bin/python -m scripts.eval_sensitive [--data PATH] [--report PATH] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.sensitive import CATEGORIES, detect

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "tests" / "data" / "sensitive" / "eval.jsonl"
DEFAULT_REPORT = ROOT / "reports" / "sensitive.json"
FLOORS = {"overall_precision": 0.90, "overall_recall": 0.90, "national_id_recall": 0.98}


def _ratio(part: int, whole: int) -> float:
    """A ratio with nothing to measure counts as perfect (no predictions -> no false ones)."""
    return part / whole if whole else 1.0


def _scores(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-category and overall precision/recall/F1, plus the mismatching ids."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    by_language: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    started = time.perf_counter()
    for row in rows:
        gold = set(row["categories"])
        predicted = {f.category for f in detect(row["text"], row.get("language"))}
        language = by_language.setdefault(row.get("language") or "?", Counter())
        for category in CATEGORIES:
            outcome = (
                "tp" if category in gold and category in predicted
                else "fp" if category in predicted
                else "fn" if category in gold
                else None
            )
            if outcome:
                counts[category][outcome] += 1
                language[outcome] += 1
        if gold != predicted:
            errors.append({"id": row.get("id"), "language": row.get("language"),
                           "missed": sorted(gold - predicted), "extra": sorted(predicted - gold)})
    seconds = time.perf_counter() - started
    total = sum(counts.values(), Counter())
    negatives = [r for r in rows if not r["categories"]]
    flagged_negatives = sum(1 for e in errors if e["extra"] and e["id"] in {r.get("id") for r in negatives})
    return {
        "messages": len(rows),
        "hard_negatives": len(negatives),
        "hard_negatives_flagged": flagged_negatives,
        "exact_match": round(_ratio(len(rows) - len(errors), len(rows)), 4),
        "overall": _scores(total["tp"], total["fp"], total["fn"]),
        "per_category": {c: _scores(n["tp"], n["fp"], n["fn"]) for c, n in counts.items()},
        "per_language": {lang: _scores(n["tp"], n["fp"], n["fn"]) for lang, n in sorted(by_language.items())},
        "seconds": round(seconds, 3),
        "errors": errors,
    }


def failed_floors(result: dict[str, Any]) -> list[str]:
    """Human-readable descriptions of every floor the result misses."""
    observed = {
        "overall_precision": result["overall"]["precision"],
        "overall_recall": result["overall"]["recall"],
        "national_id_recall": result["per_category"]["national_id"]["recall"],
    }
    return [f"{name} {observed[name]:.3f} < {floor:.2f}" for name, floor in FLOORS.items() if observed[name] < floor]


def print_table(result: dict[str, Any], show_errors: bool) -> None:
    print(f"{'category':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>9}{'f1':>8}")
    rows = list(result["per_category"].items()) + [("overall", result["overall"])]
    for name, s in rows:
        print(f"{name:<20}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{s['precision']:>11.3f}{s['recall']:>9.3f}{s['f1']:>8.3f}")
    print(f"messages {result['messages']}, exact match {result['exact_match']:.3f}, "
          f"hard negatives flagged {result['hard_negatives_flagged']}/{result['hard_negatives']}")
    if show_errors:
        for error in result["errors"]:
            print(f"  {error['id']} ({error['language']}): missed {error['missed']} extra {error['extra']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--errors", action="store_true", help="list mismatching message ids")
    args = parser.parse_args(argv)
    result = evaluate(load(args.data))
    failures = failed_floors(result)
    report = {"data": str(args.data), "floors": FLOORS, "passed": not failures, "failures": failures, **result}
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(result, args.errors)
    for failure in failures:
        print(f"FLOOR FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
