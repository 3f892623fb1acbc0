"""The runner processes each spooled message, shunts failures, retries outages."""

from __future__ import annotations

import asyncio

from bot.errors import DatabaseUnavailable
from intake.runner import SpoolRunner
from intake.spool import Envelope, Spool, SpoolEntry

ENVELOPE = Envelope(mail_from="a@example.no", rcpt_tos=("personvern@cantec.no",))


async def test_processed_messages_leave_the_spool(spool: Spool) -> None:
    seen: list[bytes] = []

    async def processor(entry: SpoolEntry) -> None:
        seen.append(entry.raw)

    for body in (b"one", b"two", b"three"):
        spool.store(body, ENVELOPE)
    runner = SpoolRunner(spool, processor, "w")
    assert await runner.drain_once() == 3
    assert seen == [b"one", b"two", b"three"]  # first in, first processed
    assert spool.counts() == {"new": 0, "processing": 0, "shunt": 0}


async def test_a_failing_message_is_shunted_not_dropped(spool: Spool) -> None:
    async def processor(entry: SpoolEntry) -> None:
        if entry.raw == b"bad":
            raise ValueError("cannot handle")

    spool.store(b"bad", ENVELOPE)
    spool.store(b"good", ENVELOPE)
    runner = SpoolRunner(spool, processor, "w")
    await runner.drain_once()
    assert runner.stats.processed == 1 and runner.stats.shunted == 1
    assert len(spool.shunted()) == 1


async def test_a_damaged_spool_file_is_shunted(spool: Spool) -> None:
    spool_id = spool.store(b"x", ENVELOPE)
    (spool.root / "new" / f"{spool_id}.msg").write_bytes(b"not json\n")
    runner = SpoolRunner(spool, lambda e: asyncio.sleep(0), "w")
    await runner.drain_once()
    assert spool.shunted() == [spool_id]


async def test_database_outage_keeps_mail_until_it_returns(spool: Spool) -> None:
    database_up = False
    done: list[bytes] = []

    async def processor(entry: SpoolEntry) -> None:
        if not database_up:
            raise DatabaseUnavailable("OperationalError: connection refused")  # as the case store maps it
        done.append(entry.raw)

    spool.store(b"m1", ENVELOPE)
    spool.store(b"m2", ENVELOPE)
    runner = SpoolRunner(spool, processor, "w", min_backoff=0.01)
    assert await runner.drain_once() == 0
    assert spool.counts() == {"new": 2, "processing": 0, "shunt": 0}
    database_up = True
    assert await runner.drain_once() == 2
    assert done == [b"m1", b"m2"]


async def test_restart_processes_what_the_dead_worker_had_claimed(spool: Spool) -> None:
    spool.store(b"claimed before the crash", ENVELOPE)
    spool.claim("w")  # a worker claimed it, then the process died
    done: list[bytes] = []

    async def processor(entry: SpoolEntry) -> None:
        done.append(entry.raw)
        runner.stop()

    runner = SpoolRunner(spool, processor, "w", poll_interval=0.05)
    await asyncio.wait_for(runner.run(), 10)
    assert done == [b"claimed before the crash"]


async def test_notify_wakes_the_runner(spool: Spool) -> None:
    done = asyncio.Event()

    async def processor(entry: SpoolEntry) -> None:
        done.set()

    runner = SpoolRunner(spool, processor, "w", poll_interval=3600)
    task = asyncio.create_task(runner.run())
    await asyncio.sleep(0.05)
    spool.store(b"m", ENVELOPE)
    runner.notify()
    await asyncio.wait_for(done.wait(), 10)
    runner.stop()
    await asyncio.wait_for(task, 10)


async def test_concurrent_runner_overlaps_senders_but_keeps_each_senders_order(spool: Spool) -> None:
    running: set[str] = set()
    overlapped: list[bool] = []
    order: list[bytes] = []

    async def processor(entry: SpoolEntry) -> None:
        sender = entry.envelope.mail_from
        assert sender not in running, "two messages of one sender in flight at once"
        running.add(sender)
        overlapped.append(len(running) > 1)
        await asyncio.sleep(0.01)
        order.append(entry.raw)
        running.discard(sender)

    for n in range(3):
        for who in ("a", "b", "c"):
            spool.store(f"{who}{n}".encode(), Envelope(mail_from=f"{who}@example.no", rcpt_tos=("personvern@cantec.no",)))
    runner = SpoolRunner(spool, processor, "w", concurrency=3)
    assert await runner.drain_once() == 9
    assert any(overlapped)
    for who in (b"a", b"b", b"c"):
        assert [m for m in order if m.startswith(who)] == [who + b"0", who + b"1", who + b"2"]
    assert spool.counts() == {"new": 0, "processing": 0, "shunt": 0}


async def test_concurrent_runner_gives_back_unstarted_mail_on_an_outage(spool: Spool) -> None:
    async def processor(entry: SpoolEntry) -> None:
        await asyncio.sleep(0.01)  # both slots are taken before the first failure comes back
        raise DatabaseUnavailable("OperationalError: connection refused")  # as the case store maps it

    for n in range(6):
        spool.store(b"m", Envelope(mail_from=f"{n}@example.no", rcpt_tos=("personvern@cantec.no",)))
    runner = SpoolRunner(spool, processor, "w", concurrency=2)
    assert await runner.drain_once() == 0
    assert runner.backing_off
    assert runner.stats.retried == 2  # the two in flight; the rest were never started
    assert spool.counts() == {"new": 6, "processing": 0, "shunt": 0}


