"""Decide which meetings to create or re-time so every cell has its monthly meeting (no I/O).

A cell's meeting of a month is identified by the month of its `rule_date` (the date the rule
gives before any holiday shift; a `trước` shift may pull the actual date into the month before).
Meetings that somebody has acted on — reported, moved or cancelled by hand, no longer planned —
are never touched, and nothing is ever deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.calendar import DaysOff, meeting_dates, shift_off_day
from bot.meeting_rules import HolidayShift, MeetingRule

DEFAULT_HORIZON_DAYS = 62

Month = tuple[int, int]


@dataclass(frozen=True)
class CellSchedule:
    """What the roster says about when and where a cell meets."""

    cell_id: int
    rule: MeetingRule
    time: str  # "HH:MM", local time
    place: str | None
    shift: HolidayShift


@dataclass(frozen=True)
class ExistingMeeting:
    id: int
    cell_id: int
    rule_date: date
    starts_at: datetime
    place: str | None
    status: str
    changed_manually: bool
    has_report: bool

    @property
    def adjustable(self) -> bool:
        """Only the planner's own untouched output may be re-timed."""
        return self.status == "planned" and not self.changed_manually and not self.has_report


@dataclass(frozen=True)
class NewMeeting:
    cell_id: int
    rule_date: date
    starts_at: datetime  # UTC
    place: str | None


@dataclass(frozen=True)
class MeetingChange:
    meeting_id: int
    rule_date: date
    starts_at: datetime  # UTC
    place: str | None
    # What the planner saw: the write applies only if nobody changed the meeting since.
    previous_starts_at: datetime


@dataclass(frozen=True)
class Plan:
    to_insert: tuple[NewMeeting, ...]
    to_update: tuple[MeetingChange, ...]


def meeting_start(day: date, clock_time: str, tz: ZoneInfo) -> datetime:
    """The UTC moment of a local date and "HH:MM" time."""
    local = datetime.combine(day, time.fromisoformat(clock_time), tzinfo=tz)
    return local.astimezone(UTC)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def plan(
    cells: Iterable[CellSchedule],
    existing: Iterable[ExistingMeeting],
    *,
    days_off: DaysOff,
    tz: ZoneInfo,
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> Plan:
    """What to insert and update so that each cell's meetings in [today, today+horizon] exist."""
    by_cell: dict[int, list[ExistingMeeting]] = defaultdict(list)
    for meeting in existing:
        by_cell[meeting.cell_id].append(meeting)
    inserts: list[NewMeeting] = []
    updates: list[MeetingChange] = []
    for cell in cells:
        new, changed = _plan_cell(
            cell, by_cell.get(cell.cell_id, []), days_off, tz, today, horizon_days
        )
        inserts.extend(new)
        updates.extend(changed)
    return Plan(tuple(inserts), tuple(updates))


def _plan_cell(
    cell: CellSchedule,
    existing: Sequence[ExistingMeeting],
    days_off: DaysOff,
    tz: ZoneInfo,
    today: date,
    horizon_days: int,
) -> tuple[list[NewMeeting], list[MeetingChange]]:
    end = today + timedelta(days=horizon_days)
    by_month: dict[Month, list[ExistingMeeting]] = defaultdict(list)
    for meeting in sorted(existing, key=lambda m: m.rule_date):
        by_month[(meeting.rule_date.year, meeting.rule_date.month)].append(meeting)
    months = {
        (rd.year, rd.month) for rd, _ in meeting_dates(cell.rule, cell.shift, days_off, today, end)
    }
    # Upcoming planned meetings are revisited even when a new holiday pushes them past the
    # horizon, so that none keeps a stale date until the window catches up with it.
    months |= {
        month
        for month, meetings in by_month.items()
        if any(m.adjustable and local_date(m.starts_at, tz) >= today for m in meetings)
    }
    inserts: list[NewMeeting] = []
    updates: list[MeetingChange] = []
    for year, month in sorted(months):
        rule_date = cell.rule.date_in(year, month)
        actual = shift_off_day(rule_date, cell.shift, days_off)
        starts_at = meeting_start(actual, cell.time, tz)
        in_month = by_month.get((year, month), [])
        target = _meeting_of_month(in_month, rule_date, tz, today)
        if target is None:
            # A month that already has any meeting (held, cancelled, past) is covered.
            if not in_month and today <= actual <= end:
                inserts.append(NewMeeting(cell.cell_id, rule_date, starts_at, cell.place))
            continue
        if not target.adjustable or actual < today or local_date(target.starts_at, tz) < today:
            continue  # never move a meeting into, or out of, the past
        if (target.rule_date, target.starts_at, target.place) != (rule_date, starts_at, cell.place):
            updates.append(
                MeetingChange(target.id, rule_date, starts_at, cell.place, target.starts_at)
            )
    return inserts, updates


def _meeting_of_month(
    in_month: Sequence[ExistingMeeting], rule_date: date, tz: ZoneInfo, today: date
) -> ExistingMeeting | None:
    """The meeting the rule's date belongs to: the same rule date, or else (the rule's day
    changed) the month's upcoming meeting that the planner made and nobody touched since."""
    for meeting in in_month:
        if meeting.rule_date == rule_date:
            return meeting
    for meeting in in_month:
        if meeting.adjustable and local_date(meeting.starts_at, tz) >= today:
            return meeting
    return None


def already_held(
    cells: Iterable[CellSchedule],
    existing: Iterable[ExistingMeeting],
    *,
    days_off: DaysOff,
    tz: ZoneInfo,
    today: date,
    window_days: int,
) -> tuple[NewMeeting, ...]:
    """Each cell's meetings that the rule put in the last `window_days` before today and the
    bot never recorded (it was deployed, or the cell imported, after them): they took place
    and await a report, so `/baocao` can offer them without «Ngày khác»."""
    since = today - timedelta(days=window_days)
    covered = {(m.cell_id, m.rule_date.year, m.rule_date.month) for m in existing}
    months = sorted({(day.year, day.month) for day in (since, today)})
    found: list[NewMeeting] = []
    for cell in cells:
        for year, month in months:
            rule_date = cell.rule.date_in(year, month)
            actual = shift_off_day(rule_date, cell.shift, days_off)
            if (cell.cell_id, year, month) in covered or not since <= actual < today:
                continue
            found.append(
                NewMeeting(
                    cell.cell_id, rule_date, meeting_start(actual, cell.time, tz), cell.place
                )
            )
    return tuple(found)
