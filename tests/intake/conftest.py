"""Shared fixtures for the intake tests: a spool, free ports, a live listener."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from intake.smtp import IntakeHandler, IntakeSMTPServer
from intake.spool import Spool

FIXTURES = Path(__file__).with_name("fixtures")
MAILBOX = "personvern@cantec.no"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "spool", key=Fernet.generate_key())


@pytest.fixture
def smtp_server(spool: Spool) -> Iterator[IntakeSMTPServer]:
    server = IntakeSMTPServer(
        IntakeHandler(spool, [MAILBOX]),
        host="127.0.0.1",
        port=free_port(),
        hostname="cantec.no",
        max_message_size=64 * 1024,
        max_sessions=5,
        timeout=30,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
