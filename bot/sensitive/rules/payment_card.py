"""Payment card numbers: Luhn-valid (``stdnum.luhn``), 13-19 digits, a known issuer prefix.

The issuer-prefix test removes most Luhn-valid accidents (one random number in ten
passes Luhn); numbers next to order/invoice/tracking words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import luhn

from ..digits import NumberWindow, nearest_context
from ..findings import Finding
from ..scan import Scan

__all__ = ["check", "plausible_issuer"]

CATEGORY = "payment_card"
_LENGTHS = tuple(range(13, 20))
# Visa 4; Mastercard 51-55 and 2221-2720; Amex 34/37; Diners 30/36/38/39; JCB 35;
# Discover/UnionPay/Maestro 50, 56-69.
_ISSUER = re.compile(r"4|5|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[0456789]|6")


def plausible_issuer(digits: str) -> bool:
    """True if the number starts like a card of a real scheme."""
    return _ISSUER.match(digits) is not None and len(set(digits)) > 1


def _card_layout(window: NumberWindow) -> bool:
    layout = window.layout
    if len(layout) == 1:
        return True
    if layout in ((4, 6, 5), (4, 6, 4)):
        return True
    return all(size == 4 for size in layout[:-1]) and 1 <= layout[-1] <= 4


def check(scan: Scan) -> Iterator[Finding]:
    """Card numbers written plain or in groups of four."""
    for run in scan.digit_runs:
        for window in run.windows(scan.text, _LENGTHS):
            digits = window.digits
            if not (_card_layout(window) and plausible_issuer(digits) and luhn.is_valid(digits)):
                continue
            context = nearest_context(scan.text, window.start, window.end)
            if context == "other":
                continue
            yield Finding(CATEGORY, window.start, window.end, 0.95 if context == "card" else 0.85)
