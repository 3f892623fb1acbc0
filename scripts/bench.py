"""Speed and memory benchmarks (``make bench``), written to ``reports/bench.json``.

Not tests: figures are recorded against their targets, never asserted in the
suite.  Sections: ``classify`` (here), ``sensitive``, ``intake``, ``staff`` and ``chat`` (from
``scripts.bench_<section>`` when present).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from scripts.percentile import nearest_rank

REPORT = PROJECT_ROOT / "reports" / "bench.json"
SOURCES = [PROJECT_ROOT / "tests" / "nlu" / "test_set.jsonl"]


def _messages(n: int) -> list[str]:
    texts: list[str] = []
    for source in SOURCES:
        if source.exists():
            texts += [json.loads(line)["text"] for line in source.open(encoding="utf-8") if line.strip()]
    if not texts:
        texts = ["Jeg vil ha innsyn i opplysningene dere har om meg.", "Please delete my account."]
    return [texts[i % len(texts)] for i in range(n)]


def bench_classify(n: int = 1000) -> dict[str, Any]:
    from bot.config import load_settings
    from bot.nlu.classifier import Classifier

    settings = load_settings(need_secrets=False)
    started = time.perf_counter()
    classifier = Classifier.from_settings(settings)
    classifier.classify("varm opp")  # first call builds TF functions and spaCy pipelines
    load_seconds = time.perf_counter() - started
    texts = _messages(n)

    started = time.perf_counter()
    for i in range(0, n, 64):
        classifier.classify_many(texts[i : i + 64])
    batch_seconds = time.perf_counter() - started

    latencies = []
    for text in texts:
        t0 = time.perf_counter()
        classifier.classify(text)
        latencies.append((time.perf_counter() - t0) * 1000)
    return {
        "messages": n,
        "model_load_seconds": round(load_seconds, 2),
        "throughput_batched_msgs_per_s": round(n / batch_seconds, 1),
        "throughput_one_by_one_msgs_per_s": round(n / (sum(latencies) / 1000), 1),
        "latency_ms_p50": round(statistics.median(latencies), 2),
        "latency_ms_p95": round(nearest_rank(latencies, 0.95), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target": ">= 100 msgs/s after load on 2 cores",
    }


def _section_in_subprocess(name: str) -> dict[str, Any]:
    """``scripts.bench_<name>.run()`` in a fresh interpreter; its result as JSON through a file."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "section.json"
        code = (
            "import json, sys, importlib; "
            f"result = importlib.import_module('scripts.bench_{name}').run(); "
            "open(sys.argv[1], 'w').write(json.dumps(result))"
        )
        subprocess.run([sys.executable, "-c", code, str(out)], cwd=PROJECT_ROOT, check=True)  # noqa: S603
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["classify", "sensitive", "intake", "staff", "chat"], action="append")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    wanted = set(args.only or ["classify", "sensitive", "intake", "staff", "chat"])
    report: dict[str, Any] = {}
    if args.report.exists():
        report = json.loads(args.report.read_text())
    report["machine"] = {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                         "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    # Each section runs in a process of its own: one section's heap, caches and
    # loaded models (the sensitive section grows spaCy's vocabulary by megabytes of
    # text; classify loads TensorFlow) must not weigh on another's figures.
    for name in ("sensitive", "intake", "staff", "chat"):
        if name in wanted:
            if importlib.util.find_spec(f"scripts.bench_{name}") is None:
                print(f"{name}: no benchmark yet", file=sys.stderr)
                continue
            report[name] = _section_in_subprocess(name)
            print(name, json.dumps(report[name], indent=2))
    if "classify" in wanted:
        report["classify"] = bench_classify()
        print("classify", json.dumps(report["classify"], indent=2))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
