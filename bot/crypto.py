"""Encryption at rest for mail and chat text: the one cipher every store uses.

They may hold exactly the sensitive data the privacy statement warns about, so
only ciphertext reaches the database, the spool or the outbox.  ``settings.raw_mail_key`` holds one
Fernet key, or several separated by commas for rotation: the first encrypts,
every key decrypts.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import PermanentError

__all__ = ["MailCipher", "MailDecryptionFailed"]


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
