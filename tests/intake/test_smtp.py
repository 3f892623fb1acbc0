"""The listener: only our mailbox, size limits, spool before 250, caps, STARTTLS."""

from __future__ import annotations

import datetime as dt
import smtplib
import socket
import ssl
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from intake.errors import SpoolError
from intake.smtp import IntakeHandler, IntakeSMTPServer, tls_context
from intake.spool import Spool
from tests.intake.conftest import MAILBOX, fixture_bytes, free_port

SENDER = "kari.nordmann@example.no"


def _client(server: IntakeSMTPServer) -> smtplib.SMTP:
    return smtplib.SMTP(server.hostname, server.port, timeout=10)


def test_accepts_our_mailbox_and_spools_exact_bytes_before_250(smtp_server: IntakeSMTPServer, spool: Spool) -> None:
    raw = fixture_bytes("access_nb.eml")
    with _client(smtp_server) as client:
        client.ehlo("client.example.no")
        client.mail(SENDER)
        code, _ = client.rcpt(MAILBOX.upper())  # case-insensitive mailbox match
        assert code == 250
        code, reply = client.data(raw)
        assert code == 250
        # The 250 has arrived: the message must already be in new/.
        pending = spool.pending()
        assert len(pending) == 1 and pending[0].encode() in reply
    [path] = spool.claim("t")
    entry = spool.load(path)
    assert entry.raw == raw
    assert entry.envelope.mail_from == SENDER
    assert entry.envelope.helo == "client.example.no"
    assert entry.envelope.tls is False


def test_relay_attempt_is_refused_with_550(smtp_server: IntakeSMTPServer, spool: Spool) -> None:
    with _client(smtp_server) as client:
        client.ehlo()
        client.mail(SENDER)
        code, reply = client.rcpt("someone@example.com")
        assert code == 550 and reply.startswith(b"5.1.1")
        code, _ = client.rcpt("postmaster@cantec.no")
        assert code == 550
        client.rset()
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.sendmail(SENDER, ["victim@example.org"], b"Subject: relay\r\n\r\nx")
    assert spool.pending() == []


def test_declared_size_over_limit_is_552_at_mail_from(smtp_server: IntakeSMTPServer, spool: Spool) -> None:
    with _client(smtp_server) as client:
        client.ehlo()
        assert int(client.esmtp_features["size"]) == 64 * 1024
        code, _ = client.mail(SENDER, options=[f"SIZE={10 * 64 * 1024}"])
        assert code == 552
    assert spool.pending() == []


def test_oversized_data_without_size_is_552(smtp_server: IntakeSMTPServer, spool: Spool) -> None:
    big = b"Subject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 100
    with _client(smtp_server) as client:
        client.ehlo()
        client.mail(SENDER)
        client.rcpt(MAILBOX)
        code, _ = client.data(big)
        assert code == 552
    assert spool.pending() == []


class _FailingSpool(Spool):
    def store(self, raw: bytes, envelope, spool_id=None):  # type: ignore[no-untyped-def, override]
        raise SpoolError("disk full")


def _server(spool: Spool, **overrides: object) -> IntakeSMTPServer:
    options: dict = dict(
        host="127.0.0.1", port=free_port(), hostname="cantec.no", max_message_size=65536, max_sessions=5, timeout=30
    )
    options.update(overrides)
    return IntakeSMTPServer(IntakeHandler(spool, [MAILBOX]), **options)


def test_spool_failure_answers_451_never_250(tmp_path: Path) -> None:
    server = _server(_FailingSpool(tmp_path / "s"))
    server.start()
    try:
        with _client(server) as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt(MAILBOX)
            code, _ = client.data(b"Subject: x\r\n\r\nbody")
            assert code == 451
    finally:
        server.stop()


def test_sessions_beyond_the_cap_get_421(tmp_path: Path) -> None:
    server = _server(Spool(tmp_path / "s"), max_sessions=2)
    server.start()
    try:
        first, second = _client(server), _client(server)
        with socket.create_connection((server.hostname, server.port), timeout=10) as third:
            assert third.recv(200).startswith(b"421")
        first.quit()
        second.quit()
        with _client(server) as fourth:  # a slot is free again
            assert fourth.noop()[0] == 250
    finally:
        server.stop()


