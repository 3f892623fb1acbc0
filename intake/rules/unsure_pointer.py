"""The "this address is for privacy questions" pointer only when the mail is confidently from a person.

A pointer to an out-of-scope mail that is really spam is backscatter, so it
needs a confident classification; everything else stays on its case for staff.
"""

from __future__ import annotations

from intake.pipeline.context import MessageContext

POINTER_CONFIDENCE = 0.8


def check(ctx: MessageContext) -> str | None:
    if ctx.intent != "out_of_scope" or ctx.requests:
        return None
    confidence = ctx.classification.confidence if ctx.classification is not None else 0.0
    return None if confidence >= POINTER_CONFIDENCE else "out-of-scope-not-confident"
