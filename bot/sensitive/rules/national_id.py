"""Norwegian national identity numbers: fødselsnummer, D-nummer, H-nummer.

Checksums come from python-stdnum (``stdnum.no.fodselsnummer``). What stdnum lacks:

* the 2032 rule (Skatteetaten, "Nytt fødselsnummer fra 2032"): numbers issued from
  1 January 2032 accept a first check digit whose weighted remainder is 0, 1, 2 or 3
  instead of only 0; the second check digit is unchanged, and the individual number
  no longer tells the century;
* synthetic test numbers: Skatteetaten's Tenor test population adds 80 to the month
  (NAV's test data adds 40, which reads as an H-nummer). They are recognised as
  ``national_id`` on purpose: test systems and our own fixtures use them, and a
  detector that ignored them could not be tested without real numbers.

A valid fødselsnummer also passes the kontonummer check (its second check digit is
the same modulus-11 sum), so numbers laid out like an account (``1234.56.78903``) or
standing next to an account word are left to the bank-account rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from stdnum.no import fodselsnummer

from ..digits import NumberWindow, nearest_context
from ..findings import Finding
from ..scan import Scan

__all__ = ["ACCOUNT_LAYOUT", "LAYOUTS", "check", "identity_kind", "is_identity_number"]

CATEGORY = "national_id"
ACCOUNT_LAYOUT = (4, 2, 5)
#: How 11-digit identity numbers are written: plain, DDMMYY NNNNN, DD.MM.YY NNNNN,
#: and the account layout (so that a number written that way can be left to accounts).
LAYOUTS = frozenset({(11,), (6, 5), (2, 2, 2, 5), (3, 3, 5), ACCOUNT_LAYOUT})
_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)


def _first_check_digit(digits: str) -> str | None:
    """'classic', '2032' or None for the first check digit (position 10)."""
    if fodselsnummer.calc_check_digit1(digits[:9]) == digits[9]:
        return "classic"
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS_K1, digits[:10], strict=True)) % 11
    return "2032" if remainder in (1, 2, 3) else None


def _real_date(day: int, month: int, year2: int) -> bool:
    """True if day.month exists in 19xx or 20xx (the 2032 numbers do not tell which)."""
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def identity_kind(digits: str) -> str | None:
    """What an 11-digit string is: 'fødselsnummer', 'd-nummer', 'h-nummer', or
    'syntetisk fødselsnummer' / 'syntetisk d-nummer' (Tenor, month + 80); None if
    it is no valid identity number.

    FH-numbers (first digit 8 or 9) are left out: they carry no date, so almost any
    number with valid check digits would pass.
    """
    if len(digits) != 11 or not digits.isdigit():
        return None
    if fodselsnummer.calc_check_digit2(digits[:10]) != digits[10]:
        return None
    if _first_check_digit(digits) is None:
        return None
    day, month, year2 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    kind = "fødselsnummer"
    if day >= 80:
        return None
    if day > 40:
        day, kind = day - 40, "d-nummer"
    if month > 80:
        month, kind = month - 80, f"syntetisk {kind}"
    elif month > 40:
        month, kind = month - 40, "h-nummer" if kind == "fødselsnummer" else kind
    return kind if _real_date(day, month, year2) else None


def is_identity_number(digits: str) -> bool:
    """Shorthand used by the bank-account rule to tell the two apart."""
    return identity_kind(digits) is not None


def _confidence(window: NumberWindow, context: str | None) -> float | None:
    """None when the number reads as something else (an account)."""
    if window.layout == ACCOUNT_LAYOUT or context == "bank":
        return None
    score = 0.9
    if context == "id":
        score = 0.99
    elif context in ("other", "card"):
        score = 0.75
    if _first_check_digit(window.digits) == "2032":
        score -= 0.05
    if not window.whole_run:
        score -= 0.1
    return round(score, 2)


def check(scan: Scan) -> Iterator[Finding]:
    """Every valid identity number in the text (any of the layouts in the docs)."""
    for run in scan.digit_runs:
        for window in run.windows(scan.text, LAYOUTS):
            if identity_kind(window.digits) is None:
                continue
            confidence = _confidence(window, nearest_context(scan.text, window.start, window.end))
            if confidence is not None:
                yield Finding(CATEGORY, window.start, window.end, confidence)
