"""Case-store tests run on SQLite and PostgreSQL; fixtures come from tests.support.db."""

from __future__ import annotations

import pytest

from bot.cases import CaseRequest, Channel, Direction, NewMessage, Requester, RequestType
from tests.support.db import *  # noqa: F403


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_argon2: hash staff passwords with the production argon2 cost")


@pytest.fixture(autouse=True)
def _cheap_argon2(request: pytest.FixtureRequest) -> None:
    """Fast hashing everywhere except tests marked ``real_argon2``."""
    if request.node.get_closest_marker("real_argon2") is None:
        request.getfixturevalue("fast_password_hashing")


@pytest.fixture
def make_request():
    """Build an inbound request from an invented requester."""

    def build(
        email: str = "kari.nordmann@example.org",
        *types: RequestType,
        channel: Channel = Channel.EMAIL,
        **kwargs,
    ) -> CaseRequest:
        return CaseRequest(
            requester=Requester(email=email, name=kwargs.pop("name", "Kari Nordmann")),
            request_types=frozenset(types or (RequestType.ACCESS,)),
            channel=channel,
            **kwargs,
        )

    return build


@pytest.fixture
def make_mail():
    """Build an inbound mail message; ``n`` makes its Message-ID unique."""

    def build(n: int = 1, text: str = "Jeg ber om innsyn i mine personopplysninger.", **kwargs) -> NewMessage:
        kwargs.setdefault("message_id", f"<msg{n}@example.org>")
        kwargs.setdefault("subject", "Innsyn")
        return NewMessage(direction=Direction.INBOUND, channel=Channel.EMAIL, text=text, **kwargs)

    return build
