"""Drains the spool: claim, process, then remove, release or shunt.

One runner is one worker with its own ``processing/<worker>/`` area.  A
message whose processing fails permanently goes to ``shunt/`` with the error
written beside it; a transient failure (database or classifier down) puts it
back in ``new/`` and the runner backs off, so mail received during an outage is
processed when the dependency returns.

A *poison* message fails "transiently" while everything else works (it kills
the classifier child, or makes the database give up on it each time).  Every
start of processing is counted on disk, so a message that crashes the whole
process counts too; after a transient failure the runner asks ``probe``
whether the dependencies are up, and if they are, the failure was the
message's.  After ``max_attempts`` such starts it is shunted and
``on_poison`` opens a triage case for staff (Mailman's retry cap, in spirit);
``personvern intake unshunt`` puts it back with a fresh count.  During a real
outage the count is given back and nothing is shunted.

``concurrency`` messages are processed at once, so one message's database
work overlaps another's classification, and up to ``batch`` are claimed; a
new message is claimed as soon as one finishes (continuous flow, see ``run``).  Mail from the same
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
Probe = Callable[[], Awaitable[bool]]
PoisonHandler = Callable[[SpoolEntry, int, BaseException | None], Awaitable[None]]
MAX_ATTEMPTS = 5


def default_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class _SenderLock(asyncio.Lock):
    """A per-sender lock that knows how many messages want it (dropped at zero)."""

    def __init__(self) -> None:
        super().__init__()
        self.users = 0


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
        max_attempts: int = MAX_ATTEMPTS,
        probe: Probe | None = None,
        on_poison: PoisonHandler | None = None,
    ) -> None:
        self.spool = spool
        self.processor = processor
        self.worker = worker or default_worker_name()
        self.poll_interval = poll_interval
        self.batch = batch
        self.concurrency = max(1, concurrency)
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts
        self.probe = probe
        self.on_poison = on_poison
        self.stats = RunnerStats()
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._backoff = 0.0
        self._slots = asyncio.Semaphore(self.concurrency)
        self._senders: dict[str, _SenderLock] = {}
        self._outage = asyncio.Event()
        self._in_hand: set[asyncio.Task[str]] = set()

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
        """Process a claimed entry; returns 'done', 'retry', 'again' (the message's own fault) or 'shunt'."""
        attempt = self.spool.begin_attempt(entry)
        if attempt > self.max_attempts:  # it crashed the process on every earlier start
            return await self._give_up(entry, attempt - 1, None)
        try:
            await self.processor(entry)
        except asyncio.CancelledError:
            self.spool.undo_attempt(entry)
            self.spool.release(entry)
            raise
        except Exception as exc:
            if is_transient(exc):
                return await self._transient(entry, attempt, exc)
            log.exception("processing %s failed; shunting", entry.spool_id)
            self.spool.shunt(entry, exc)
            self.stats.shunted += 1
            return "shunt"
        self.spool.done(entry)
        self.stats.processed += 1
        return "done"

    async def _dependencies_up(self) -> bool:
        if self.probe is None:
            return False  # cannot tell: treat it as an outage, never as the message's fault
        try:
            return await self.probe()
        except Exception:
            return False

    async def _transient(self, entry: SpoolEntry, attempt: int, exc: BaseException) -> str:
        self.stats.retried += 1
        if not await self._dependencies_up():
            log.warning("transient failure on %s (%s); will retry", entry.spool_id, type(exc).__name__)
            self.spool.undo_attempt(entry)
            self.spool.release(entry)
            return "retry"
        if attempt >= self.max_attempts:
            return await self._give_up(entry, attempt, exc)
        log.warning("%s failed (%s) while everything else works: attempt %d of %d",
                    entry.spool_id, type(exc).__name__, attempt, self.max_attempts)
        self.spool.release(entry)
        return "again"

    async def _give_up(self, entry: SpoolEntry, attempts: int, exc: BaseException | None) -> str:
        """Shunt a poison message and tell staff (a triage case), whatever the handler's fate."""
        reason = f"processing failed {attempts} times ({type(exc).__name__ if exc else 'the process died'})"
        log.error("giving up on %s: %s", entry.spool_id, reason)
        self.spool.shunt(entry, reason)
        self.stats.shunted += 1
        if self.on_poison is not None:
            try:
                await self.on_poison(entry, attempts, exc)
            except Exception as handler_error:  # the mail is safe in shunt/; the case is a courtesy
                log.error("triage case for %s not opened: %s", entry.spool_id, type(handler_error).__name__)
        return "shunt"

    def _load_claimed(self, limit: int) -> list[SpoolEntry]:
        entries: list[SpoolEntry] = []
        for path in self.spool.claim(self.worker, limit):
            try:
                entries.append(self.spool.load(path))
            except SpoolError as exc:
                self.spool.shunt(path, exc)
                self.stats.shunted += 1
        return entries

    async def _handle(self, entry: SpoolEntry) -> str:
        """Wait for the sender's turn and a free slot, then process (or give back)."""
        started = False
        sender = entry.envelope.mail_from.lower()
        lock = self._senders.setdefault(sender, _SenderLock())
        lock.users += 1
        try:
            # Sender lock first (FIFO), so a waiting message does not hold a slot.
            async with lock, self._slots:
                if self._outage.is_set() or self._stopping:
                    # Mail behind an outage would hit it too; on stop it waits for the next run.
                    self.spool.release(entry)
                    return "released"
                started = True
                outcome = await self.process_one(entry)
                if outcome == "retry":
                    self._outage.set()
                return outcome
        except asyncio.CancelledError:
            if not started:
                self.spool.release(entry)
            raise
        finally:
            lock.users -= 1
            if lock.users == 0:
                self._senders.pop(sender, None)

    def _settle(self, outcomes: list[str]) -> int:
        """Returns how many were finished; work finished outside an outage ends the backoff."""
        finished = sum(outcome in ("done", "shunt") for outcome in outcomes)
        if finished and not self._outage.is_set():
            self._backoff = 0.0
        return finished

    def _back_off(self) -> float:
        """Once per outage: double the pause (from ``min_backoff`` up to ``max_backoff``)."""
        self._backoff = min(self.max_backoff, max(self.min_backoff, self._backoff * 2))
        return self._backoff

    async def drain_once(self) -> int:
        """Claim one batch and process all of it; returns how many were finished.

        For imports and tests; the service uses ``run``, which keeps claiming as
        slots free up.
        """
        self._outage.clear()
        entries = self._load_claimed(self.batch)
        if not entries:
            return 0
        outcomes = await asyncio.gather(*(self._handle(entry) for entry in entries))
        if self._outage.is_set():
            self._back_off()
        return self._settle(list(outcomes))

    def _task_done(self, task: asyncio.Task[str]) -> None:
        self._in_hand.discard(task)
        if not task.cancelled():
            if task.exception() is None:
                self._settle([task.result()])
            else:  # the spool itself failed; the file stays claimed and is recovered on restart
                log.error("runner task failed: %s", type(task.exception()).__name__)
        self._wake.set()

    def _fill(self) -> int:
        """Claim as many messages as there is room for and start them; returns how many."""
        room = self.batch - len(self._in_hand)
        if room <= 0:
            return 0
        entries = self._load_claimed(room)
        for entry in entries:
            task = asyncio.create_task(self._handle(entry))
            self._in_hand.add(task)
            task.add_done_callback(self._task_done)
        return len(entries)

    async def run(self) -> None:
        """Recover this worker's unfinished claims, then process until stopped.

        Continuous flow: a message is claimed as soon as there is room for it,
        not when a whole batch has finished, so mail never waits for the
        slowest message of the batch before it.  After an outage the runner
        lets the messages in flight finish, gives back the rest, backs off and
        tries again.
        """
        self._loop = asyncio.get_running_loop()
        self.spool.recover(self.worker)
        try:
            while not self._stopping:
                self._wake.clear()
                if self._outage.is_set():
                    if self._in_hand:
                        await asyncio.wait(set(self._in_hand))
                    await asyncio.sleep(self._back_off())
                    self._outage.clear()
                    continue
                try:
                    self._fill()
                except SpoolError as exc:
                    log.error("spool problem: %s", exc)
                if self._stopping:
                    break
                # Woken by new mail (notify), a finished message, stop, or the poll.
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
        finally:
            # Started messages finish; the ones still waiting give themselves back.
            if self._in_hand:
                await asyncio.wait(set(self._in_hand))
