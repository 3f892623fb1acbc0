"""Step 7 - classify the new text with the NLU (requests, intent, section).

Automatic mail, unparsable mail and bounces are not classified: they get no
reply and go to staff as they are.  The model is CPU-bound and synchronous, so
it runs in a worker thread; if it is unavailable the message is retried later
(``TransientError``) rather than filed unclassified.
"""

from __future__ import annotations

import asyncio

from intake.errors import TransientError
from intake.pipeline.context import MessageContext, Services

__all__ = ["classify_text"]


async def classify_text(ctx: MessageContext, services: Services) -> None:
    if ctx.automatic or ctx.parse_error or not (ctx.new_text or ctx.subject):
        return
    if services.classifier is None:
        raise TransientError("the NLU classifier is not available")
    text = ctx.new_text if len(ctx.new_text.split()) >= 3 else f"{ctx.subject}\n{ctx.new_text}".strip()
    try:
        ctx.classification = await asyncio.to_thread(services.classifier.classify, text)
    except FileNotFoundError as exc:  # ModelNotFound: no trained model yet
        raise TransientError("no trained NLU model") from exc
