"""Synthetic Norwegian identity and account numbers for tests (no real person's number).

Fødselsnummer here are either Tenor-style test numbers (month + 80, as Skatteetaten's
synthetic population uses) or carry valid check digits on an invented date.
"""

from __future__ import annotations

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    check = (11 - sum(w * int(d) for w, d in zip(weights, digits, strict=True))) % 11
    return None if check == 10 else check


def with_check_digits(nine: str, first_remainder: int = 0) -> str | None:
    """Append both check digits; ``first_remainder`` 1-3 gives a 2032-rule number."""
    base = (11 - sum(w * int(d) for w, d in zip(_W1, nine, strict=True)) % 11) % 11
    k1 = (base + first_remainder) % 11
    if k1 == 10:
        return None
    k2 = _mod11(nine + str(k1), _W2)
    if k2 is None:
        return None
    return nine + str(k1) + str(k2)


def identity_number(day: int, month: int, year2: int, individual: int, *, d_number: bool = False,
                    h_number: bool = False, tenor: bool = False, first_remainder: int = 0) -> str | None:
    """A number with valid check digits for the given (invented) parts, or None if none exists."""
    day = day + 40 if d_number else day
    month = month + 80 if tenor else month + 40 if h_number else month
    return with_check_digits(f"{day:02d}{month:02d}{year2:02d}{individual:03d}", first_remainder)


def account_number(ten: str) -> str | None:
    """An 11-digit kontonummer with a valid modulus-11 check digit."""
    check = _mod11(ten, _W2)
    return None if check is None else ten + str(check)


def first_identity_number(day: int, month: int, year2: int, **kinds: bool | int) -> str:
    """The first individual number from 100 up that gives valid check digits."""
    for individual in range(100, 1000):
        number = identity_number(day, month, year2, individual, **kinds)  # type: ignore[arg-type]
        if number is not None:
            return number
    raise ValueError("no valid number for that date")
