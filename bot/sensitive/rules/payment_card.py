"""Payment card numbers: Luhn-valid (``stdnum.luhn``), 13-19 digits, a known issuer prefix.

The issuer-prefix test removes most Luhn-valid accidents (one random number in ten
passes Luhn); numbers next to order/invoice/tracking words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import luhn

from ..digits import nearest_context
from ..findings import Finding
from ..scan import Scan

__all__ = ["LAYOUTS", "check", "plausible_issuer"]

CATEGORY = "payment_card"
#: Plain 13-19 digits, groups of four with a shorter tail (4-4-4-1 … 4-4-4-4-3), and
#: the Amex/Diners 4-6-5 and 4-6-4.
LAYOUTS = frozenset(
    {(n,) for n in range(13, 20)}
    | {(4, 4, 4, n) for n in range(1, 5)}
    | {(4, 4, 4, 4, n) for n in range(1, 4)}
    | {(4, 6, 5), (4, 6, 4)}
)
# Visa 4; Mastercard 51-55 and 2221-2720; Amex 34/37; Diners 30/36/38/39; JCB 35;
# Discover/UnionPay/Maestro 50, 56-69.
_ISSUER = re.compile(r"4|5|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[0456789]|6")


def plausible_issuer(digits: str) -> bool:
    """True if the number starts like a card of a real scheme."""
    return _ISSUER.match(digits) is not None and len(set(digits)) > 1


def check(scan: Scan) -> Iterator[Finding]:
    """Card numbers written plain or in groups of four."""
    for run in scan.digit_runs:
        for window in run.windows(scan.text, LAYOUTS):
            digits = window.digits
            if not (plausible_issuer(digits) and luhn.is_valid(digits)):
                continue
            context = nearest_context(scan.text, window.start, window.end)
            if context == "other":
                continue
            yield Finding(CATEGORY, window.start, window.end, 0.95 if context == "card" else 0.85)
