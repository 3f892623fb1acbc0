"""A Maildir/Mailman-style spool: raw mail is on disk before we say ``250``.

Layout under the spool directory::

    tmp/                 being written (never read by workers)
    new/                 complete, waiting to be processed
    processing/<worker>/ claimed by one worker (atomic rename)
    shunt/               failed processing; ``<id>.error.json`` says why
    attempts/            ``<id>``: how many times processing of a message began

A message file is written to ``tmp/``, fsynced, renamed into ``new/`` and the
directory fsynced, so a crash at any moment leaves either nothing (the client
got no ``250`` and retries) or a complete file.  Claiming is a rename, which
is atomic on one filesystem, so two workers never process the same file.

A file is one JSON line of envelope metadata followed by the message bytes
exactly as received, encrypted with ``bot.crypto.MailCipher`` (the first key of a rotation
encrypts, every key decrypts) when a key is configured (raw mail
is personal data at rest).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.crypto import MailCipher, MailDecryptionFailed
from bot.private_files import private_dir
from intake.errors import SpoolError

__all__ = ["Envelope", "SpoolEntry", "Spool", "new_spool_id"]

log = logging.getLogger(__name__)

_FORMAT = 1
# A tmp/ file this old belongs to a session that died before 250.
_TMP_STALE_SECONDS = 3600


def new_spool_id() -> str:
    """A unique, time-sortable id (first in, first processed)."""
    return f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(6)}"


@dataclass(frozen=True)
class Envelope:
    """What the SMTP session told us besides the message itself."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    peer: str = ""
    helo: str = ""
    tls: bool = False
    received_at: float = field(default_factory=time.time)
    source: str = "smtp"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["rcpt_tos"] = list(self.rcpt_tos)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Envelope:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["rcpt_tos"] = tuple(known.get("rcpt_tos", ()))
        return cls(**known)


