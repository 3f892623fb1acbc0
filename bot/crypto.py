"""Encryption at rest for mail and chat text: the one cipher every store uses.

They may hold exactly the sensitive data the privacy statement warns about, so
only ciphertext reaches the database, the spool or the outbox.  ``settings.raw_mail_key`` holds one
Fernet key, or several separated by commas for rotation: the first encrypts,
every key decrypts.
"""

from __future__ import annotations

from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import ConfigError
from bot.errors import PermanentError

__all__ = ["MailCipher", "MailDecryptionFailed", "MissingKey", "TextCipher", "cipher_for"]


class MailDecryptionFailed(PermanentError):
    """Stored ciphertext cannot be decrypted with the configured raw-mail key(s)."""


class MailCipher:
    """Fernet (AES-128-CBC + HMAC-SHA256) over bytes, with key rotation."""

    def __init__(self, keys: str | bytes) -> None:
        if isinstance(keys, bytes):
            keys = keys.decode("ascii")
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise ValueError("no raw-mail key configured (PERSONVERN_RAW_MAIL_KEY)")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in parts])
        except ValueError as exc:
            raise ValueError("raw_mail_key is not a valid Fernet key (Fernet.generate_key())") from exc

    def encrypt(self, plaintext: bytes) -> bytes:
        return self._fernet.encrypt(plaintext)

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise MailDecryptionFailed("stored mail cannot be decrypted with the configured key(s)") from exc

    def encrypt_text(self, text: str) -> bytes:
        return self.encrypt(text.encode("utf-8"))

    def decrypt_text(self, token: bytes) -> str:
        return self.decrypt(token).decode("utf-8")


class TextCipher(Protocol):
    def encrypt(self, plaintext: bytes) -> bytes: ...

    def decrypt(self, token: bytes) -> bytes: ...

    def encrypt_text(self, text: str) -> bytes: ...

    def decrypt_text(self, token: bytes) -> str: ...


class MissingKey:
    """Stands in for the cipher when no key is configured: fine until something needs it.

    A command that only lists cases or migrates the schema runs in production
    without ``PERSONVERN_RAW_MAIL_KEY``; one that stores or opens mail text
    stops with a ``ConfigError`` naming the variable.
    """

    def _refuse(self) -> ConfigError:
        return ConfigError("this needs the raw-mail key: set PERSONVERN_RAW_MAIL_KEY")

    def encrypt(self, plaintext: bytes) -> bytes:
        raise self._refuse()

    def decrypt(self, token: bytes) -> bytes:
        raise self._refuse()

    def encrypt_text(self, text: str) -> bytes:
        raise self._refuse()

    def decrypt_text(self, token: bytes) -> str:
        raise self._refuse()


def cipher_for(keys: str | bytes | None) -> TextCipher:
    """``MailCipher`` for the configured key(s), ``MissingKey`` when there are none."""
    return MailCipher(keys) if keys and keys.strip() else MissingKey()
