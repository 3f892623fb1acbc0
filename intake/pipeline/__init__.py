"""The processing pipeline as data: an ordered tuple of steps.

Each step lives in its own module and has the signature
``async def step(ctx: MessageContext, services: Services) -> None``.  Reorder,
drop or add steps by passing another tuple to ``run_pipeline``.
"""

from __future__ import annotations

from intake.pipeline.automatic import detect_automatic
from intake.pipeline.bounce import match_bounce
from intake.pipeline.case import record_case
from intake.pipeline.classify import classify_text
from intake.pipeline.context import Attachment, MessageContext, Services, Step
from intake.pipeline.dedupe import drop_duplicates
from intake.pipeline.extract import extract_new_text
from intake.pipeline.language import detect_message_language
from intake.pipeline.parse import parse_message
from intake.pipeline.reply import queue_reply
from intake.pipeline.sensitive import scan_sensitive

__all__ = ["STEPS", "Attachment", "MessageContext", "Services", "Step", "run_pipeline"]

STEPS: tuple[Step, ...] = (
    parse_message,
    drop_duplicates,
    detect_automatic,
    match_bounce,
    extract_new_text,
    detect_message_language,
    classify_text,
    scan_sensitive,
    record_case,
    queue_reply,
)


async def run_pipeline(ctx: MessageContext, services: Services, steps: tuple[Step, ...] = STEPS) -> MessageContext:
    """Run ``steps`` in order until one halts the context."""
    for step in steps:
        if ctx.halted:
            break
        await step(ctx, services)
    return ctx
