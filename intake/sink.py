"""A local relay that keeps outgoing mail as ``.eml`` files instead of sending it.

``make run`` and the end-to-end tests point the outbox at it, so the whole
flow works on one machine without delivering anything to the internet.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.private_files import private_dir, write_private
from intake.spool import new_spool_id

__all__ = ["SinkHandler", "SinkRelay"]


class SinkHandler:
    """Writes each accepted message atomically to ``directory``."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = private_dir(Path(directory))

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        name = new_spool_id()
        tmp = self.directory / f".{name}.tmp"
        write_private(tmp, raw)  # replies hold personal data
        os.rename(tmp, self.directory / f"{name}.eml")
        return "250 2.0.0 OK stored"

    def messages(self) -> list[Path]:
        return sorted(self.directory.glob("*.eml"))


class SinkRelay(Controller):
    """The sink as a threaded SMTP server on ``host:port``."""

    def __init__(self, directory: str | Path, host: str = "127.0.0.1", port: int = 8026, **kwargs: Any) -> None:
        self.sink = SinkHandler(directory)
        super().__init__(self.sink, hostname=host, port=port, **kwargs)

    @classmethod
    def from_settings(cls, settings: Any) -> SinkRelay:
        return cls(settings.var_path(settings.relay.sink_dir), settings.relay.host, settings.relay.port)
