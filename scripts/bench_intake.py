"""Benchmark the email intake: SMTP acceptance and end-to-end latency.

* ``smtp_acceptance`` and its ``smtp-source`` reference: ``scripts.bench_smtp``.
* ``end_to_end_latency``: mail at a steady 20 messages/s, sent by a load
  process of its own, through the whole service (listener, spool, runner, real
  NLU model in its process, case store, outbox, sink relay), three runs on
  SQLite and, when ``PERSONVERN_TEST_POSTGRES_URL`` is set, on PostgreSQL;
  latency is from end of DATA (the envelope's ``received_at``) to the reply's
  row in the outbox (its ``created_at``), both stamped by the service.
* ``end_to_end_latency_postgresql_instances``: the same with two
  ``personvern intake serve`` processes sharing one PostgreSQL database
  (``scripts.bench_instances``).

``run()`` returns the figures; ``scripts/bench.py`` merges them into
``reports/bench.json``.  Run alone: ``python -m scripts.bench_intake``.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot.heap import freeze_startup_heap
from intake.service import IntakeApp
from personvern.wiring import case_service, check_database
from scripts.bench_instances import instances_runs
from scripts.bench_load import (
    POSTGRES_ENV,
    TARGET_P95_MS,
    free_port,
    latency_figures,
    load_process,
    peak_rss_mb,
    queued_latencies,
    summary,
    throwaway_postgres,
)
from scripts.bench_smtp import acceptance_rate, smtp_source_rate

__all__ = ["end_to_end_latency", "end_to_end_runs", "run"]


def _bench_settings(tmp: str, database_url: str | None = None) -> Any:
    from bot.config import load_settings

    return load_settings(env={
        "PERSONVERN_MODE": "local",
        "PERSONVERN_SECRET_KEY": "bench-secret",
        "PERSONVERN_RAW_MAIL_KEY": Fernet.generate_key().decode(),
        "PERSONVERN_DATABASE_URL": database_url or f"sqlite:///{tmp}/cases.db",
        "PERSONVERN_SMTP_SPOOL_DIR": f"{tmp}/spool",
        "PERSONVERN_SMTP_PORT": str(free_port()),
        "PERSONVERN_RELAY_PORT": str(free_port()),
        "PERSONVERN_RELAY_SINK_DIR": f"{tmp}/sink",
    })


def _load_classifier() -> tuple[Any, float]:
    """The classifier as the service runs it: in a process of its own (bot.nlu.process)."""
    from bot.config import load_settings
    from bot.nlu.process import ClassifierProcess

    started = time.perf_counter()
    classifier = ClassifierProcess.from_settings(load_settings(need_secrets=False), scan_sensitive=False)
    classifier.start()  # loads and warms the model in the child
    return classifier, time.perf_counter() - started


async def end_to_end_latency(
    rate: float = 20.0,
    seconds: float = 30.0,
    warmup: int = 10,
    *,
    database_url: str | None = None,
    classifier: Any = None,
) -> dict[str, Any]:
    """End of DATA -> reply queued in the outbox at a steady ``rate`` messages/s (real model).

    The whole service runs as ``make run`` runs it (default poll intervals,
    sink relay, outbox sender), on SQLite unless ``database_url`` names another
    (empty, migrated or migratable) database.
    """
    load_seconds = 0.0
    own = classifier is None
    if own:
        classifier, load_seconds = _load_classifier()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = _bench_settings(tmp, database_url)
            async with case_service(settings) as cases:
                await check_database(settings, cases.engine)
                app = await IntakeApp.build(settings, cases=cases, classifier=classifier, sink=True)
                result = await _measure(app, int(rate * seconds), rate, warmup)
    finally:
        if own:
            await asyncio.to_thread(classifier.close)
    if load_seconds:
        result["model_load_seconds"] = round(load_seconds, 2)
    return result


async def _measure(app: IntakeApp, count: int, rate: float, warmup: int) -> dict[str, Any]:
    await app.warm_up()  # as personvern.service and intake.service do before taking mail
    freeze_startup_heap()
    stop = asyncio.Event()
    task = asyncio.create_task(app.run(stop))
    engine = app.services.cases.engine if app.services.cases else None
    try:
        await asyncio.sleep(0.2)
        port = app.settings.smtp.port
        # Not counted: first connections, spaCy pipelines and word forms, templates.
        await asyncio.to_thread(load_process, port, "e2e-warm", warmup, rate)
        await queued_latencies(engine, "e2e-warm", warmup, timeout=60)
        cpu_before = os.times()
        began = time.perf_counter()
        errors = await asyncio.to_thread(load_process, port, "e2e-bench", count, rate)
        sending = time.perf_counter() - began
        latencies = await queued_latencies(engine, "e2e-bench", count, timeout=60)
        draining = time.perf_counter() - began
        cpu_after = os.times()
        spool = app.spool.counts()
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    return {
        "database": make_url(app.settings.database.url).get_backend_name(),
        **latency_figures(rate, count, sending, draining, errors, latencies),
        # The service process's CPU (all its threads) over the measured window; the load
        # generator and the model process are other processes.
        "cpu_ms_per_message": round(cpu / max(1, count) * 1000, 1),
        "spool_after": spool,
    }


async def end_to_end_runs(runs: int = 3, postgres_url: str | None = None) -> dict[str, Any]:
    """``runs`` end-to-end runs per database (one model load); a VM's figures vary run to run."""
    classifier, load_seconds = _load_classifier()
    report: dict[str, Any] = {
        "setup": "aiosmtplib clients, one session per message, in a process of their own (as an MTA); "
        "real NLU model in its own process (as make run); fsynced encrypted spool; default poll intervals; "
        "sink relay in-process",
        "measured": "envelope received_at (end of DATA) -> outbox created_at (reply queued)",
        "target": f"p95 <= {TARGET_P95_MS} ms at 20 messages/s",
        "model_load_seconds": round(load_seconds, 2),
    }
    databases: list[tuple[str, str | None]] = [("sqlite", None)]
    if postgres_url:
        databases.append(("postgresql", postgres_url))
    try:
        for label, base in databases:
            results = []
            for _ in range(runs):
                drop = None
                url = None
                if base is not None:
                    url, drop = await throwaway_postgres(base)
                try:
                    results.append(await end_to_end_latency(database_url=url, classifier=classifier))
                finally:
                    if drop is not None:
                        await drop()
            report[label] = summary(results)
    finally:
        report["peak_rss_mb"] = {"service_process": peak_rss_mb(), "classifier_process": peak_rss_mb(classifier.pid)}
        await asyncio.to_thread(classifier.close)
    if not postgres_url:
        report["postgresql"] = {"skipped": f"set {POSTGRES_ENV} (e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test)"}
    return report


def run() -> dict[str, Any]:
    """The intake's benchmark figures for reports/bench.json."""
    python = asyncio.run(acceptance_rate())
    reference = smtp_source_rate()
    if "messages_per_second" in reference and reference["messages_per_second"]:
        python["ratio_to_smtp_source"] = round(python["messages_per_second"] / reference["messages_per_second"], 2)
    return {
        "smtp_acceptance": python,
        "smtp_acceptance_smtp_source": reference,
        "end_to_end_latency": asyncio.run(end_to_end_runs(postgres_url=os.environ.get(POSTGRES_ENV))),
        "end_to_end_latency_postgresql_instances": instances_runs(os.environ.get(POSTGRES_ENV)),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
