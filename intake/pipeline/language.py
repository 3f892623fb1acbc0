"""Step 6 - language: nb, nn or en, from the new text (the writer's own words).

Detection is CPU work (lingua), so it runs in a worker thread.
"""

from __future__ import annotations

import asyncio

from bot.nlu.language import detect_language
from intake.pipeline.context import MessageContext, Services

__all__ = ["detect_message_language"]


async def detect_message_language(ctx: MessageContext, services: Services) -> None:
    text = f"{ctx.subject}\n{ctx.new_text}" if ctx.new_text else ctx.subject
    ctx.language = await asyncio.to_thread(detect_language, text)
