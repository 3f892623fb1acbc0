"""Benchmark two ``personvern intake serve`` processes sharing one PostgreSQL database.

Each instance has its own listener, spool and model process; the ledger makes
every message processed once.  The load is split round-robin over their
ports, as MX records would split it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from scripts.bench_load import (
    POSTGRES_ENV,
    free_port,
    latency_figures,
    queued_latencies,
    split_load,
    summary,
    throwaway_postgres,
)

__all__ = ["instances_latency", "instances_runs"]


def _instance_env(tmp: Path, n: int, database_url: str, relay_port: int, key: str) -> dict[str, str]:
    return {
        **os.environ,
        "PERSONVERN_MODE": "local",
        "PERSONVERN_SECRET_KEY": "bench-secret",
        "PERSONVERN_RAW_MAIL_KEY": key,
        "PERSONVERN_VAR_DIR": str(tmp / f"var{n}"),
        "PERSONVERN_DATABASE_URL": database_url,
        "PERSONVERN_SMTP_PORT": str(free_port()),
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp / f"spool{n}"),
        "PERSONVERN_RELAY_PORT": str(relay_port),
    }


def _wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"intake instance exited early with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError("intake instance did not start listening")


async def instances_latency(postgres_url: str, instances: int = 2, rate: float = 20.0, seconds: float = 30.0,
                            warmup: int = 10) -> dict[str, Any]:
    """The same measurement with ``instances`` separate ``personvern intake serve`` processes on one database.

    Each instance has its own listener, spool and model process; the ledger
    makes every message processed once.  The load is split over their ports.
    """
    from bot.cases import create_engine_from_url
    from intake.sink import SinkRelay
    from personvern.schema import upgrade

    url, drop = await throwaway_postgres(postgres_url)
    key = Fernet.generate_key().decode()
    procs: list[subprocess.Popen[bytes]] = []
    engine = None
    try:
        await asyncio.to_thread(upgrade, url)  # once, before the instances start
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            sink = SinkRelay(tmp / "sink", port=free_port())
            sink.start()
            try:
                envs = [_instance_env(tmp, n, url, sink.port, key) for n in range(instances)]
                for env in envs:
                    procs.append(subprocess.Popen(  # noqa: S603
                        [sys.executable, "-m", "personvern.cli", "intake", "serve", "--no-sink"],
                        cwd=Path(__file__).resolve().parent.parent, env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                ports = [int(env["PERSONVERN_SMTP_PORT"]) for env in envs]
                for port, proc in zip(ports, procs, strict=True):
                    await asyncio.to_thread(_wait_listening, port, proc)
                engine = create_engine_from_url(url)
                # Warm-up: every instance loads its model and sees mail before the measured window.
                await asyncio.to_thread(split_load, ports, "e2e-warm", warmup * instances, rate)
                await queued_latencies(engine, "e2e-warm", warmup * instances, timeout=180)
                count = int(rate * seconds)
                began = time.perf_counter()
                errors = await asyncio.to_thread(split_load, ports, "e2e-bench", count, rate)
                sending = time.perf_counter() - began
                latencies = await queued_latencies(engine, "e2e-bench", count, timeout=60)
                draining = time.perf_counter() - began
            finally:
                for proc in procs:
                    proc.send_signal(signal.SIGTERM)
                for proc in procs:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=60)
                sink.stop()
    finally:
        if engine is not None:
            await engine.dispose()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        await drop()
    return {
        "database": "postgresql",
        "instances": instances,
        **latency_figures(rate, count, sending, draining, errors, latencies),
        "setup": f"{instances} x 'personvern intake serve' (own listener, spool, model process each) on one "
        "PostgreSQL database; load split round-robin over their ports from the bench process",
    }


def instances_runs(postgres_url: str | None, runs: int = 3) -> dict[str, Any]:
    if not postgres_url:
        return {"skipped": f"set {POSTGRES_ENV}"}
    return summary([asyncio.run(instances_latency(postgres_url)) for _ in range(runs)])

