"""Reading mail files and getting the human text out of a message.

Shared by ``personvern classify`` and ``personvern import``: the text is the
best body part (plain text preferred, HTML converted with inscriptis), decoded
with the declared charset, or windows-1252 when the declared one is wrong.
"""

from __future__ import annotations

import email
import mailbox
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage, Message
from pathlib import Path

from inscriptis import get_text

__all__ = ["iter_mail_files", "message_text", "html_to_text", "part_text"]


def html_to_text(html: str) -> str:
    """Readable text of an HTML body; scripts and styles never become text."""
    text: str = get_text(html)
    return text


def part_text(part: Message) -> str:
    """A text part's content, decoded even when its charset header lies."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    for candidate in (charset, "utf-8", "windows-1252"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def message_text(raw: bytes | Message) -> str:
    """The body a person would read: plain text, else HTML as text."""
    msg = raw if isinstance(raw, Message) else email.message_from_bytes(raw, policy=policy.default)
    body: Message | None = None
    if isinstance(msg, EmailMessage):
        try:
            body = msg.get_body(preferencelist=("plain", "html"))
        except (KeyError, LookupError, ValueError):  # pragma: no cover - malformed structure
            body = None
    if body is None:
        body = next((p for p in msg.walk() if p.get_content_maintype() == "text"), None)
    if body is None:
        return ""
    text = part_text(body)
    return html_to_text(text) if body.get_content_subtype() == "html" else text


def iter_mail_files(path: Path) -> Iterator[tuple[str, bytes, str | None]]:
    """(id, raw bytes, error) for an .eml file, an mbox file or a Maildir folder."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            box = mailbox.Maildir(str(path), factory=None, create=False)
            for key in sorted(box.keys()):
                yield f"{path.name}/{key}", box.get_bytes(key), None
            return
        for child in sorted(path.iterdir()):
            if child.is_file():
                yield from iter_mail_files(child)
        return
    try:
        head = path.open("rb").read(5)
    except OSError as exc:
        yield str(path), b"", f"cannot read {path}: {exc.strerror}"
        return
    if head == b"From " or path.suffix == ".mbox":
        mbox = mailbox.mbox(str(path), create=False)
        for index, key in enumerate(mbox.keys(), 1):
            yield f"{path.name}#{index}", mbox.get_bytes(key), None
        return
    yield path.name, path.read_bytes(), None
