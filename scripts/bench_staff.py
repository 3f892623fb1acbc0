"""Speed of the staff pages on a seeded store (merged into ``reports/bench.json`` by ``scripts.bench``).

Issue 12's limits: the queue with 10,000 cases renders in <= 150 ms server
time and a case page with 200 messages in <= 200 ms, on SQLite and
PostgreSQL.  The store is filled with bulk inserts (open cases of every
type, status and deadline; one case with 200 messages, encrypted as the
store keeps them), then the real staff app serves signed-in requests over
loopback HTTP; the figures are the whole request as the client sees it, an
upper bound of server time.  PostgreSQL runs when
``PERSONVERN_BENCH_POSTGRES_URL`` (or the tests' ``PERSONVERN_TEST_POSTGRES_URL``)
names a server; a database of its own is created there and dropped after.

    .venv/bin/python -m scripts.bench_staff
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import secrets
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import sqlalchemy as sa
from aiohttp import web
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot.cases import CaseService, MailCipher, create_engine_from_url
from bot.cases.enums import CaseStatus, Channel, Direction, RequestType
from bot.cases.models import Case, CaseRequestType, Message
from bot.config import load_settings
from personvern.schema import upgrade
from scripts.percentile import nearest_rank
from staff import create_staff_app

CASES = 10_000
MESSAGES = 200
ROUNDS = 30
TARGET_QUEUE_MS = 150
TARGET_CASE_MS = 200
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
STATUSES = [CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.AWAITING_REQUESTER, CaseStatus.RESOLVED,
            CaseStatus.CLOSED]
TYPES = list(RequestType)


def _case_rows(now: datetime) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, CASES + 1):
        received = now - timedelta(hours=n * 7 % (60 * 24))
        rows.append({
            "reference": f"PV-2026-{n:05d}",
            "requester_email": f"person{n}@example.org",
            "requester_name": f"Person {n}",
            "identity_verified": n % 3 == 0,
            "channel": Channel.EMAIL if n % 5 else Channel.CHAT,
            "language": ("nb", "nn", "en")[n % 3],
            "sensitive_categories": ["health"] if n % 11 == 0 else [],
            "status": STATUSES[n % len(STATUSES)],
            "received_at": received,
            "created_at": received,
            "updated_at": received,
            "due_internal": received + timedelta(days=14),
            "due_legal": received + timedelta(days=30),
            "version": 1,
            "review_reason": "unclear" if n % 17 == 0 else None,
        })
    return rows


async def _seed(service: CaseService, now: datetime) -> str:
    """10,000 cases and 200 messages on the first one; its reference."""
    cipher = service.config.cipher
    async with service.engine.begin() as conn:
        await conn.execute(sa.insert(Case.__table__), _case_rows(now))
        ids = dict((await conn.execute(sa.select(Case.id, Case.reference))).all())
        by_ref = {ref: pk for pk, ref in ids.items()}
        await conn.execute(
            sa.insert(CaseRequestType.__table__),
            [{"case_id": pk, "request_type": TYPES[pk % len(TYPES)]} for pk in ids],
        )
        first = by_ref["PV-2026-00001"]
        text = "Hei,\n\njeg ber om innsyn i opplysningene dere har om meg.\n\n" * 4
        await conn.execute(sa.insert(Message.__table__), [
            {
                "case_id": first,
                "direction": Direction.INBOUND if m % 2 == 0 else Direction.OUTBOUND,
                "channel": Channel.EMAIL,
                "message_id": f"<bench{m}@example.org>",
                "subject": f"Melding {m}",
                "text_ciphertext": cipher.encrypt(text.encode()),
                "masked_text": text,
                "attachments": [],
                "sender": "person1@example.org" if m % 2 == 0 else None,
                "from_other_address": False,
                "created_at": now - timedelta(minutes=MESSAGES - m),
            }
            for m in range(MESSAGES)
        ])
    return "PV-2026-00001"


async def _timed(client: aiohttp.ClientSession, url: str) -> list[float]:
    times = []
    for _ in range(ROUNDS + 3):
        started = time.perf_counter()
        async with client.get(url) as response:
            await response.read()
            assert response.status == 200, (url, response.status)
        times.append((time.perf_counter() - started) * 1000)
    return times[3:]  # the first requests warm caches and statement compilation


def _summary(times: list[float], target: float) -> dict[str, Any]:
    p95 = nearest_rank(times, 0.95)
    return {"ms_p50": round(statistics.median(times), 1), "ms_p95": round(p95, 1), "target_ms": target,
            "meets_target": p95 <= target}


async def _measure(url: str) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    service = CaseService(create_engine_from_url(url), cipher=MailCipher(Fernet.generate_key().decode()))
    try:
        started = time.perf_counter()
        reference = await _seed(service, now)
        seed_seconds = time.perf_counter() - started
        password = secrets.token_urlsafe(16)
        await service.add_staff_user("bench@cantec.no", "Benk Handler", "handler", password)
        settings = dataclasses.replace(load_settings(need_secrets=False), secret_key=secrets.token_urlsafe(32))
        root = web.Application()
        root.add_subapp("/staff/", create_staff_app(settings, service))
        runner = web.AppRunner(root, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        base = f"http://127.0.0.1:{port}/staff/"
        try:
            jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
            async with aiohttp.ClientSession(headers={"Origin": f"http://127.0.0.1:{port}"}, cookie_jar=jar) as client:
                async with client.get(base + "login") as response:
                    token = CSRF.search(await response.text()).group(1)  # type: ignore[union-attr]
                login = {"email": "bench@cantec.no", "password": password, "_csrf": token}
                async with client.post(base + "login", data=login) as response:
                    assert response.url.path == "/staff/", "sign-in failed"
                return {
                    "cases": CASES,
                    "seed_seconds": round(seed_seconds, 1),
                    "queue_all_open": _summary(await _timed(client, base), TARGET_QUEUE_MS),
                    "queue_filtered_search": _summary(
                        await _timed(client, base + "?view=all&type=access&sensitive=no&q=person1"), TARGET_QUEUE_MS
                    ),
                    "queue_last_page": _summary(await _timed(client, base + "?view=all&page=200"), TARGET_QUEUE_MS),
                    "case_200_messages": _summary(await _timed(client, f"{base}cases/{reference}"), TARGET_CASE_MS),
                }
        finally:
            await runner.cleanup()
    finally:
        await service.dispose()


def _sqlite() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        return asyncio.run(_measure(url))


def _postgres(base: str) -> dict[str, Any]:
    name = f"personvern_bench_{secrets.token_hex(4)}"
    server = make_url(base)
    dsn = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        return asyncio.run(_measure(url))
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run() -> dict[str, Any]:
    result: dict[str, Any] = {"sqlite": _sqlite(), "load_average": os.getloadavg()[0]}
    postgres = os.environ.get("PERSONVERN_BENCH_POSTGRES_URL") or os.environ.get("PERSONVERN_TEST_POSTGRES_URL")
    result["postgresql"] = _postgres(postgres) if postgres else "skipped: set PERSONVERN_BENCH_POSTGRES_URL"
    result["target"] = f"queue of {CASES} cases <= {TARGET_QUEUE_MS} ms, case of {MESSAGES} messages <= {TARGET_CASE_MS} ms"
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
