"""Phone numbers as Vietnamese people write them are one E.164 number."""

from __future__ import annotations

import pytest

from bot.phones import InvalidPhone, display_phone, normalize_phone


@pytest.mark.parametrize(
    "written",
    [
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        "0912-345-678",
        " 0912345678 ",
    ],
)
def test_the_usual_spellings_are_one_number(written: str) -> None:
    assert normalize_phone(written) == "+84912345678"


def test_landlines_and_foreign_numbers_keep_their_meaning() -> None:
    assert normalize_phone("024 3826 1234") == "+842438261234"
    assert normalize_phone("+1 202 555 0143") == "+12025550143"


@pytest.mark.parametrize("written", ["", "12", "0912", "abc", "0912 345 678 999 111"])
def test_garbage_is_refused(written: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(written)


def test_display_is_the_national_format() -> None:
    assert display_phone("+84912345678") == "0912 345 678"
