"""The staff web interface over real HTTP (aiohttp's TestServer) on a real case store, SQLite and PostgreSQL.

``staff_site`` serves the staff app mounted at ``/staff/`` as ``personvern run``
mounts it, on the ``case_service`` of ``tests.support.db`` with the same
settable clock (``case_clock``) for the case store and the sessions.
``staff_site.browser(address)`` is a client with its own cookie jar that
connects from ``address`` (any 127.x.y.z is this machine), so throttling per
client address is tested with real source addresses.
"""

from __future__ import annotations

import dataclasses
import re
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from yarl import URL

from bot.cases import (
    Attachment,
    CaseRequest,
    CaseService,
    Channel,
    Direction,
    NewMessage,
    Requester,
    RequestType,
)
from bot.config import load_settings
from intake.mailer import OutboxMailer
from intake.outbox import Outbox
from intake.tables import outbox as outbox_table
from staff import create_staff_app
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY, FakeClock

HANDLER = ("hanne@cantec.no", "Hanne Handler", "handler", "riktig-passord-1")
VIEWER = ("vera@cantec.no", "Vera Viewer", "viewer", "riktig-passord-2")
SECOND_HANDLER = ("hans@cantec.no", "Hans Handler", "handler", "riktig-passord-3")
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cheap_argon2(fast_password_hashing: None) -> None:
    """Staff users are made in every test; the production argon2 cost proves nothing here."""


@dataclass
class Page:
    status: int
    url: str
    text: str
    headers: Any
    history: tuple[Any, ...]

    @property
    def csrf(self) -> str:
        match = CSRF.search(self.text)
        assert match, "no form with a CSRF token on this page"
        return match.group(1)

    @property
    def path(self) -> str:
        return URL(self.url).path


@dataclass
class Browser:
    """A client with its own cookies; ``post`` sends the page's own Origin unless told otherwise."""

    client: TestClient
    last: Page | None = None

    @property
    def origin(self) -> str:
        return str(self.client.make_url("/")).rstrip("/")

    async def _page(self, response: aiohttp.ClientResponse) -> Page:
        page = Page(response.status, str(response.url), await response.text(), response.headers, response.history)
        self.last = page
        return page

    async def get(self, path: str, **kwargs: Any) -> Page:
        async with self.client.get(path, **kwargs) as response:
            return await self._page(response)

    async def post(
        self, path: str, data: dict[str, str], *, csrf: str | None = None, origin: str | None = "own", **kwargs: Any
    ) -> Page:
        headers = dict(kwargs.pop("headers", {}))
        if origin == "own":
            headers["Origin"] = self.origin
        elif origin is not None:
            headers["Origin"] = origin
        form = {**data, **({"_csrf": csrf} if csrf is not None else {})}
        async with self.client.post(path, data=form, headers=headers, **kwargs) as response:
            return await self._page(response)

    async def login(self, email: str, password: str) -> Page:
        form = await self.get("/staff/login")
        return await self.post("/staff/login", {"email": email, "password": password}, csrf=form.csrf)

    def cookie(self) -> str | None:
        for morsel in self.client.session.cookie_jar:
            if morsel.key == "personvern_staff":
                return morsel.value
        return None


@dataclass
class StaffSite:
    server: TestServer
    cases: CaseService
    clock: FakeClock
    users: dict[str, int] = field(default_factory=dict)
    outbox: Outbox | None = None  # the real outbox behind the staff app's mailer (``mailing_staff_site``)
    _clients: list[TestClient] = field(default_factory=list)

    async def browser(self, address: str = "127.0.0.1") -> Browser:
        connector = aiohttp.TCPConnector(local_addr=(address, 0), ssl=False)  # the test's self-signed certificate
        client = TestClient(self.server, connector=connector)
        await client.start_server()
        self._clients.append(client)
        return Browser(client)

    async def close(self) -> None:
        for client in self._clients:
            await client.close()
        await self.server.close()


async def _site(
    cases: CaseService,
    clock: FakeClock,
    tls: ssl.SSLContext | None = None,
    *,
    mailer: bool = False,
    **app_options: Any,
) -> StaffSite:
    settings = dataclasses.replace(load_settings(need_secrets=False), secret_key="test-secret-for-staff-sessions")
    outbox = Outbox(cases.engine, TEST_RAW_MAIL_KEY) if mailer else None
    root = web.Application()
    sender = OutboxMailer(settings, cases, outbox) if outbox is not None else None
    root.add_subapp("/staff/", create_staff_app(settings, cases, mailer=sender, clock=clock, **app_options))
    server = TestServer(root, host="127.0.0.1")
    await server.start_server(ssl=tls)
    site = StaffSite(server, cases, clock, outbox=outbox)
    for email, name, role, password in (HANDLER, VIEWER, SECOND_HANDLER):
        site.users[email] = (await cases.add_staff_user(email, name, role, password)).id
    return site


@pytest_asyncio.fixture
async def staff_site(case_service: CaseService, case_clock: FakeClock) -> AsyncIterator[StaffSite]:
    site = await _site(case_service, case_clock)
    try:
        yield site
    finally:
        await site.close()


@pytest_asyncio.fixture
async def mailing_staff_site(case_service: CaseService, case_clock: FakeClock) -> AsyncIterator[StaffSite]:
    """``staff_site`` with the email channel's real outbox mailer on the same database."""
    async with case_service.engine.begin() as conn:  # PostgreSQL keeps one database per session
        await conn.execute(outbox_table.delete())
    site = await _site(case_service, case_clock, mailer=True)
    try:
        yield site
    finally:
        await site.close()


@pytest_asyncio.fixture
async def tls_staff_site(case_service: CaseService, case_clock: FakeClock, tmp_path: Path) -> AsyncIterator[StaffSite]:
    """The same over HTTPS, with a self-signed certificate made for the test."""
    site = await _site(case_service, case_clock, _server_tls(tmp_path))
    try:
        yield site
    finally:
        await site.close()


def _server_tls(tmp_path: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


async def open_case(
    cases: CaseService,
    *,
    email: str = "kari.nordmann@example.org",
    name: str | None = "Kari Nordmann",
    subject: str = "Innsyn",
    masked_text: str = "Jeg ber om innsyn i opplysningene dere har om meg.",
    attachments: tuple[Attachment, ...] = (),
    types: frozenset[RequestType] = frozenset({RequestType.ACCESS}),
    n: int = 1,
    **request: Any,
) -> str:
    """Open a case through the case store as the email channel does; its reference."""
    result = await cases.open_or_find_case_for_thread(
        CaseRequest(Requester(email=email, name=name), types, Channel.EMAIL, language="nb", **request),
        NewMessage(
            Direction.INBOUND,
            Channel.EMAIL,
            text=masked_text,
            masked_text=masked_text,
            subject=subject,
            message_id=f"<msg{n}@example.org>",
            attachments=attachments,
        ),
    )
    return result.case.reference
