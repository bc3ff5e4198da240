"""Phone numbers as people write them in Vietnam, normalised to E.164 with `phonenumbers`."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "VN"


class InvalidPhone(ValueError):
    """The text is not a usable phone number."""


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """`0912 345 678`, `0912.345.678`, `+84 912 345 678`, `84912345678` → `+84912345678`."""
    text = raw.strip()
    if not text:
        raise InvalidPhone("empty")
    digits = "".join(ch for ch in text if ch.isdigit())
    # Written without '+', a number starting with the country code is still international.
    if not text.startswith(("+", "0")) and digits.startswith("84") and len(digits) >= 11:
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How a Vietnamese reader writes it: `0912 345 678`."""
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
