"""Property tests: generated identity numbers are always found, invalid ones never are.

The oracle here recomputes the check digits itself (weights from Skatteetaten's
description, including the 2032 rule) rather than calling the detector's helpers.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.sensitive import detect

from .synthetic import identity_number

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

TEMPLATES = (
    "Fødselsnummeret mitt er {}.",
    "Hei, {} er nummeret mitt, slett alt.",
    "fnr: {}",
    "Eg heiter Kari og fødselsnummeret mitt er {}, takk.",
    "My personal number is {} — please delete my data.",
    "{}",
    "Gjelder D-nummer {}\nHilsen Ola",
)
LAYOUTS = (
    lambda n: n,
    lambda n: f"{n[:6]} {n[6:]}",
    lambda n: f"{n[:6]}-{n[6:]}",
    lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}",
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@st.composite
def identity_numbers(draw: st.DrawFn) -> str:
    """Valid fødselsnummer / D-nummer / H-nummer / Tenor numbers, old and 2032 check digits."""
    birth = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2039, 12, 31)))
    individual = draw(st.integers(0, 499) if birth.year < 2000 else st.integers(500, 999))
    kind = draw(st.sampled_from(["plain", "d", "h", "tenor", "tenor_d"]))
    number = identity_number(
        birth.day,
        birth.month,
        birth.year % 100,
        individual,
        d_number=kind in ("d", "tenor_d"),
        h_number=kind == "h",
        tenor=kind in ("tenor", "tenor_d"),
        first_remainder=draw(st.sampled_from([0, 0, 1, 2, 3])),
    )
    assume(number is not None)
    return number


def passes_identity_checks(digits: str) -> bool:
    values = [int(d) for d in digits]
    first = sum(w * v for w, v in zip(_W1, values[:10], strict=True)) % 11
    second = sum(w * v for w, v in zip(_W2, values, strict=True)) % 11
    return first in (0, 1, 2, 3) and second == 0


def passes_account_check(digits: str) -> bool:
    if digits.startswith("0000"):
        # Bank code 0000 is the old postgiro: python-stdnum (the detector's check) reads the rest as a
        # 7-digit number with a Luhn check digit, not as an 11-digit account with a mod-11 one.
        rest = [int(d) for d in digits[4:]]
        doubled = [v * 2 - 9 if v * 2 > 9 else v * 2 for v in rest[-2::-2]]
        return (sum(rest[-1::-2]) + sum(doubled)) % 10 == 0
    values = [int(d) for d in digits]
    return sum(w * v for w, v in zip(_W2, values, strict=True)) % 11 == 0


@FAST
@given(number=identity_numbers(), template=st.sampled_from(TEMPLATES), layout=st.sampled_from(LAYOUTS),
       language=st.sampled_from([None, "nb", "nn", "en"]))
def test_every_valid_identity_number_is_found(number: str, template: str, layout, language: str | None) -> None:
    written = layout(number)
    text = template.format(written)
    start = text.index(written)
    found = [f for f in detect(text, language) if f.category == "national_id"]
    assert [(f.start, f.end) for f in found] == [(start, start + len(written))]


@FAST
@given(digits=st.text("0123456789", min_size=11, max_size=11), template=st.sampled_from(TEMPLATES),
       layout=st.sampled_from(LAYOUTS))
def test_eleven_digits_failing_the_checks_are_never_identity_numbers(digits: str, template: str, layout) -> None:
    assume(not passes_identity_checks(digits))
    found = {f.category for f in detect(template.format(layout(digits)))}
    assert "national_id" not in found
    if not passes_account_check(digits):
        assert found == set()


@FAST
@given(number=identity_numbers())
def test_identity_number_in_account_layout_is_an_account(number: str) -> None:
    text = f"Overfør til {number[:4]}.{number[4:6]}.{number[6:]} i dag."
    assert [f.category for f in detect(text)] == ["bank_account"]


@FAST
@given(digits=st.text("0123456789", min_size=11, max_size=11))
def test_account_numbers_that_are_not_identity_numbers_are_accounts(digits: str) -> None:
    assume(passes_account_check(digits) and not passes_identity_checks(digits))
    assert [f.category for f in detect(f"Kontonummer {digits[:4]} {digits[4:6]} {digits[6:]}")] == ["bank_account"]
    assert [f.category for f in detect(f"Fødselsnummer {digits}")] == ["bank_account"]
