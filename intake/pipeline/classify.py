"""Step 7 - classify the new text with the NLU (requests, intent, section).

Automatic mail, unparsable mail and bounces are not classified: they get no
reply and go to staff as they are.  The language found in step 6 is passed on
and the sensitive scan is left to step 8, so each message is read once for
each.  The model is CPU-bound and synchronous, so it runs in a worker thread;
``ClassifierUnavailable`` (a ``TransientError``: the model process away, no
model yet) keeps the message in the spool to be retried.
"""

from __future__ import annotations

import asyncio

from bot.errors import ClassifierUnavailable
from intake.pipeline.context import MessageContext, Services

__all__ = ["classify_text"]


async def classify_text(ctx: MessageContext, services: Services) -> None:
    if ctx.automatic or ctx.parse_error or not (ctx.new_text or ctx.subject):
        return
    if services.classifier is None:
        raise ClassifierUnavailable("no classifier is configured for the intake")
    text = ctx.new_text if len(ctx.new_text.split()) >= 3 else f"{ctx.subject}\n{ctx.new_text}".strip()
    ctx.classification = await asyncio.to_thread(
        services.classifier.classify, text, language=ctx.language, scan=False
    )
