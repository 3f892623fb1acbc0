"""The chat's dialogue on the real trained model, with the real actions behind a real HTTP action server.

``action_server`` serves ``actions/`` through rasa-sdk's own ``ActionExecutor``
(what ``rasa_sdk``'s server runs) over real HTTP, wired to the test's case
store (SQLite and PostgreSQL), a real ``Verifier`` and a ``RecordingMailer``
that keeps the letters (the code is read from them).  ``talk`` runs turns
through a ``DialogueEngine`` built on the session's classifier.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from actions import services as registry
from bot.config import load_settings
from bot.dialogue import Reply
from bot.outgoing import Letter
from bot.verification import Verifier
from bot.verification.tables import metadata as verification_metadata
from tests.support.db import *  # noqa: F403

SECRET = "chat-test-secret"


@dataclass
class RecordingMailer:
    letters: list[tuple[Letter, str]] = field(default_factory=list)

    async def send(self, letter: Letter, *, key: str) -> str:
        if key not in [k for _, k in self.letters]:
            self.letters.append((letter, key))
        return f"<{abs(hash(key))}@test.cantec.no>"

    def last_code(self) -> str:
        for letter, _ in reversed(self.letters):
            found = re.search(r"\b(\d{6})\b", letter.body)
            if letter.kind.value == "chat_code" and found:
                return found.group(1)
        raise AssertionError("no code was mailed")


@pytest_asyncio.fixture
async def action_server(case_service, case_clock) -> AsyncIterator[tuple[str, RecordingMailer]]:  # type: ignore[no-untyped-def]
    from rasa_sdk.executor import ActionExecutor

    async with case_service.engine.begin() as connection:
        for table in reversed(verification_metadata.sorted_tables):
            await connection.execute(table.delete())
    mailer = RecordingMailer()
    settings = load_settings(need_secrets=False)
    registry.configure(
        registry.ActionServices(
            settings=settings,
            cases=case_service,
            verifier=Verifier(case_service.engine, secret=SECRET, clock=case_clock),
            mailer=mailer,
        )
    )
    executor = ActionExecutor()
    executor.register_package("actions")

    async def webhook(request: web.Request) -> web.Response:
        return web.json_response(await executor.run(await request.json()))

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/webhook")), mailer
    finally:
        await server.close()
        registry.configure(None)


@dataclass
class Talk:
    engine: Any
    sender: str = "visitor-1"
    language: str = "nb"
    events: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    async def say(self, text: str, **metadata: Any) -> list[Reply]:
        meta = {"language": self.language, "client": "client-key-1", **metadata}
        turn = await self.engine.turn(self.sender, self.events, text, meta)
        self.events, self.slots = turn.events, turn.slots
        return turn.replies

    async def texts(self, text: str, **metadata: Any) -> str:
        return "\n".join(r.text for r in await self.say(text, **metadata))


@pytest.fixture
def talk(classifier, action_server) -> Talk:  # type: ignore[no-untyped-def]
    from bot.dialogue.engine import DialogueEngine

    url, _ = action_server
    return Talk(DialogueEngine(classifier, url))


@pytest.fixture
def mailer(action_server) -> RecordingMailer:  # type: ignore[no-untyped-def]
    return action_server[1]


SITE = "https://www.cantec.no"


@dataclass
class ChatSite:
    """The chat app mounted at /chat/ as ``personvern run`` mounts it, over real HTTP."""

    server: Any
    clock: Any
    now: list[float]
    settings: Any

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def client(self, address: str = "127.0.0.1") -> Any:
        import aiohttp

        connector = aiohttp.TCPConnector(local_addr=(address, 0))
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     headers={"Origin": SITE})

    async def start(self, http: Any) -> str:
        async with http.post(self.url("/chat/session")) as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["sender"])

    async def say(self, http: Any, sender: str, message: str, **extra: Any) -> tuple[int, Any]:
        async with http.post(self.url("/chat/webhook"), json={"sender": sender, "message": message, **extra}) as r:
            return r.status, await r.json()


@pytest_asyncio.fixture
async def chat_site(classifier, action_server, case_service, case_clock, tmp_path) -> AsyncIterator[ChatSite]:  # type: ignore[no-untyped-def]
    from bot.dialogue.engine import DialogueEngine
    from chat import create_chat_app
    from chat.tables import metadata as chat_metadata
    from tests.intake.conftest import free_port
    from tests.support.db import TEST_RAW_MAIL_KEY

    async with case_service.engine.begin() as connection:
        for table in reversed(chat_metadata.sorted_tables):
            await connection.execute(table.delete())
    port = free_port()
    settings = load_settings(env={
        "PERSONVERN_MODE": "local", "PERSONVERN_VAR_DIR": str(tmp_path), "PERSONVERN_SECRET_KEY": SECRET,
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY, "PERSONVERN_CHAT_SITE_ORIGINS": f"{SITE},http://127.0.0.1:{port}",
    })
    now = [1_800_000_000.0]
    engine = DialogueEngine(classifier, action_server[0])
    app = web.Application()
    app.add_subapp("/chat/", create_chat_app(settings, dialogue=engine, cases=case_service, clock=case_clock,
                                             now=lambda: now[0]))
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    try:
        yield ChatSite(server, case_clock, now, settings)
    finally:
        await server.close()
