"""Norwegian bank account numbers (kontonummer) and IBANs.

``stdnum.no.kontonr`` checks the modulus-11 digit; ``stdnum.iban`` checks IBANs.
About one 11-digit number in eleven passes the kontonummer check by chance, so a bare
number next to an order, invoice, customer or phone word is left alone, and one with
neither account layout (``1234.56.78903``) nor an account word gets a low confidence.
Numbers that are also valid identity numbers go to the identity rule unless the
layout or context says account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban
from stdnum.no import kontonr

from ..digits import nearest_context
from ..findings import Finding
from ..scan import Scan
from .national_id import ACCOUNT_LAYOUT, LAYOUTS, is_identity_number

__all__ = ["check"]

CATEGORY = "bank_account"
# Bounded repetition over one character class: linear, no catastrophic backtracking.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])")


def _account_numbers(scan: Scan) -> Iterator[Finding]:
    for run in scan.digit_runs:
        for window in run.windows(scan.text, LAYOUTS | {(4, 7)}):
            if not kontonr.is_valid(window.digits):
                continue
            context = nearest_context(scan.text, window.start, window.end)
            account_layout = window.layout == ACCOUNT_LAYOUT
            if context == "other" and not account_layout:
                continue
            if is_identity_number(window.digits) and not (account_layout or context == "bank"):
                continue
            if context == "bank":
                confidence = 0.95
            elif account_layout:
                confidence = 0.85
            else:
                confidence = 0.6
            yield Finding(CATEGORY, window.start, window.end, confidence)


def _ibans(scan: Scan) -> Iterator[Finding]:
    for match in _IBAN.finditer(scan.text):
        candidate = match.group().rstrip()
        if iban.is_valid(candidate):
            yield Finding(CATEGORY, match.start(), match.start() + len(candidate), 0.95)


def check(scan: Scan) -> Iterator[Finding]:
    """Kontonummer by checksum plus layout or context, and valid IBANs."""
    yield from _account_numbers(scan)
    yield from _ibans(scan)
