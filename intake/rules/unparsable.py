"""Mail we could not parse: we cannot know whom or what we would answer."""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def check(ctx: MessageContext) -> str | None:
    return "unparsable" if ctx.parse_error or not ctx.sender else None
