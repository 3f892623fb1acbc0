"""CSV downloads that a spreadsheet opens safely.

A text cell that a spreadsheet would read as a formula (it starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return, OWASP's list) gets a leading
apostrophe, so ``=cmd|' /C calc'!A0`` from a mail or a name stays text.
Numbers are written as numbers.  UTF-8 with a byte-order mark, so Excel reads
æøå right; sent as an attachment, never rendered by the browser.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from aiohttp import web

__all__ = ["FORMULA_START", "csv_response", "safe_cell"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None
_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


def safe_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value).replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Cell]], filename: str) -> web.Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    name = _FILENAME.sub("_", filename)
    return web.Response(
        body=("\ufeff" + buffer.getvalue()).encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
