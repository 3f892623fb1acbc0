"""Envelope sender and ``From:`` in unrelated domains: the reply would go to an address the sender may not own.

Aligned means the same domain or one a subdomain of the other (DMARC's relaxed
alignment, without a public-suffix list: ``bounce.example.no`` and
``example.no`` align; ``example.no`` and ``example.com`` do not).  Only mail
received over SMTP has an envelope; imported backlogs are not checked.
"""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def _domain(address: str) -> str:
    return address.strip().strip("<>").rpartition("@")[2].rstrip(".").lower()


def aligned(a: str, b: str) -> bool:
    return a == b or a.endswith(f".{b}") or b.endswith(f".{a}")


def check(ctx: MessageContext) -> str | None:
    if ctx.envelope.source != "smtp" or not ctx.envelope.mail_from.strip("<> "):
        return None
    envelope, header = _domain(ctx.envelope.mail_from), _domain(ctx.sender)
    return None if aligned(envelope, header) else "sender-mismatch"
