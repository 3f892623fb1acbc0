"""Benchmark: SMTP acceptance rate of the intake (messages/s up to ``250``).

20 concurrent aiosmtplib clients each send 5 kB messages over loopback to the
real listener, which fsyncs every message into an encrypted spool before
answering ``250``.  ``run()`` returns the figures; ``scripts/bench.py`` merges
them into ``reports/bench.json``.  Run alone: ``python -m scripts.bench_intake``.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import tempfile
import time
from pathlib import Path

import aiosmtplib
from cryptography.fernet import Fernet

from intake.smtp import IntakeHandler, IntakeSMTPServer
from intake.spool import Spool

__all__ = ["run", "acceptance_rate"]

MAILBOX = "personvern@cantec.no"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _message(n: int, size: int = 5 * 1024) -> bytes:
    head = (
        f"From: Bench Person <bench{n % 50}@example.no>\r\nTo: {MAILBOX}\r\nSubject: Innsyn {n}\r\n"
        f"Message-ID: <bench-{n}@example.no>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode()
    line = b"Jeg ber om innsyn i personopplysningene dere har om meg.\r\n"
    return head + line * max(1, (size - len(head)) // len(line))


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


async def acceptance_rate(total: int = 2000, clients: int = 20, fsync: bool = True) -> dict:
    """Send ``total`` 5 kB messages from ``clients`` concurrent sessions; messages/s up to 250."""
    with tempfile.TemporaryDirectory() as tmp:
        spool = Spool(Path(tmp) / "spool", key=Fernet.generate_key(), fsync=fsync)
        server = IntakeSMTPServer(
            IntakeHandler(spool, [MAILBOX]),
            host="127.0.0.1",
            port=_free_port(),
            hostname="cantec.no",
            max_message_size=25 * 1024 * 1024,
            max_sessions=clients + 5,
            timeout=60,
        )
        server.start()
        try:
            batches = [[_message(i) for i in range(c, total, clients)] for c in range(clients)]
            latencies: list[float] = []
            started = time.perf_counter()
            await asyncio.gather(*(_client(server.port, batch, latencies) for batch in batches))
            elapsed = time.perf_counter() - started
        finally:
            server.stop()
        stored = len(spool.pending())
    latencies.sort()
    return {
        "messages": total,
        "clients": clients,
        "message_bytes": len(_message(0)),
        "fsync": fsync,
        "stored": stored,
        "seconds": round(elapsed, 3),
        "messages_per_second": round(total / elapsed, 1),
        "latency_ms_p50": round(statistics.median(latencies) * 1000, 2),
        "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 2),
        "cpu_count": os.cpu_count(),
    }


def run() -> dict:
    """The intake's benchmark figures for reports/bench.json."""
    return {"smtp_acceptance": asyncio.run(acceptance_rate())}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
