"""Reading posted forms: bad values are a 400 with our error page, never a 500."""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDictProxy

from staff.errors import Refused

__all__ = ["MAX_TEXT", "form", "one_line", "text_field"]

MAX_TEXT = 50_000  # characters in a note or a reply: far more than any letter, far less than an attack
MAX_LINE = 500


async def form(request: web.Request) -> MultiDictProxy[str | bytes | web.FileField]:
    """The posted fields (``request.post()`` caches them: the CSRF check has read them already)."""
    return await request.post()


def text_field(data: MultiDictProxy[str | bytes | web.FileField], name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """A text field, without surrounding blanks; ``Refused(400)`` when missing or too long."""
    value = data.get(name, "")
    if not isinstance(value, str):
        raise Refused(400)
    value = value.replace("\r\n", "\n").strip()
    if (required and not value) or len(value) > limit or "\x00" in value:
        raise Refused(400)
    return value


def one_line(data: MultiDictProxy[str | bytes | web.FileField], name: str, *, required: bool = True) -> str:
    value = text_field(data, name, required=required, limit=MAX_LINE)
    if "\n" in value:
        raise Refused(400)
    return value
