"""Unmasked text and raw mail: asked for with a reason, recorded on the audit trail, shown for this view only.

Both are POSTs (they change the audit trail, so they carry the CSRF token).
The unmasked text is rendered into this one response (``Cache-Control:
no-store``, like every staff page) and kept nowhere else; a reload shows the
masked page again.
"""

from __future__ import annotations

from aiohttp import web

from staff.errors import Refused
from staff.keys import CASES
from staff.roles import require_handler
from staff.views.case import render_case
from staff.views.forms import form, text_field

__all__ = ["download_raw", "show_unmasked"]

MAX_REASON = 500


def _message_pk(request: web.Request) -> int:
    value = request.match_info["message"]
    if not value.isdigit() or len(value) > 18:
        raise Refused(404)
    return int(value)


async def show_unmasked(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    reference, pk = request.match_info["reference"], _message_pk(request)
    reason = text_field(await form(request), "reason", limit=MAX_REASON)
    texts = await request.app[CASES].record_unmasked_view(reference, user.id, [pk], reason=reason)
    if not texts:  # an id of another case's message: nothing shown, the lookup is still on the trail
        raise Refused(404)
    return await render_case(request, reference, unmasked={t.message_pk: t.text for t in texts})


async def download_raw(request: web.Request) -> web.StreamResponse:
    user = require_handler(request)
    reference, pk = request.match_info["reference"], _message_pk(request)
    reason = text_field(await form(request), "reason", limit=MAX_REASON)
    raw = await request.app[CASES].read_raw_mail(pk, user.id, reference=reference, reason=reason)
    return web.Response(
        body=raw,
        content_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{reference}-{pk}.eml"'},
    )
