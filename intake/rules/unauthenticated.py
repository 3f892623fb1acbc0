"""Upstream DKIM/SPF/DMARC failed: the From address may be forged, and we would mail a third party.

The case is still opened, marked unverified; staff answer it by hand.
"""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def check(ctx: MessageContext) -> str | None:
    return None if ctx.verified else "authentication-failed"
