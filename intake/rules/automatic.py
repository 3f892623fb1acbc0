"""Automatic mail and bounces (RFC 3834): answering them makes mail loops."""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def check(ctx: MessageContext) -> str | None:
    if ctx.bounce:
        return "bounce"
    return f"automatic:{ctx.automatic}" if ctx.automatic else None
