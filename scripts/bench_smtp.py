"""Benchmark the SMTP listener: messages/s up to ``250``, and a yardstick for the figure.

* ``acceptance_rate``: 20 concurrent aiosmtplib clients send 5 kB messages
  over loopback to the real listener, which fsyncs every message into an
  encrypted spool before answering ``250``.
* ``smtp_source_rate``: the same listener driven by Postfix's ``smtp-source``
  (Debian package ``postfix``, unpacked by ``scripts/get-smtp-source.sh``), so
  the Python client's figure has a reference; skipped with a reason when the
  tool is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiosmtplib
from cryptography.fernet import Fernet

from intake.smtp import IntakeHandler, IntakeSMTPServer
from intake.spool import Spool
from scripts.bench_load import MAILBOX, free_port
from scripts.percentile import nearest_rank

__all__ = ["acceptance_rate", "smtp_source_rate"]

SMTP_SOURCE = "smtp-source"
# Where scripts/get-smtp-source.sh unpacks Debian's postfix package (nothing installed system-wide).
LOCAL_POSTFIX = Path(__file__).resolve().parent.parent / ".venv" / "tools" / "postfix"


def _message(n: int, size: int = 5 * 1024) -> bytes:
    head = (
        f"From: Bench Person <bench{n % 50}@example.no>\r\nTo: {MAILBOX}\r\nSubject: Innsyn {n}\r\n"
        f"Message-ID: <bench-{n}@example.no>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode()
    line = b"Jeg ber om innsyn i personopplysningene dere har om meg.\r\n"
    return head + line * max(1, (size - len(head)) // len(line))


@contextlib.contextmanager
def _listener(spool: Spool, clients: int) -> Iterator[IntakeSMTPServer]:
    """The real listener on a free loopback port, writing into ``spool``."""
    server = IntakeSMTPServer(
        IntakeHandler(spool, [MAILBOX]),
        host="127.0.0.1",
        port=free_port(),
        hostname="cantec.no",
        max_message_size=25 * 1024 * 1024,
        max_sessions=clients + 5,
        timeout=60,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def _client(port: int, messages: list[bytes], latencies: list[float]) -> None:
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=60)
    await client.connect()
    try:
        for raw in messages:
            started = time.perf_counter()
            await client.sendmail("bench@example.no", [MAILBOX], raw)
            latencies.append(time.perf_counter() - started)
    finally:
        await client.quit()


async def acceptance_rate(total: int = 2000, clients: int = 20, fsync: bool = True) -> dict[str, Any]:
    """Send ``total`` 5 kB messages from ``clients`` concurrent sessions; messages/s up to 250."""
    with tempfile.TemporaryDirectory() as tmp:
        spool = Spool(Path(tmp) / "spool", key=Fernet.generate_key(), fsync=fsync)
        with _listener(spool, clients) as server:
            batches = [[_message(i) for i in range(c, total, clients)] for c in range(clients)]
            latencies: list[float] = []
            started = time.perf_counter()
            await asyncio.gather(*(_client(server.port, batch, latencies) for batch in batches))
            elapsed = time.perf_counter() - started
        stored = len(spool.pending())
    latencies.sort()
    return {
        "client": "aiosmtplib (Python, same process as the listener)",
        "messages": total,
        "clients": clients,
        "message_bytes": len(_message(0)),
        "fsync": fsync,
        "stored": stored,
        "seconds": round(elapsed, 3),
        "messages_per_second": round(total / elapsed, 1),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 2),
        "latency_ms_p95": round(nearest_rank(latencies, 0.95) * 1000, 2),
        "cpu_count": os.cpu_count(),
        "target": ">= 300 messages/s on 2 cores",
    }


def _smtp_source() -> tuple[str | None, dict[str, str] | None]:
    """Postfix's smtp-source: unpacked under .venv/tools, else an installed one (with its environment)."""
    local = LOCAL_POSTFIX / "usr" / "sbin" / SMTP_SOURCE
    if os.access(local, os.X_OK):
        return str(local), {**os.environ, "LD_LIBRARY_PATH": str(LOCAL_POSTFIX / "usr" / "lib" / "postfix")}
    for candidate in (shutil.which(SMTP_SOURCE), "/usr/sbin/smtp-source"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate, None
    return None, None


def smtp_source_rate(total: int = 2000, clients: int = 20, length: int = 5120, fsync: bool = True) -> dict[str, Any]:
    """The same listener driven by Postfix's ``smtp-source`` (a separate C process)."""
    tool, env = _smtp_source()
    if tool is None:
        return {"skipped": "smtp-source not found: run scripts/get-smtp-source.sh (make bench does) or install postfix"}
    with tempfile.TemporaryDirectory() as tmp:
        spool = Spool(Path(tmp) / "spool", key=Fernet.generate_key(), fsync=fsync)
        with _listener(spool, clients) as server:
            command = [tool, "-s", str(clients), "-m", str(total), "-l", str(length),
                       "-f", "a@example.no", "-t", MAILBOX, f"127.0.0.1:{server.port}"]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=env)  # noqa: S603
            elapsed = time.perf_counter() - started
        stored = len(spool.pending())
    result: dict[str, Any] = {
        "client": "smtp-source (Postfix)",
        "command": " ".join(command[:-1] + ["127.0.0.1:PORT"]),
        "messages": total,
        "clients": clients,
        "payload_bytes": length,
        "fsync": fsync,
        "stored": stored,
        "seconds": round(elapsed, 3),
        "messages_per_second": round(stored / elapsed, 1),
    }
    if done.returncode != 0:
        result["error"] = (done.stderr or done.stdout).strip()[-500:]
    return result

