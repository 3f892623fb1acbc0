"""Step 6 - language: nb, nn or en, from the new text (the writer's own words)."""

from __future__ import annotations

from bot.nlu.language import detect_language
from intake.pipeline.context import MessageContext, Services

__all__ = ["detect_message_language"]


async def detect_message_language(ctx: MessageContext, services: Services) -> None:
    ctx.language = detect_language(f"{ctx.subject}\n{ctx.new_text}" if ctx.new_text else ctx.subject)
