"""The SMTP listener: accept mail for our mailboxes only and spool it durably.

aiosmtpd does the protocol (SIZE/DATA limits answer ``552``, the session
timeout, STARTTLS); this module adds what makes it a safe intake:

* ``RCPT TO`` outside the configured mailboxes gets ``550 5.1.1`` - never an
  open relay;
* the message is fsynced into the spool *before* ``250`` is sent, so a crash
  after ``250`` loses nothing (and a crash before it makes the client retry);
* a cap on concurrent sessions answers ``421`` beyond it.

The listener runs in its own thread (aiosmtpd's ``Controller``) so that a busy
pipeline never slows down accepting mail.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from collections.abc import Callable, Iterable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope

from intake.errors import SpoolError
from intake.spool import Envelope, Spool

__all__ = ["IntakeHandler", "SessionLimiter", "LimitedSMTP", "IntakeSMTPServer", "tls_context"]

log = logging.getLogger(__name__)


def _normalise(address: str) -> str:
    return address.strip().strip("<>").lower()


class SessionLimiter:
    """Counts open sessions; thread-safe because tests read it from outside."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.active = 0
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        with self._lock:
            if self.maximum and self.active >= self.maximum:
                return False
            self.active += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.active = max(0, self.active - 1)


class LimitedSMTP(SMTP):
    """aiosmtpd's SMTP protocol with a cap on concurrent sessions."""

    def __init__(self, handler: Any, *, limiter: SessionLimiter, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._limiter = limiter

    async def _handle_client(self) -> None:
        if not self._limiter.acquire():
            await self.push("421 4.7.0 Too many connections, try again later")
            assert self.transport is not None
            self.transport.close()
            return
        try:
            await super()._handle_client()
        finally:
            self._limiter.release()


class IntakeHandler:
    """aiosmtpd handler: recipient policy and spool-before-250."""

    def __init__(
        self,
        spool: Spool,
        mailboxes: Iterable[str],
        on_spooled: Callable[[str], None] | None = None,
    ) -> None:
        self.spool = spool
        self.mailboxes = frozenset(_normalise(m) for m in mailboxes)
        self.on_spooled = on_spooled

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: SmtpEnvelope, address: str, rcpt_options: list[str]
    ) -> str:
        if _normalise(address) not in self.mailboxes:
            return "550 5.1.1 Recipient address rejected: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        raw = envelope.original_content
        if raw is None:  # pragma: no cover - aiosmtpd always sets it
            raw = envelope.content if isinstance(envelope.content, bytes) else b""
        meta = Envelope(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            peer=str(session.peer[0]) if isinstance(session.peer, tuple) else str(session.peer or ""),
            helo=session.host_name or "",
            tls=session.ssl is not None,
        )
        try:
            spool_id = await asyncio.to_thread(self.spool.store, raw, meta)
        except SpoolError:
            log.exception("spool write failed; answering 451 so the sender retries")
            return "451 4.3.0 Temporary failure storing the message, try again later"
        if self.on_spooled is not None:
            try:
                self.on_spooled(spool_id)
            except Exception:  # a wake-up hint must never fail the delivery
                log.exception("on_spooled callback failed for %s", spool_id)
        return f"250 2.0.0 OK queued as {spool_id}"


def tls_context(cert: str, key: str) -> ssl.SSLContext | None:
    """A server context for STARTTLS, or None when no certificate is configured."""
    if not (cert and key):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class IntakeSMTPServer(Controller):
    """Threaded aiosmtpd controller wired with our handler and limits."""

    def __init__(
        self,
        handler: IntakeHandler,
        *,
        host: str,
        port: int,
        hostname: str,
        max_message_size: int,
        max_sessions: int,
        timeout: float,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.limiter = SessionLimiter(max_sessions)
        super().__init__(
            handler,
            hostname=host,
            port=port,
            server_hostname=hostname,
            data_size_limit=max_message_size,
            timeout=timeout,
            tls_context=tls,
            enable_SMTPUTF8=True,
            decode_data=False,
        )

    def factory(self) -> SMTP:
        return LimitedSMTP(self.handler, limiter=self.limiter, **self.SMTP_kwargs)

    @classmethod
    def from_settings(cls, settings: Any, spool: Spool, on_spooled: Callable[[str], None] | None = None) -> IntakeSMTPServer:
        smtp = settings.smtp
        handler = IntakeHandler(spool, smtp.mailboxes, on_spooled)
        return cls(
            handler,
            host=smtp.host,
            port=smtp.port,
            hostname=smtp.hostname,
            max_message_size=smtp.max_message_size,
            max_sessions=smtp.max_sessions,
            timeout=smtp.timeout,
            tls=tls_context(settings.path(smtp.tls_cert) if smtp.tls_cert else "", settings.path(smtp.tls_key) if smtp.tls_key else ""),
        )
