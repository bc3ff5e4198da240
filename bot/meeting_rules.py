"""Parse how a roster writes a cell's meeting: the day rule, the time, the holiday shift."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from bot.text import fold


class HolidayShift(StrEnum):
    """What happens when the rule lands on a day off (`Dời lịch`)."""

    NEXT = "next"  # `sau`: the next working day (the default)
    PREVIOUS = "previous"  # `trước`: the previous working day
    KEEP = "keep"  # `không`: meet anyway


@dataclass(frozen=True)
class MeetingRule:
    """Either a fixed day of the month, or the nth weekday (nth = -1 means the last one)."""

    day: int | None = None
    weekday: int | None = None  # 0 = Monday … 6 = Sunday
    nth: int | None = None

    def __post_init__(self) -> None:
        fixed = self.day is not None
        nth_weekday = self.weekday is not None and self.nth is not None
        if fixed == nth_weekday:
            raise ValueError("a rule is a day of the month or an nth weekday, not both")

    def date_in(self, year: int, month: int) -> date:
        """The date the rule gives in that month, before any holiday shift."""
        last_day = calendar.monthrange(year, month)[1]
        if self.day is not None:
            return date(year, month, min(self.day, last_day))  # the 31st in a short month
        assert self.weekday is not None and self.nth is not None
        days = [d for d in range(1, last_day + 1) if date(year, month, d).weekday() == self.weekday]
        return date(year, month, days[-1] if self.nth == -1 else days[self.nth - 1])


class RuleError(ValueError):
    """Text that is not a meeting day, time or shift; the message is Vietnamese."""


_WEEKDAY_WORDS = {
    "thu 2": 0, "thu hai": 0, "t2": 0,
    "thu 3": 1, "thu ba": 1, "t3": 1,
    "thu 4": 2, "thu tu": 2, "t4": 2,
    "thu 5": 3, "thu nam": 3, "t5": 3,
    "thu 6": 4, "thu sau": 4, "t6": 4,
    "thu 7": 5, "thu bay": 5, "t7": 5,
    "chu nhat": 6, "cn": 6,
}  # fmt: skip
_NTH_WORDS = {
    "dau tien": 1, "thu nhat": 1, "thu 1": 1, "1": 1,
    "thu hai": 2, "thu 2": 2, "2": 2,
    "thu ba": 3, "thu 3": 3, "3": 3,
    "thu tu": 4, "thu 4": 4, "4": 4,
    "cuoi cung": -1, "cuoi": -1,
}  # fmt: skip
_WEEKDAY_RE = "|".join(sorted(map(re.escape, _WEEKDAY_WORDS), key=len, reverse=True))
_NTH_RE = "|".join(sorted(map(re.escape, _NTH_WORDS), key=len, reverse=True))
_NTH_WEEKDAY = re.compile(
    rf"^(?P<weekday>{_WEEKDAY_RE})\s+(?:(?:tuan|cua tuan)\s+)?(?P<nth>{_NTH_RE})"
    rf"(?:\s+(?:cua\s+)?(?:trong\s+)?thang)?$"
)
_DAY = re.compile(r"^(?:ngay\s+)?(\d{1,2})(?:\s+hang thang)?$")


def parse_meeting_day(raw: object) -> MeetingRule:
    """`5`, `ngày 5`, `thứ 2 đầu tiên`, `thứ 6 cuối cùng`, `chủ nhật thứ hai`."""
    text = fold(str(raw)).removesuffix(".0") if raw is not None else ""
    if match := _DAY.match(text):
        day = int(match.group(1))
        if 1 <= day <= 31:
            return MeetingRule(day=day)
        raise RuleError("ngày trong tháng phải từ 1 đến 31")
    if match := _NTH_WEEKDAY.match(text):
        return MeetingRule(
            weekday=_WEEKDAY_WORDS[match.group("weekday")], nth=_NTH_WORDS[match.group("nth")]
        )
    raise RuleError(
        "không hiểu ngày họp; ghi một ngày từ 1 đến 31 hoặc dạng «thứ 2 đầu tiên», "
        "«thứ 6 cuối cùng», «chủ nhật thứ hai»"
    )


_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{1,2})?)?\s*(?:p|phut)?$")


def parse_clock_time(raw: object) -> time:
    """`19:30`, `19h30`, `7h`, `07:00`, `7:05` (also a spreadsheet time value)."""
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    match = _TIME.match(fold(str(raw or "")))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise RuleError("giờ không hợp lệ; ghi dạng 19:30, 19h30 hoặc 7h")


_SHIFTS = {
    "": HolidayShift.NEXT,
    "sau": HolidayShift.NEXT,
    "truoc": HolidayShift.PREVIOUS,
    "khong": HolidayShift.KEEP,
}


def parse_holiday_shift(raw: object) -> HolidayShift:
    """`sau` (default when empty), `trước`, `không`."""
    key = fold(str(raw)) if raw is not None else ""
    if key in _SHIFTS:
        return _SHIFTS[key]
    raise RuleError("dời lịch chỉ nhận «sau», «trước» hoặc «không»")
