"""Synthetic identity, account and card numbers for the sensitive-data evaluation set.

Why this exists: the labelled set must never hold a number that could belong to a real
person. Fødselsnummer and D-nummer are made in the synthetic form used by Skatteetaten's
test environment (Tenor): the month is raised by 80 (81-92), which no real number has.
Their check digits are computed here with the standard mod-11 weights, because
``stdnum.no.fodselsnummer`` rejects the +80 month as an impossible birth date.
Kontonummer use the mod-11 check digit (``stdnum.no.kontonr``); card numbers use test
BIN ranges (411111, 555555, 222300, 378282) with a Luhn check digit (``stdnum.luhn``).
The "invalid" 11-digit numbers fail every check and stand in for order, customer and
invoice numbers in the hard negatives.

Run ``python tests/data/sensitive/make_numbers.py`` to print a fresh, seeded batch. The
evaluation-set test imports the ``is_*`` predicates from this file.
"""

from __future__ import annotations

import argparse
import calendar
import random
import re

from stdnum import luhn
from stdnum.no import fodselsnummer, kontonr

__all__ = [
    "SYNTHETIC_MONTH_OFFSET",
    "D_NUMBER_DAY_OFFSET",
    "CARD_TEST_PREFIXES",
    "national_id_check_digits",
    "is_synthetic_national_id",
    "is_valid_kontonr",
    "is_bank_account_only",
    "is_test_card",
    "is_invalid_eleven_digits",
    "make_national_id",
    "make_d_number",
    "make_kontonr",
    "make_card",
    "make_invalid_eleven_digits",
    "make_date_like_invalid",
]

SYNTHETIC_MONTH_OFFSET = 80
D_NUMBER_DAY_OFFSET = 40
CARD_TEST_PREFIXES = ("411111", "555555", "222300", "378282")

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_KONTONR_WEIGHTS = (6, 7, 8, 9, 4, 5, 6, 7, 8, 9)


def _mod11_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """Return the mod-11 control digit, or None when it would be 10 (no valid number)."""
    remainder = (11 - sum(w * int(d) for w, d in zip(weights, digits, strict=True))) % 11
    return None if remainder == 10 else remainder