def test_silent_client_is_disconnected(tmp_path: Path) -> None:
    server = _server(Spool(tmp_path / "s"), timeout=0.3)
    server.start()
    try:
        with socket.create_connection((server.hostname, server.port), timeout=10) as sock:
            assert sock.recv(200).startswith(b"220")
            assert sock.recv(200) == b""  # closed by the server, not by us
    finally:
        server.stop()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mx.cantec.no")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_starttls_offered_only_with_a_certificate(tmp_path: Path) -> None:
    assert tls_context("", "") is None
    cert, key = _self_signed(tmp_path)
    spool = Spool(tmp_path / "s")
    server = _server(spool, tls=tls_context(str(cert), str(key)))
    server.start()
    try:
        with _client(server) as client:
            client.ehlo()
            assert client.has_extn("starttls")
            client.starttls(context=ssl._create_unverified_context())
            client.ehlo()
            client.sendmail(SENDER, [MAILBOX], fixture_bytes("access_nb.eml"))
    finally:
        server.stop()
    [path] = spool.claim("t")
    assert spool.load(path).envelope.tls is True


def test_no_starttls_without_certificate(smtp_server: IntakeSMTPServer) -> None:
    with _client(smtp_server) as client:
        client.ehlo()
        assert not client.has_extn("starttls")


def test_a_60_kb_line_is_accepted_and_stored_as_received(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s")
    server = _server(spool, max_message_size=1024 * 1024)
    server.start()
    try:
        line = b"Jeg ber om innsyn. " * 3200  # one line of about 60 kB, no line break
        raw = b"From: Kari <kari.nordmann@example.no>\r\nSubject: Innsyn\r\n\r\n" + line + b"\r\n"
        with _client(server) as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt(MAILBOX)
            code, _ = client.data(raw)
        assert code == 250
        [path] = spool.claim("t")
        assert spool.load(path).raw == raw
    finally:
        server.stop()


def test_a_line_longer_than_the_size_limit_is_552_or_500_never_stored(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s")
    server = _server(spool, max_message_size=65536)
    server.start()
    try:
        with _client(server) as client:
            client.ehlo()
            client.mail(SENDER)
            client.rcpt(MAILBOX)
            code, _ = client.data(b"Subject: x\r\n\r\n" + b"x" * 200_000 + b"\r\n")
        assert code in (500, 552)
        assert spool.pending() == []
    finally:
        server.stop()


def test_the_banner_names_no_software(smtp_server: IntakeSMTPServer) -> None:
    with socket.create_connection((smtp_server.hostname, smtp_server.port), timeout=10) as sock:
        banner = sock.recv(200).decode()
    assert banner.startswith("220 ") and "ESMTP" in banner
    assert "python" not in banner.lower() and "aiosmtpd" not in banner.lower()


def test_sessions_per_client_address_are_capped(tmp_path: Path) -> None:
    server = _server(Spool(tmp_path / "s"), max_sessions=10, max_sessions_per_client=2)
    server.start()
    try:
        first, second = _client(server), _client(server)
        with socket.create_connection((server.hostname, server.port), timeout=10) as third:
            assert third.recv(200).startswith(b"421")
        first.quit()
        with _client(server) as again:
            assert again.noop()[0] == 250
        second.quit()
    finally:
        server.stop()


def test_a_client_sending_only_noop_is_cut_off(tmp_path: Path) -> None:
    server = _server(Spool(tmp_path / "s"))
    server.start()
    try:
        with _client(server) as client:
            codes = [client.noop()[0] for _ in range(12)]
        assert codes[:10] == [250] * 10 and 421 in codes[10:]
    except smtplib.SMTPServerDisconnected:
        pass  # the server closed the session after its 421, as it should
    finally:
        server.stop()


def test_a_session_ends_after_its_lifetime_even_when_busy(tmp_path: Path) -> None:
    server = _server(Spool(tmp_path / "s"), max_session_seconds=0.5)
    server.start()
    try:
        with socket.create_connection((server.hostname, server.port), timeout=10) as sock:
            assert sock.recv(200).startswith(b"220")
            received, ended, started = b"", False, time.monotonic()
            while time.monotonic() - started < 10:  # keep talking; the lifetime still ends the session
                try:
                    sock.sendall(b"RSET\r\n")
                    chunk = sock.recv(200)
                except OSError:
                    chunk = b""
                received += chunk
                if not chunk or b"421 4.4.2" in received:
                    ended = True
                    break
                time.sleep(0.05)
            lasted = time.monotonic() - started
        assert ended and 0.4 < lasted < 10, (lasted, received[-60:])
    finally:
        server.stop()
