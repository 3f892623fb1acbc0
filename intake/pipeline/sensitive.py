"""Step 8 - sensitive scan of the whole text and the subject.

Only category names leave this step in clear (for the reply and the case
flag); the values stay in the encrypted text, and staff see the masked text by
default.  Logs get counts, never values.  The scan is CPU-bound (spaCy,
word lists), so it runs in a worker thread and the event loop stays free for
the database and the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

from intake.pipeline.context import MessageContext, Services

__all__ = ["scan_sensitive"]

log = logging.getLogger(__name__)


def _scan(detector: Any, text: str, subject: str, language: str) -> tuple[list[Any], list[Any], str, str]:
    body_findings = detector.detect(text, language) if text else []
    subject_findings = detector.detect(subject, language) if subject else []
    masked_text = detector.mask(text, body_findings, language) if body_findings else text
    masked_subject = detector.mask(subject, subject_findings, language) if subject_findings else subject
    return body_findings, subject_findings, masked_text, masked_subject


async def scan_sensitive(ctx: MessageContext, services: Services) -> None:
    detector = services.detector
    if detector is None or ctx.parse_error:
        return
    body_findings, subject_findings, ctx.masked_text, ctx.masked_subject = await asyncio.to_thread(
        _scan, detector, ctx.text, ctx.subject, ctx.language
    )
    ctx.findings = [*body_findings, *subject_findings]
    counts = Counter(f.category for f in ctx.findings)
    ctx.sensitive_categories = tuple(sorted(counts))
    if counts:
        log.info("spool %s: sensitive data found %s", ctx.spool_id, dict(counts))
