"""Digest periods (a week, a month, any run of local days) and the digest schedules (no I/O).

A period is a half-open range of local dates; its UTC bounds are computed here so that
storage compares plain timestamps (portable SQL, no date functions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")
_MONTH_VI = re.compile(r"^(\d{1,2})[/.-](\d{4})$")  # 03/2026, 3/2026
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")  # 2026-03
WEEKDAYS = {
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    # Vietnamese admins write «thứ 2» … «chủ nhật» as t2 … t7, cn.
    **{f"t{n + 2}": n for n in range(6)},
    "cn": 6,
}
MONTHLY_LAST_DAY = 28  # a day every month has


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    """Local days `start` … `end - 1 day`."""

    kind: PeriodKind
    start: date
    end: date  # exclusive

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def key(self) -> str:
        """Stable id used in outbox keys: "2026-03" for a month, the first day otherwise."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind is PeriodKind.WEEK:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC moments at which the first day starts and the day after the last starts."""
        return local_midnight(self.start, tz), local_midnight(self.end, tz)

    def previous(self) -> Period:
        """The period of the same shape just before this one."""
        if self.kind is PeriodKind.MONTH:
            return month_period(*_shift_month(self.start.year, self.start.month, -1))
        length = self.end - self.start
        return Period(self.kind, self.start - length, self.start)

    def comparable_previous(self, today: date) -> Period:
        """What to compare with: the previous period, or — while this one is still running —
        as many of its first days as have passed of this one (a month's first week against
        the whole of last month would only show a fall)."""
        before = self.previous()
        if today >= self.last_day:
            return before
        elapsed = max(today - self.start + timedelta(days=1), timedelta(days=1))
        return Period(PeriodKind.RANGE, before.start, min(before.start + elapsed, before.end))


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_period(year: int, month: int) -> Period:
    next_year, next_month = _shift_month(year, month, 1)
    return Period(PeriodKind.MONTH, date(year, month, 1), date(next_year, next_month, 1))


def month_of(day: date) -> Period:
    return month_period(day.year, day.month)


def week_before(day: date) -> Period:
    """The seven days before `day` (for a Monday: the previous Monday … Sunday)."""
    return Period(PeriodKind.WEEK, day - timedelta(days=7), day)


def days_back(today: date, days: int) -> Period:
    """The last `days` days up to and including today."""
    return Period(PeriodKind.RANGE, today - timedelta(days=days - 1), today + timedelta(days=1))


def months_back(month: Period, count: int) -> list[Period]:
    """`count` months ending with `month`, oldest first."""
    return [
        month_period(*_shift_month(month.start.year, month.start.month, -offset))
        for offset in range(count - 1, -1, -1)
    ]


def parse_month(text: str) -> Period:
    """ "03/2026", "3/2026" or "2026-03" → that month; ValueError otherwise."""
    value = text.strip()
    if match := _MONTH_VI.match(value):
        month, year = int(match[1]), int(match[2])
    elif match := _MONTH_ISO.match(value):
        year, month = int(match[1]), int(match[2])
    else:
        raise ValueError(f"not a month: {text!r} (expected mm/yyyy)")
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValueError(f"not a month: {text!r}")
    return month_period(year, month)


# --- schedules --------------------------------------------------------------------------------


def parse_clock(text: str) -> time:
    """ "07:30", "7:30" or "7h30" → time; ValueError otherwise."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError("expected a time of day as HH:MM, e.g. 07:30")
    return time(int(match[1]), int(match[2]))


@dataclass(frozen=True)
class WeeklySchedule:
    """Every week on `weekday` (Monday = 0) at `at`, local time; covers the 7 days before."""

    weekday: int
    at: time

    def latest(self, now: datetime, tz: ZoneInfo) -> tuple[datetime, Period]:
        """The last send time at or before `now` (UTC) and the period it covers."""
        local = now.astimezone(tz)
        day = local.date() - timedelta(days=(local.weekday() - self.weekday) % 7)
        if datetime.combine(day, self.at, tzinfo=tz) > local:
            day -= timedelta(days=7)
        return datetime.combine(day, self.at, tzinfo=tz).astimezone(UTC), week_before(day)


@dataclass(frozen=True)
class MonthlySchedule:
    """Every month on `day` at `at`, local time; covers the previous month."""

    day: int
    at: time

    def latest(self, now: datetime, tz: ZoneInfo) -> tuple[datetime, Period]:
        """The last send time at or before `now` (UTC) and the month it covers."""
        local = now.astimezone(tz)
        year, month = local.year, local.month
        if datetime.combine(date(year, month, self.day), self.at, tzinfo=tz) > local:
            year, month = _shift_month(year, month, -1)
        send_day = date(year, month, self.day)
        covered = month_period(*_shift_month(year, month, -1))
        return datetime.combine(send_day, self.at, tzinfo=tz).astimezone(UTC), covered


def parse_weekly(text: str) -> WeeklySchedule | None:
    """ "mon 07:30" (or "t2 07:30") → a schedule; "" or "off" → None (no weekly digest)."""
    parts = text.strip().lower().split()
    if not parts or parts == ["off"]:
        return None
    if len(parts) != 2 or parts[0] not in WEEKDAYS:
        raise ValueError("expected «DAY HH:MM» with DAY one of mon…sun (or t2…t7, cn), or off")
    return WeeklySchedule(WEEKDAYS[parts[0]], parse_clock(parts[1]))


def parse_monthly(text: str) -> MonthlySchedule | None:
    """ "3 07:30" → the 3rd at 07:30; "" or "off" → None (no monthly digest)."""
    parts = text.strip().lower().split()
    if not parts or parts == ["off"]:
        return None
    if len(parts) != 2 or not parts[0].isdigit():
        raise ValueError(f"expected «DAY HH:MM» with DAY 1–{MONTHLY_LAST_DAY}, or off")
    day = int(parts[0])
    if not 1 <= day <= MONTHLY_LAST_DAY:
        raise ValueError(f"the day must be 1–{MONTHLY_LAST_DAY} (a day every month has)")
    return MonthlySchedule(day, parse_clock(parts[1]))
