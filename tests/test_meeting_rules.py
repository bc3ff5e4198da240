"""Meeting day rules, times and holiday shifts as rosters write them; dates they give."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.calendar import DaysOff, meeting_dates, shift_off_day
from bot.meeting_rules import (
    HolidayShift,
    MeetingRule,
    RuleError,
    parse_clock_time,
    parse_holiday_shift,
    parse_meeting_day,
)


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("5", MeetingRule(day=5)),
        (5, MeetingRule(day=5)),
        (5.0, MeetingRule(day=5)),
        ("ngày 31", MeetingRule(day=31)),
        ("thứ 2 đầu tiên", MeetingRule(weekday=0, nth=1)),
        ("Thứ Hai đầu tiên", MeetingRule(weekday=0, nth=1)),
        ("thu 2 dau tien", MeetingRule(weekday=0, nth=1)),
        ("thứ 6 cuối cùng", MeetingRule(weekday=4, nth=-1)),
        ("chủ nhật thứ hai", MeetingRule(weekday=6, nth=2)),
        ("Thứ bảy tuần thứ 3", MeetingRule(weekday=5, nth=3)),
    ],
)
def test_meeting_day(written: object, rule: MeetingRule) -> None:
    assert parse_meeting_day(written) == rule


@pytest.mark.parametrize("written", ["0", "32", "hằng tháng", "thứ 8 đầu tiên", "", None])
def test_bad_meeting_day(written: object) -> None:
    with pytest.raises(RuleError):
        parse_meeting_day(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("19:30", time(19, 30)), ("19h30", time(19, 30)), ("7h", time(7)), ("07:00", time(7)),
     ("7:05", time(7, 5)), ("19H", time(19)), (time(14, 0, 30), time(14))],
)  # fmt: skip
def test_clock_time(written: object, expected: time) -> None:
    assert parse_clock_time(written) == expected


@pytest.mark.parametrize("written", ["24:00", "19:60", "chiều", "", "7h30p30"])
def test_bad_clock_time(written: str) -> None:
    with pytest.raises(RuleError):
        parse_clock_time(written)


@pytest.mark.parametrize(
    ("written", "shift"),
    [("", HolidayShift.NEXT), (None, HolidayShift.NEXT), ("sau", HolidayShift.NEXT),
     ("Trước", HolidayShift.PREVIOUS), ("truoc", HolidayShift.PREVIOUS),
     ("không", HolidayShift.KEEP)],
)  # fmt: skip
def test_holiday_shift(written: object, shift: HolidayShift) -> None:
    assert parse_holiday_shift(written) == shift


def test_day_31_in_short_months_is_the_last_day() -> None:
    rule = MeetingRule(day=31)
    assert [rule.date_in(2026, m) for m in (2, 4)] == [date(2026, 2, 28), date(2026, 4, 30)]
    assert rule.date_in(2028, 2) == date(2028, 2, 29)


def test_nth_weekday() -> None:
    assert MeetingRule(weekday=0, nth=1).date_in(2026, 6) == date(2026, 6, 1)
    assert MeetingRule(weekday=4, nth=-1).date_in(2026, 7) == date(2026, 7, 31)
    assert MeetingRule(weekday=6, nth=2).date_in(2026, 3) == date(2026, 3, 8)


def test_lunar_new_year_moves_the_meeting_either_way() -> None:
    days_off = DaysOff()
    tet = date(2026, 2, 17)  # Mùng 1 Tết Bính Ngọ; 16–20/02 are days off
    assert days_off.is_day_off(tet)
    assert shift_off_day(tet, HolidayShift.NEXT, days_off) == date(2026, 2, 23)
    assert shift_off_day(tet, HolidayShift.PREVIOUS, days_off) == date(2026, 2, 13)
    assert shift_off_day(tet, HolidayShift.KEEP, days_off) == tet


def test_extra_days_off_and_working_days() -> None:
    saturday = date(2026, 3, 7)
    days_off = DaysOff(
        extra_days_off=frozenset({date(2026, 3, 5)}), extra_working_days=frozenset({saturday})
    )
    assert days_off.is_day_off(date(2026, 3, 5)) and not days_off.is_day_off(saturday)
    assert shift_off_day(date(2026, 3, 5), HolidayShift.NEXT, days_off) == date(2026, 3, 6)


def test_meeting_dates_over_a_period() -> None:
    got = list(
        meeting_dates(MeetingRule(day=5), HolidayShift.NEXT, DaysOff(), date(2026, 3, 1),
                      date(2026, 6, 30))
    )  # fmt: skip
    # 05/04/2026 is a Sunday → Monday 06/04; the others are working days.
    assert [actual for _rule, actual in got] == [
        date(2026, 3, 5), date(2026, 4, 6), date(2026, 5, 5), date(2026, 6, 5)
    ]  # fmt: skip
    assert got[1][0] == date(2026, 4, 5)
