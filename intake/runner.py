"""Drains the spool: claim, process, then remove, release or shunt.

One runner is one worker with its own ``processing/<worker>/`` area.  A
message whose processing fails permanently goes to ``shunt/`` with the error
written beside it; a transient failure (database or classifier down) puts it
back in ``new/`` and the runner backs off, so mail received during an outage is
processed when the dependency returns.

``concurrency`` messages are processed at once, so one message's database
commit (an fsync) overlaps another's classification.  Mail from the same
envelope sender is still processed one after the other, in spool order, so
threading, duplicate matching and the per-sender reply limit see the earlier
message's outcome exactly as in serial processing.  Exactly-once does not
depend on this: the ledger's unique claim decides.  On PostgreSQL the case
store's transactions run side by side; on SQLite every write transaction takes
the database's single write lock (``BEGIN IMMEDIATE``), so writes stay serial
and only the CPU work and the fsyncs overlap.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from intake.errors import SpoolError, is_transient
from intake.spool import Spool, SpoolEntry

__all__ = ["Processor", "RunnerStats", "SpoolRunner", "default_worker_name"]

log = logging.getLogger(__name__)

Processor = Callable[[SpoolEntry], Awaitable[None]]


def default_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass
class RunnerStats:
    processed: int = 0
    shunted: int = 0
    retried: int = 0


class SpoolRunner:
    """Process spooled messages with ``processor`` until stopped."""

    def __init__(
        self,
        spool: Spool,
        processor: Processor,
        worker: str | None = None,
        *,
        poll_interval: float = 1.0,
        batch: int = 20,
        concurrency: int = 1,
        min_backoff: float = 0.5,
        max_backoff: float = 60.0,
    ) -> None:
        self.spool = spool
        self.processor = processor
        self.worker = worker or default_worker_name()
        self.poll_interval = poll_interval
        self.batch = batch
        self.concurrency = max(1, concurrency)
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.stats = RunnerStats()
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._backoff = 0.0

    # -- control ---------------------------------------------------------------
    def notify(self, _spool_id: str | None = None) -> None:
        """Wake the runner (thread-safe: called from the SMTP thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    @property
    def backing_off(self) -> bool:
        """True after a transient failure, until a message succeeds again."""
        return self._backoff > 0

    # -- work ------------------------------------------------------------------
    async def process_one(self, entry: SpoolEntry) -> str:
        """Process a claimed entry; returns 'done', 'retry' or 'shunt'."""
        try:
            await self.processor(entry)
        except asyncio.CancelledError:
            self.spool.release(entry)
            raise
        except Exception as exc:
            if is_transient(exc):
                log.warning("transient failure on %s (%s); will retry", entry.spool_id, type(exc).__name__)
                self.spool.release(entry)
                self.stats.retried += 1
                return "retry"
            log.exception("processing %s failed; shunting", entry.spool_id)
            self.spool.shunt(entry, exc)
            self.stats.shunted += 1
            return "shunt"
        self.spool.done(entry)
        self.stats.processed += 1
        return "done"

    async def drain_once(self) -> int:
        """Claim and process one batch; returns how many were finished."""
        entries: list[SpoolEntry] = []
        for path in self.spool.claim(self.worker, self.batch):
            try:
                entries.append(self.spool.load(path))
            except SpoolError as exc:
                self.spool.shunt(path, exc)
                self.stats.shunted += 1
        if not entries:
            return 0
        slots = asyncio.Semaphore(self.concurrency)
        by_sender: collections.defaultdict[str, asyncio.Lock] = collections.defaultdict(asyncio.Lock)
        outage = asyncio.Event()

        async def handle(entry: SpoolEntry) -> str:
            started = False
            try:
                # Sender lock first (FIFO), so a waiting message does not hold a slot.
                async with by_sender[entry.envelope.mail_from.lower()], slots:
                    if outage.is_set():
                        # The rest of the batch would hit the same outage: give it back.
                        self.spool.release(entry)
                        return "released"
                    started = True
                    outcome = await self.process_one(entry)
                    if outcome == "retry":
                        outage.set()
                    return outcome
            except asyncio.CancelledError:
                if not started:
                    self.spool.release(entry)
                raise

        outcomes = await asyncio.gather(*(handle(entry) for entry in entries))
        finished = sum(outcome in ("done", "shunt") for outcome in outcomes)
        if outage.is_set():
            self._backoff = min(self.max_backoff, max(self.min_backoff, self._backoff * 2))
        elif finished:
            self._backoff = 0.0
        return finished

    async def run(self) -> None:
        """Recover this worker's unfinished claims, then drain until stopped."""
        self._loop = asyncio.get_running_loop()
        self.spool.recover(self.worker)
        while not self._stopping:
            self._wake.clear()
            try:
                finished = await self.drain_once()
            except SpoolError as exc:
                log.error("spool problem: %s", exc)
                finished = 0
            if self._stopping:
                break
            if self._backoff:
                await asyncio.sleep(self._backoff)
                continue
            if finished == 0:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