async def test_mail_arriving_during_a_slow_message_is_not_held_behind_it(spool: Spool) -> None:
    """Continuous flow: a free slot takes new mail at once, not when the batch is done."""
    finished: list[bytes] = []
    slow_started = asyncio.Event()

    async def processor(entry: SpoolEntry) -> None:
        if entry.raw == b"slow":
            slow_started.set()
            await asyncio.sleep(0.5)
        finished.append(entry.raw)

    spool.store(b"slow", Envelope(mail_from="a@example.no", rcpt_tos=("personvern@cantec.no",)))
    runner = SpoolRunner(spool, processor, "w", concurrency=2, poll_interval=3600)
    task = asyncio.create_task(runner.run())
    await asyncio.wait_for(slow_started.wait(), 10)
    spool.store(b"fast", Envelope(mail_from="b@example.no", rcpt_tos=("personvern@cantec.no",)))
    runner.notify()
    while len(finished) < 2:
        await asyncio.sleep(0.01)
    runner.stop()
    await asyncio.wait_for(task, 10)
    assert finished == [b"fast", b"slow"]


async def test_running_runner_backs_off_during_an_outage_and_catches_up(spool: Spool) -> None:
    database_up = False
    done: list[bytes] = []
    attempts = 0

    async def processor(entry: SpoolEntry) -> None:
        nonlocal attempts
        attempts += 1
        if not database_up:
            raise DatabaseUnavailable("OperationalError: connection refused")  # as the case store maps it
        done.append(entry.raw)

    for n in range(5):
        spool.store(f"m{n}".encode(), Envelope(mail_from=f"{n}@example.no", rcpt_tos=("personvern@cantec.no",)))
    runner = SpoolRunner(spool, processor, "w", concurrency=2, poll_interval=0.05, min_backoff=0.05, max_backoff=0.2)
    task = asyncio.create_task(runner.run())
    await asyncio.sleep(0.5)
    assert done == [] and runner.backing_off
    assert attempts <= 2 * 8  # at most one slot-full of attempts per backoff, not a busy loop
    assert spool.counts()["shunt"] == 0
    database_up = True
    while len(done) < 5:
        await asyncio.sleep(0.02)
    runner.stop()
    await asyncio.wait_for(task, 10)
    assert sorted(done) == [f"m{n}".encode() for n in range(5)]
    assert not runner.backing_off
    assert spool.counts() == {"new": 0, "processing": 0, "shunt": 0}


async def test_stopping_gives_back_mail_that_was_claimed_but_not_started(spool: Spool) -> None:
    release = asyncio.Event()

    async def processor(entry: SpoolEntry) -> None:
        await release.wait()

    for n in range(4):  # one sender: one in flight, three waiting for their turn
        spool.store(f"m{n}".encode(), ENVELOPE)
    runner = SpoolRunner(spool, processor, "w", concurrency=2, poll_interval=0.05)
    task = asyncio.create_task(runner.run())
    while spool.counts()["processing"] < 4:
        await asyncio.sleep(0.01)
    runner.stop()
    release.set()
    await asyncio.wait_for(task, 10)
    assert runner.stats.processed == 1
    assert spool.counts() == {"new": 3, "processing": 0, "shunt": 0}


async def test_a_poison_message_is_shunted_after_the_cap_while_others_flow(spool: Spool) -> None:
    from bot.errors import ClassifierUnavailable

    attempts: list[bytes] = []
    poisoned: list[tuple[str, int]] = []

    async def processor(entry: SpoolEntry) -> None:
        attempts.append(entry.raw)
        if entry.raw == b"poison":
            raise ClassifierUnavailable("the classifier child died on this message")

    async def everything_up() -> bool:
        return True

    async def on_poison(entry: SpoolEntry, count: int, error: BaseException | None) -> None:
        poisoned.append((entry.spool_id, count))

    poison_id = spool.store(b"poison", ENVELOPE)
    spool.store(b"fine", Envelope(mail_from="b@example.no", rcpt_tos=ENVELOPE.rcpt_tos))
    runner = SpoolRunner(spool, processor, "w", probe=everything_up, on_poison=on_poison, max_attempts=3)
    for _ in range(5):
        await runner.drain_once()
    assert attempts.count(b"poison") == 3 and attempts.count(b"fine") == 1
    assert spool.shunted() == [poison_id] and poisoned == [(poison_id, 3)]
    assert not runner.backing_off  # it was never an outage
    spool.unshunt(poison_id)
    assert spool.attempts(poison_id) == 0  # a fresh count after the fix


async def test_during_an_outage_nothing_is_counted_against_the_message(spool: Spool) -> None:
    async def processor(entry: SpoolEntry) -> None:
        raise DatabaseUnavailable("down")

    async def nothing_up() -> bool:
        return False

    spool_id = spool.store(b"mail", ENVELOPE)
    runner = SpoolRunner(spool, processor, "w", probe=nothing_up, max_attempts=2)
    for _ in range(6):
        await runner.drain_once()
    assert spool.shunted() == [] and spool.pending() == [spool_id]
    assert spool.attempts(spool_id) == 0


async def test_a_message_that_crashed_the_process_every_time_is_given_up_unprocessed(spool: Spool) -> None:
    ran: list[bytes] = []
    poisoned: list[int] = []

    async def processor(entry: SpoolEntry) -> None:
        ran.append(entry.raw)

    async def on_poison(entry: SpoolEntry, count: int, error: BaseException | None) -> None:
        poisoned.append(count)

    spool_id = spool.store(b"kills the process", ENVELOPE)
    [path] = spool.claim("dead-worker")
    entry = spool.load(path)
    for _ in range(3):  # three starts, each ended by a crash (the count is written before processing)
        spool.begin_attempt(entry)
    spool.recover()
    runner = SpoolRunner(spool, processor, "w", on_poison=on_poison, max_attempts=3)
    await runner.drain_once()
    assert ran == [] and spool.shunted() == [spool_id] and poisoned == [3]