@dataclass(frozen=True)
class SpoolEntry:
    """One claimed message: its id, envelope and raw bytes."""

    spool_id: str
    envelope: Envelope
    raw: bytes
    path: Path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Spool:
    """Durable hand-over between the SMTP listener and the processing workers."""

    def __init__(self, root: str | Path, key: str | bytes | None = None, fsync: bool = True) -> None:
        self.root = Path(root)
        self._cipher = MailCipher(key) if key else None
        self._fsync = fsync
        for sub in ("tmp", "new", "processing", "shunt", "attempts"):
            private_dir(self.root / sub)

    # -- writing -------------------------------------------------------------
    def store(self, raw: bytes, envelope: Envelope, spool_id: str | None = None) -> str:
        """Write one message durably and return its spool id (blocking: fsync)."""
        spool_id = spool_id or new_spool_id()
        header = {"format": _FORMAT, "id": spool_id, "size": len(raw), "encrypted": bool(self._cipher)}
        header["envelope"] = envelope.to_json()
        body = self._cipher.encrypt(raw) if self._cipher else raw
        tmp = self.root / "tmp" / f"{spool_id}.msg"
        final = self.root / "new" / f"{spool_id}.msg"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(header, separators=(",", ":")).encode() + b"\n")
                fh.write(body)
                fh.flush()
                if self._fsync:
                    os.fsync(fh.fileno())
            os.rename(tmp, final)
            if self._fsync:
                _fsync_dir(final.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SpoolError(f"cannot spool message {spool_id}: {exc.strerror}") from exc
        log.info("spooled %s (%d bytes)", spool_id, len(raw))
        return spool_id

    # -- reading -------------------------------------------------------------
    def pending(self) -> list[str]:
        """Ids waiting in new/, oldest first."""
        return sorted(p.stem for p in (self.root / "new").glob("*.msg"))

    def counts(self) -> dict[str, int]:
        """How many files are in each state (for health checks and tests)."""
        processing = sum(1 for _ in (self.root / "processing").glob("*/*.msg"))
        return {
            "new": len(self.pending()),
            "processing": processing,
            "shunt": sum(1 for _ in (self.root / "shunt").glob("*.msg")),
        }

    def _worker_dir(self, worker: str) -> Path:
        if not worker or "/" in worker or worker.startswith("."):
            raise ValueError(f"bad worker name {worker!r}")
        path = self.root / "processing" / worker
        return private_dir(path)

    def claim(self, worker: str, limit: int = 10) -> list[Path]:
        """Move up to ``limit`` messages into this worker's area; return their paths."""
        target = self._worker_dir(worker)
        claimed: list[Path] = []
        for spool_id in self.pending():
            if len(claimed) >= limit:
                break
            src = self.root / "new" / f"{spool_id}.msg"
            dst = target / src.name
            try:
                os.rename(src, dst)
            except FileNotFoundError:
                continue  # another worker was faster
            claimed.append(dst)
        return claimed

    def load(self, path: Path) -> SpoolEntry:
        """Read one spool file (raises SpoolError if it is damaged)."""
        try:
            with path.open("rb") as fh:
                header = json.loads(fh.readline())
                body = fh.read()
            if header.get("encrypted") and not self._cipher:
                raise SpoolError(f"{path.name} is encrypted but no key is configured")
            raw = self._cipher.decrypt(body) if self._cipher and header.get("encrypted") else body
            return SpoolEntry(header["id"], Envelope.from_json(header["envelope"]), raw, path)
        except SpoolError:
            raise
        except (OSError, ValueError, KeyError, TypeError, MailDecryptionFailed) as exc:
            raise SpoolError(f"cannot read spool file {path.name}: {type(exc).__name__}") from exc

    # -- attempts (the poison-message cap) ---------------------------------------
    def _attempts_file(self, spool_id: str) -> Path:
        return self.root / "attempts" / spool_id

    def attempts(self, spool_id: str) -> int:
        try:
            return int(self._attempts_file(spool_id).read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def begin_attempt(self, entry: SpoolEntry) -> int:
        """Count one more start of processing, on disk first: a crash mid-way still counts."""
        count = self.attempts(entry.spool_id) + 1
        tmp = self._attempts_file(f".{entry.spool_id}.tmp")
        tmp.write_text(str(count))
        os.replace(tmp, self._attempts_file(entry.spool_id))
        return count

    def undo_attempt(self, entry: SpoolEntry) -> None:
        """This start did not count (an outage, a stop): the message was not at fault."""
        count = self.attempts(entry.spool_id) - 1
        if count <= 0:
            self._attempts_file(entry.spool_id).unlink(missing_ok=True)
        else:
            self._attempts_file(entry.spool_id).write_text(str(count))

    # -- finishing -----------------------------------------------------------
    def done(self, entry: SpoolEntry | Path) -> None:
        """Processing succeeded: the message now lives in the database."""
        path = entry.path if isinstance(entry, SpoolEntry) else entry
        path.unlink(missing_ok=True)
        self._attempts_file(path.stem).unlink(missing_ok=True)

    def release(self, entry: SpoolEntry | Path) -> None:
        """Give a claimed message back to new/ (a dependency was down)."""
        path = entry.path if isinstance(entry, SpoolEntry) else entry
        os.rename(path, self.root / "new" / path.name)

    def shunt(self, entry: SpoolEntry | Path, error: BaseException | str) -> Path:
        """Park a message that failed, with the error recorded beside it."""
        path = entry.path if isinstance(entry, SpoolEntry) else entry
        target = self.root / "shunt" / path.name
        reason = {
            "id": path.stem,
            "error": type(error).__name__ if isinstance(error, BaseException) else "error",
            "detail": str(error)[:2000],
            "at": time.time(),
        }
        (target.with_suffix(".error.json")).write_text(json.dumps(reason, indent=1))
        os.rename(path, target)
        if self._fsync:
            _fsync_dir(target.parent)
        log.warning("shunted %s: %s", path.stem, reason["error"])
        return target

    def remove(self, spool_id: str) -> int:
        """Delete every file of one message (retention); returns how many there were."""
        candidates = [
            self.root / "new" / f"{spool_id}.msg",
            self.root / "shunt" / f"{spool_id}.msg",
            self.root / "shunt" / f"{spool_id}.error.json",
            self._attempts_file(spool_id),
            *(self.root / "processing").glob(f"*/{spool_id}.msg"),
        ]
        removed = 0
        for path in candidates:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed

    def shunted(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "shunt").glob("*.msg"))

    def unshunt(self, spool_id: str) -> None:
        """Put a shunted message back in new/ (after the bug is fixed)."""
        src = self.root / "shunt" / f"{spool_id}.msg"
        os.rename(src, self.root / "new" / src.name)
        (self.root / "shunt" / f"{spool_id}.error.json").unlink(missing_ok=True)
        self._attempts_file(spool_id).unlink(missing_ok=True)  # a fresh start after the fix

    def recover(self, worker: str | None = None) -> int:
        """Return unfinished claims to new/ after a restart; returns how many.

        With ``worker`` only that worker's area is recovered (several workers
        sharing one spool); without, every area (one process owns the spool).
        """
        areas = [self._worker_dir(worker)] if worker else [p for p in (self.root / "processing").iterdir() if p.is_dir()]
        moved = 0
        for area in areas:
            for path in area.glob("*.msg"):
                os.rename(path, self.root / "new" / path.name)
                moved += 1
        cutoff = time.time() - _TMP_STALE_SECONDS
        for stale in (self.root / "tmp").glob("*.msg"):
            # Never acknowledged with 250: the client still has it and retries.
            with contextlib.suppress(FileNotFoundError):
                if stale.stat().st_mtime < cutoff:
                    stale.unlink()
        if moved:
            log.info("recovered %d unfinished message(s)", moved)
        return moved