def national_id_check_digits(first_nine: str) -> str | None:
    """Return the two control digits (k1, k2) for nine leading digits, or None if impossible."""
    k1 = _mod11_digit(first_nine, _K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = _mod11_digit(first_nine + str(k1), _K2_WEIGHTS)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def _digits(number: str) -> str:
    return re.sub(r"[\s.\-]", "", number)


def _century(year: int, individual: int) -> int | None:
    """Birth century from the two-digit year and the individual number (standard ranges)."""
    if individual < 500:
        return 1900
    if individual < 750 and year >= 54:
        return 1800
    if year < 40:
        return 2000
    if individual >= 900:
        return 1900
    return None


def is_synthetic_national_id(number: str) -> bool:
    """True for a synthetic (month + 80) fødselsnummer or D-nummer with valid check digits."""
    digits = _digits(number)
    if len(digits) != 11 or not digits.isdigit():
        return False
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    individual = int(digits[6:9])
    if day > D_NUMBER_DAY_OFFSET:
        day -= D_NUMBER_DAY_OFFSET
    if not 81 <= month <= 92:
        return False
    month -= SYNTHETIC_MONTH_OFFSET
    century = _century(year, individual)
    if century is None or day < 1 or day > calendar.monthrange(century + year, month)[1]:
        return False
    return national_id_check_digits(digits[:9]) == digits[9:]


def is_valid_kontonr(number: str) -> bool:
    """True when the 11 digits pass the kontonummer mod-11 check."""
    digits = _digits(number)
    return len(digits) == 11 and kontonr.is_valid(digits)


def is_bank_account_only(number: str) -> bool:
    """A valid kontonummer that no fødselsnummer check (real or synthetic) accepts."""
    digits = _digits(number)
    return (
        is_valid_kontonr(digits)
        and not fodselsnummer.is_valid(digits)
        and not is_synthetic_national_id(digits)
    )


def is_test_card(number: str) -> bool:
    """A Luhn-valid card number from one of the test BIN ranges."""
    digits = _digits(number)
    return 13 <= len(digits) <= 19 and digits.startswith(CARD_TEST_PREFIXES) and luhn.is_valid(digits)


def is_invalid_eleven_digits(number: str) -> bool:
    """Eleven digits that pass neither the kontonummer nor any fødselsnummer check."""
    digits = _digits(number)
    return (
        len(digits) == 11
        and digits.isdigit()
        and not kontonr.is_valid(digits)
        and not fodselsnummer.is_valid(digits)
        and not is_synthetic_national_id(digits)
    )


def _random_birth(rng: random.Random) -> tuple[int, int, int, int]:
    """Day, month, two-digit year and a matching individual number on an invented date."""
    full_year = rng.randint(1940, 2015)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    individual = rng.randint(0, 499) if full_year < 2000 else rng.randint(500, 999)
    return day, month, full_year % 100, individual


def _make_id(rng: random.Random, day_offset: int) -> str:
    while True:
        day, month, year, individual = _random_birth(rng)
        first_nine = f"{day + day_offset:02d}{month + SYNTHETIC_MONTH_OFFSET:02d}{year:02d}{individual:03d}"
        checks = national_id_check_digits(first_nine)
        if checks is not None:
            return first_nine + checks


def make_national_id(rng: random.Random) -> str:
    """A synthetic fødselsnummer (month + 80)."""
    return _make_id(rng, 0)


def make_d_number(rng: random.Random) -> str:
    """A synthetic D-nummer (day + 40, month + 80)."""
    return _make_id(rng, D_NUMBER_DAY_OFFSET)


def _kontonr_check_digit(first_ten: str) -> int:
    """Mod-11 check digit of a kontonummer; 10 means no valid number has these digits."""
    return sum(w * int(d) for w, d in zip(_KONTONR_WEIGHTS, first_ten, strict=True)) % 11


def make_kontonr(rng: random.Random) -> str:
    """A kontonummer with a valid check digit that no fødselsnummer check accepts."""
    while True:
        first_ten = f"{rng.randint(1000, 9899)}{rng.randint(0, 99):02d}{rng.randint(0, 9999):04d}"
        number = first_ten + str(_kontonr_check_digit(first_ten))
        if len(number) == 11 and is_bank_account_only(number):
            return number


def make_card(rng: random.Random, prefix: str) -> str:
    """A Luhn-valid card number (15 digits for the Amex prefix, else 16) on a test BIN."""
    length = 15 if prefix.startswith("37") else 16
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def make_invalid_eleven_digits(rng: random.Random) -> str:
    """Eleven random digits failing every check (stands in for order or customer numbers)."""
    while True:
        number = f"{rng.randint(1, 9)}{rng.randint(0, 10**10 - 1):010d}"
        if is_invalid_eleven_digits(number):
            return number


def make_date_like_invalid(rng: random.Random) -> str:
    """Eleven digits that start with a real-looking date (DDMMYY) but fail every check."""
    while True:
        day, month, year, individual = _random_birth(rng)
        number = f"{day:02d}{month:02d}{year:02d}{individual:03d}{rng.randint(0, 99):02d}"
        if is_invalid_eleven_digits(number):
            return number


def _fnr_layout(number: str) -> str:
    return f"{number[:6]} {number[6:]}"


def _account_layout(number: str) -> str:
    return f"{number[:4]}.{number[4:6]}.{number[6:]}"


def _card_layout(number: str) -> str:
    if len(number) == 15:
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def main(argv: list[str] | None = None) -> int:
    """Print a seeded batch of each kind of number, plain and in its usual layout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    batches = {
        "fodselsnummer (synthetic, month+80)": [make_national_id(rng) for _ in range(args.count)],
        "d-nummer (synthetic, day+40, month+80)": [make_d_number(rng) for _ in range(args.count)],
    }
    for title, numbers in batches.items():
        print(f"# {title}")
        for number in numbers:
            print(number, _fnr_layout(number), sep="\t")
    print("# kontonummer")
    for number in (make_kontonr(rng) for _ in range(args.count)):
        print(number, _account_layout(number), sep="\t")
    print("# card (test BIN, Luhn)")
    for i in range(args.count):
        number = make_card(rng, CARD_TEST_PREFIXES[i % len(CARD_TEST_PREFIXES)])
        print(number, _card_layout(number), sep="\t")
    print("# invalid 11 digits (random)")
    for number in (make_invalid_eleven_digits(rng) for _ in range(args.count)):
        print(number, _fnr_layout(number), sep="\t")
    print("# invalid 11 digits (date-like)")
    for number in (make_date_like_invalid(rng) for _ in range(args.count)):
        print(number, _fnr_layout(number), sep="\t")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
