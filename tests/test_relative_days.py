"""«hôm qua», «thứ 5 tuần trước»: days as people say them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.relative_days import relative_day

SUNDAY_29_MARCH = date(2026, 3, 29)
WEDNESDAY_25_MARCH = date(2026, 3, 25)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("hôm qua", SUNDAY_29_MARCH, date(2026, 3, 28)),
        ("Hôm kia", SUNDAY_29_MARCH, date(2026, 3, 27)),
        ("hom nay", SUNDAY_29_MARCH, SUNDAY_29_MARCH),
        ("thứ 5", WEDNESDAY_25_MARCH, date(2026, 3, 19)),  # the latest Thursday
        ("thứ 4", WEDNESDAY_25_MARCH, WEDNESDAY_25_MARCH),  # today counts
        ("thứ 5 tuần trước", WEDNESDAY_25_MARCH, date(2026, 3, 19)),
        ("thu nam tuan truoc", SUNDAY_29_MARCH, date(2026, 3, 19)),
        ("T2 tuần trước", SUNDAY_29_MARCH, date(2026, 3, 16)),
        ("chủ nhật tuần trước", SUNDAY_29_MARCH, date(2026, 3, 22)),
        ("CN", WEDNESDAY_25_MARCH, date(2026, 3, 22)),
    ],
)
def test_days_people_say(text: str, today: date, expected: date) -> None:
    assert relative_day(text, today) == expected


@pytest.mark.parametrize("text", ["05/03", "thứ 8", "thứ 1", "tuần trước", "mai", ""])
def test_other_texts_are_not_relative_days(text: str) -> None:
    assert relative_day(text, SUNDAY_29_MARCH) is None
