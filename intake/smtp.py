"""The SMTP listener: accept mail for our mailboxes only and spool it durably.

aiosmtpd does the protocol (SIZE/DATA limits answer ``552``, the session
timeout, STARTTLS); this module adds what makes it a safe intake:

* ``RCPT TO`` outside the configured mailboxes gets ``550 5.1.1`` - never an
  open relay;
* the message is fsynced into the spool *before* ``250`` is sent, so a crash
  after ``250`` loses nothing (and a crash before it makes the client retry);
* a cap on concurrent sessions, and on sessions per client address, answers
  ``421`` beyond it; a session ends after ``max_session_seconds`` and after
  too many commands that move no mail (``NOOP``, ``RSET``, ``VRFY``...), so
  idle clients cannot hold the slots (Postfix's anvil limits, in spirit);
* lines of any length up to the message-size limit are accepted and stored as
  received (RFC 5321's 1000 is a limit for senders; refusing a long line
  after DATA would bounce a person's request);
* the banner names no software, and aiosmtpd's own log of every sender and
  recipient address (``mail.log`` at INFO) is kept at WARNING.

The listener runs in its own thread (aiosmtpd's ``Controller``) so that a busy
pipeline never slows down accepting mail.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from collections.abc import Callable, Iterable
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope

from intake.errors import SpoolError
from intake.spool import Envelope, Spool

__all__ = ["IntakeHandler", "SessionLimiter", "LimitedSMTP", "IntakeSMTPServer", "tls_context"]

log = logging.getLogger(__name__)
# aiosmtpd logs each peer, sender and recipient at INFO: personal data in logs.
logging.getLogger("mail.log").setLevel(logging.WARNING)

BANNER = "ESMTP"  # "220 <hostname> ESMTP": no software name or version
# Commands that move no mail, per session; the next one gets 421 and the session ends.
COMMAND_CALL_LIMITS = {"NOOP": 10, "RSET": 100, "VRFY": 5, "EXPN": 5, "HELP": 5, "HELO": 5, "EHLO": 5, "*": 100_000}


def _normalise(address: str) -> str:
    return address.strip().strip("<>").lower()


class SessionLimiter:
    """Counts open sessions, in all and per client address; thread-safe (tests read it)."""

    def __init__(self, maximum: int, per_client: int = 0) -> None:
        self.maximum = maximum
        self.per_client = per_client
        self.active = 0
        self._by_client: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, client: str = "") -> str | None:
        """None when the session may start, else the reason it may not."""
        with self._lock:
            if self.maximum and self.active >= self.maximum:
                return "Too many connections"
            if self.per_client and self._by_client.get(client, 0) >= self.per_client:
                return "Too many connections from your address"
            self.active += 1
            self._by_client[client] = self._by_client.get(client, 0) + 1
            return None

    def release(self, client: str = "") -> None:
        with self._lock:
            self.active = max(0, self.active - 1)
            left = self._by_client.get(client, 0) - 1
            if left > 0:
                self._by_client[client] = left
            else:
                self._by_client.pop(client, None)


class LimitedSMTP(SMTP):
    """aiosmtpd's SMTP protocol with session caps, a session lifetime and long lines."""

    def __init__(
        self, handler: Any, *, limiter: SessionLimiter, max_session_seconds: float = 0, **kwargs: Any
    ) -> None:
        # Read by SMTP.__init__ (the stream's buffer limit) and by DATA: one line may be
        # as long as a whole message may be, so memory per session stays what DATA allows.
        self.line_length_limit = max(SMTP.line_length_limit, kwargs.get("data_size_limit") or 0)
        super().__init__(handler, **kwargs)
        self._limiter = limiter
        self._max_session_seconds = max_session_seconds

    def _client(self) -> str:
        peer = self.session.peer if self.session is not None else None
        return str(peer[0]) if isinstance(peer, tuple) else str(peer or "")

    async def _handle_client(self) -> None:
        client = self._client()
        refused = self._limiter.acquire(client)
        if refused:
            await self.push(f"421 4.7.0 {refused}, try again later")
            assert self.transport is not None
            self.transport.close()
            return
        expiry = (
            asyncio.get_running_loop().call_later(self._max_session_seconds, self._expire)
            if self._max_session_seconds
            else None
        )
        try:
            await super()._handle_client()
        finally:
            if expiry is not None:
                expiry.cancel()
            self._limiter.release(client)

    def _expire(self) -> None:
        """The session's lifetime is over, whatever it is doing: say so and hang up."""
        # Not an isinstance check: under uvloop (which Rasa's Sanic installs) transports
        # are not asyncio.WriteTransport subclasses, yet write like one.
        transport = cast("asyncio.WriteTransport | None", self.transport)
        if transport is not None and not transport.is_closing():
            transport.write(b"421 4.4.2 Session too long, closing\r\n")
            transport.close()


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
        max_sessions_per_client: int = 0,
        max_session_seconds: float = 0,
    ) -> None:
        self.limiter = SessionLimiter(max_sessions, max_sessions_per_client)
        self.max_session_seconds = max_session_seconds
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
            ident=BANNER,
            command_call_limit=COMMAND_CALL_LIMITS,
        )

    def factory(self) -> SMTP:
        return LimitedSMTP(
            self.handler, limiter=self.limiter, max_session_seconds=self.max_session_seconds, **self.SMTP_kwargs
        )

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
            max_sessions_per_client=smtp.max_sessions_per_client,
            max_session_seconds=smtp.max_session_seconds,
            timeout=smtp.timeout,
            tls=tls_context(settings.path(smtp.tls_cert) if smtp.tls_cert else "", settings.path(smtp.tls_key) if smtp.tls_key else ""),
        )
