"""Step 8 - sensitive scan of the whole text and the subject.

Only category names leave this step in clear (for the reply and the case
flag); the values stay in the encrypted text, and staff see the masked text by
default.  Logs get counts, never values.
"""

from __future__ import annotations

import logging
from collections import Counter

from intake.pipeline.context import MessageContext, Services

__all__ = ["scan_sensitive"]

log = logging.getLogger(__name__)


async def scan_sensitive(ctx: MessageContext, services: Services) -> None:
    detector = services.detector
    if detector is None or ctx.parse_error:
        return
    body_findings = detector.detect(ctx.text, ctx.language) if ctx.text else []
    subject_findings = detector.detect(ctx.subject, ctx.language) if ctx.subject else []
    ctx.findings = [*body_findings, *subject_findings]
    counts = Counter(f.category for f in ctx.findings)
    ctx.sensitive_categories = tuple(sorted(counts))
    ctx.masked_text = detector.mask(ctx.text, body_findings, ctx.language) if body_findings else ctx.text
    ctx.masked_subject = detector.mask(ctx.subject, subject_findings, ctx.language) if subject_findings else ctx.subject
    if counts:
        log.info("spool %s: sensitive data found %s", ctx.spool_id, dict(counts))
