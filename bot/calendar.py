"""Which days are off in Vietnam, and on which dates a cell's meetings fall."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import holidays

from bot.i18n import current_language
from bot.meeting_rules import HolidayShift, MeetingRule


@dataclass(frozen=True)
class DaysOff:
    """Weekends, Vietnam's public holidays (Tết included) and the admin's own exceptions."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    # The holidays' names are given in the language the process speaks.
    language: str = field(default_factory=current_language, compare=False)

    @cached_property
    def _public_holidays(self) -> holidays.HolidayBase:
        return public_holidays(self.language)

    def is_day_off(self, day: date) -> bool:
        if day in self.extra_working_days:
            return False
        if day in self.extra_days_off or day.weekday() >= 5:
            return True
        return day in self._public_holidays

    def holiday_name(self, day: date) -> str | None:
        name = self._public_holidays.get(day)
        return str(name) if name else None


# The `holidays` package names Vietnam's holidays in these languages; ours map onto them.
_HOLIDAY_LANGUAGES = {"vi": "vi", "en": "en_US"}


def public_holidays(language: str, years: Iterable[int] = ()) -> holidays.HolidayBase:
    """Vietnam's public holidays (Tết included), named in `language`; more years are added
    as they are looked up."""
    return holidays.country_holidays(
        "VN", years=list(years), language=_HOLIDAY_LANGUAGES.get(language, "vi")
    )


def shift_off_day(day: date, shift: HolidayShift, days_off: DaysOff) -> date:
    """Move a date that lands on a day off to the next or previous working day."""
    if shift is HolidayShift.KEEP:
        return day
    step = timedelta(days=1 if shift is HolidayShift.NEXT else -1)
    while days_off.is_day_off(day):
        day += step
    return day


def months_from(start: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def meeting_dates(
    rule: MeetingRule,
    shift: HolidayShift,
    days_off: DaysOff,
    start: date,
    end: date,
) -> Iterable[tuple[date, date]]:
    """(rule date, actual date) for every meeting whose actual date lies in [start, end]."""
    # Begin a month early: a "previous working day" shift can pull a meeting back across months.
    first = start.replace(day=1) - timedelta(days=1)
    for year, month in months_from(first):
        rule_date = rule.date_in(year, month)
        actual = shift_off_day(rule_date, shift, days_off)
        if rule_date > end + timedelta(days=31):
            return
        if start <= actual <= end:
            yield rule_date, actual
