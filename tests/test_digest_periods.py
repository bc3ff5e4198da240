"""Digest periods and schedules: local days, UTC bounds, the latest send time before now."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.digest.periods import (
    MonthlySchedule,
    Period,
    PeriodKind,
    WeeklySchedule,
    days_back,
    month_period,
    months_back,
    parse_clock,
    parse_month,
    parse_monthly,
    parse_weekly,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def test_a_month_and_its_utc_bounds() -> None:
    march = month_period(2026, 3)
    assert (march.start, march.end, march.last_day) == (date(2026, 3, 1), date(2026, 4, 1),
                                                       date(2026, 3, 31))  # fmt: skip
    # Midnight in Hà Nội is 17:00 UTC the day before.
    assert march.bounds(TZ) == (datetime(2026, 2, 28, 17, tzinfo=UTC),
                                datetime(2026, 3, 31, 17, tzinfo=UTC))  # fmt: skip
    assert march.key == "2026-03" and march.previous() == month_period(2026, 2)
    assert month_period(2026, 1).previous() == month_period(2025, 12)
    assert month_period(2025, 12).end == date(2026, 1, 1)


def test_weeks_and_ranges() -> None:
    week = Period(PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9))
    assert week.key == "2026-03-02"
    assert week.previous() == Period(PeriodKind.WEEK, date(2026, 2, 23), date(2026, 3, 2))
    window = days_back(date(2026, 4, 3), 35)
    assert (window.start, window.last_day) == (date(2026, 2, 28), date(2026, 4, 3))
    assert window.key == "2026-02-28..2026-04-03"
    assert [m.key for m in months_back(month_period(2026, 2), 3)] == [
        "2025-12", "2026-01", "2026-02"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "month"),
    [("03/2026", (2026, 3)), ("3/2026", (2026, 3)), ("2026-03", (2026, 3)),
     ("12.2025", (2025, 12)), (" 1-2027 ", (2027, 1))],
)  # fmt: skip
def test_months_as_people_write_them(text: str, month: tuple[int, int]) -> None:
    assert parse_month(text) == month_period(*month)


@pytest.mark.parametrize("text", ["13/2026", "0/2026", "2026", "tháng 3", "03/26", ""])
def test_not_months(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month(text)


def test_schedules_are_parsed_and_validated() -> None:
    assert parse_weekly("mon 07:30") == WeeklySchedule(0, time(7, 30))
    assert parse_weekly("T2 7h30") == WeeklySchedule(0, time(7, 30))
    assert parse_weekly("cn 18:00") == WeeklySchedule(6, time(18, 0))
    assert parse_weekly("off") is None and parse_weekly("") is None
    assert parse_monthly("3 07:30") == MonthlySchedule(3, time(7, 30))
    assert parse_monthly("OFF") is None
    assert parse_clock("7:05") == time(7, 5)
    for bad in ("monday 07:30", "mon", "mon 24:00", "mon 07:30 extra"):
        with pytest.raises(ValueError):
            parse_weekly(bad)
    for bad in ("29 07:30", "0 07:30", "last 07:30", "3"):
        with pytest.raises(ValueError):
            parse_monthly(bad)


def test_the_latest_weekly_send_time() -> None:
    schedule = WeeklySchedule(0, time(7, 30))
    last_week = Period(PeriodKind.WEEK, date(2026, 2, 23), date(2026, 3, 2))
    this_week = Period(PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9))
    assert schedule.latest(local(2026, 3, 9, 7, 29), TZ) == (local(2026, 3, 2, 7, 30), last_week)
    assert schedule.latest(local(2026, 3, 9, 7, 30), TZ) == (local(2026, 3, 9, 7, 30), this_week)
    assert schedule.latest(local(2026, 3, 12, 22, 0), TZ) == (local(2026, 3, 9, 7, 30),
                                                              this_week)  # fmt: skip


def test_the_latest_monthly_send_time() -> None:
    schedule = MonthlySchedule(3, time(7, 30))
    assert schedule.latest(local(2026, 4, 3, 7, 29), TZ) == (local(2026, 3, 3, 7, 30),
                                                             month_period(2026, 2))  # fmt: skip
    assert schedule.latest(local(2026, 4, 3, 7, 30), TZ) == (local(2026, 4, 3, 7, 30),
                                                             month_period(2026, 3))  # fmt: skip
    assert schedule.latest(local(2026, 1, 2, 12, 0), TZ) == (local(2025, 12, 3, 7, 30),
                                                             month_period(2025, 11))  # fmt: skip


def test_a_running_period_is_compared_with_as_many_days_before() -> None:
    march = month_period(2026, 3)
    assert march.comparable_previous(date(2026, 4, 3)) == month_period(2026, 2)
    assert march.comparable_previous(date(2026, 3, 31)) == month_period(2026, 2)
    assert march.comparable_previous(date(2026, 3, 10)) == Period(
        PeriodKind.RANGE, date(2026, 2, 1), date(2026, 2, 11)
    )
    # 30 days of March run past the end of February: all of February then.
    assert march.comparable_previous(date(2026, 3, 30)) == Period(
        PeriodKind.RANGE, date(2026, 2, 1), date(2026, 3, 1)
    )
