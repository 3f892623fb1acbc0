"""Identity, account and card numbers: checksums, the 2032 rule, layouts and context."""

from __future__ import annotations

import pytest
from stdnum.no import fodselsnummer

from bot.sensitive import detect
from bot.sensitive.rules.national_id import identity_kind

from .synthetic import account_number, first_identity_number, identity_number

TENOR = first_identity_number(15, 1, 95, tenor=True)
TENOR_D = first_identity_number(12, 3, 90, tenor=True, d_number=True)
TENOR_2032 = first_identity_number(23, 6, 85, tenor=True, first_remainder=2)
H_NUMBER = first_identity_number(7, 11, 72, h_number=True)


def categories(text: str, language: str | None = None) -> list[str]:
    return [f.category for f in detect(text, language)]


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.category, text[f.start : f.end]) for f in detect(text)]


def test_identity_kinds() -> None:
    assert identity_kind(TENOR) == "syntetisk fødselsnummer"
    assert identity_kind(TENOR_D) == "syntetisk d-nummer"
    assert identity_kind(H_NUMBER) == "h-nummer"
    assert identity_kind(TENOR_2032) == "syntetisk fødselsnummer"


def test_2032_rule_accepts_what_stdnum_rejects() -> None:
    """Remainders 1-3 for the first check digit are valid from 2032; stdnum only knows 0."""
    plain = first_identity_number(23, 6, 85, first_remainder=2)
    assert not fodselsnummer.is_valid(plain)
    assert identity_kind(plain) == "fødselsnummer"
    assert spans(f"Fødselsnummer: {plain}") == [("national_id", plain)]


def test_first_check_digit_remainder_four_is_rejected() -> None:
    checked = 0
    for individual in range(100, 200):
        for remainder in range(4, 10):
            number = identity_number(23, 6, 85, individual, first_remainder=remainder)
            if number is not None:
                checked += 1
                assert identity_kind(number) is None
    assert checked > 0


def test_wrong_second_check_digit_is_rejected() -> None:
    broken = TENOR[:-1] + str((int(TENOR[-1]) + 1) % 10)
    assert identity_kind(broken) is None
    assert categories(f"Fnr {broken}") == []


def test_fh_numbers_and_impossible_dates_are_not_identity_numbers() -> None:
    fh = "8" + TENOR[1:]
    assert identity_kind(fh) is None
    assert identity_kind(first_identity_number(31, 2, 95, tenor=True)) is None  # 31 February


@pytest.mark.parametrize(
    "layout",
    [
        lambda n: n,
        lambda n: f"{n[:6]} {n[6:]}",
        lambda n: f"{n[:6]}-{n[6:]}",
        lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]} {n[6:]}",
        lambda n: f"{n[:6]}\u00a0{n[6:]}",
    ],
)
def test_identity_number_layouts(layout) -> None:
    written = layout(TENOR)
    text = f"Hei! Mitt nummer er {written}. Hilsen Kari"
    assert spans(text) == [("national_id", written)]


def test_tenor_d_number_found_in_english() -> None:
    assert categories(f"My D number is {TENOR_D}", "en") == ["national_id"]


def test_account_layout_makes_an_identity_number_an_account() -> None:
    written = f"{TENOR[:4]}.{TENOR[4:6]}.{TENOR[6:]}"
    assert spans(f"Betal til {written}") == [("bank_account", written)]


def test_account_context_makes_an_identity_number_an_account() -> None:
    assert categories(f"Kontonummer: {TENOR}") == ["bank_account"]
    assert categories(f"Fødselsnummer: {TENOR}") == ["national_id"]


def test_account_number_layout_and_context() -> None:
    account = account_number("1503123456")
    assert account is not None and identity_kind(account) is None
    assert categories(f"Kontonummeret mitt er {account}") == ["bank_account"]
    assert categories(f"Refund to account {account[:4]} {account[4:6]} {account[6:]}", "en") == ["bank_account"]
    plain = detect(f"Tallet {account} dukket opp")
    assert [f.category for f in plain] == ["bank_account"] and plain[0].confidence < 0.7
    assert categories(f"Ordrenummer {account}") == []


def test_iban() -> None:
    assert categories("IBAN: NO93 8601 1117 947") == ["bank_account"]
    assert categories("IBAN: NO94 8601 1117 947") == []


def test_payment_cards() -> None:
    assert categories("Kortnummer 4111 1111 1111 1111") == ["payment_card"]
    assert categories("card 5555555555554444 exp 12/29", "en") == ["payment_card"]
    assert categories("Kortnummer 4111 1111 1111 1112") == []  # Luhn fails
    assert categories("Sporingsnummer 4111 1111 1111 1111") == []


def test_numbers_glued_to_letters_are_ignored() -> None:
    assert categories(f"ref ABC{TENOR}") == []


def test_several_numbers_in_one_message() -> None:
    account = account_number("1503123456")
    text = f"fnr {TENOR}, konto {account[:4]}.{account[4:6]}.{account[6:]}, kort 4111111111111111"
    assert categories(text) == ["national_id", "bank_account", "payment_card"]
