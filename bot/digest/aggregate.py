"""Digest figures from plain rows (no I/O): who was expected to report, what came in, how good.

Rules (our choices where the guidance is silent):
- A meeting counts once it has started (`starts_at <= now`). Planned and held meetings expect
  a report from every active cadre assigned to the cell on the meeting's local date; cancelled
  and postponed meetings expect none and are counted on their own.
- A postponement («Hoãn», or the admin's `meeting move`) keeps the meeting and gives it a new
  start, so a meeting is postponed in the period of the start it was moved from, once that
  start has come and the move is recorded, when the move is to a later day (an earlier day, or
  another hour of the same day, is not a postponement). Each meeting counts once per period,
  however often it was moved; at its new start it is a meeting like any other.
- A submitted report always counts, even from a cadre no longer assigned.
- A report is missing while no report exists; it is overdue once the deadline has passed, by
  whole days rounded up (one hour late is one day overdue).
- Verdicts, grades, attendance, duration and criteria come from reports of held meetings.
- A cell is below standard in a month when any of that month's reports says so.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.digest.periods import Period
from bot.text import fold

LIVE_STATUSES = frozenset({"planned", "held"})
_NUMBER = re.compile(r"\d+")
DAY = timedelta(days=1)


# --- rows read from storage ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    id: int
    cell_id: int
    cell_name: str
    unit_id: int
    unit_name: str
    member_count: int
    starts_at: datetime
    status: str


@dataclass(frozen=True)
class CadreRef:
    id: int
    full_name: str
    phone: str
    telegram_user_id: int | None


@dataclass(frozen=True)
class AssignmentRow:
    cell_id: int
    cadre: CadreRef
    starts_on: date | None
    ends_on: date | None

    def covers(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )


@dataclass(frozen=True)
class ReportRow:
    """A report as it stands now (its latest revision's answers)."""

    id: int
    meeting_id: int
    cadre: CadreRef
    receipt_no: str
    outcome: str  # held, cancelled, absent
    review_state: str  # submitted, returned, amended
    revision: int
    late: bool
    meets_standard: bool | None
    failing_criteria: tuple[str, ...]
    score: int | None
    grade: str | None
    attendance_ratio: float | None
    duration_minutes: int | None
    submitted_at: datetime
    answers: Mapping[str, object]
    reasons: tuple[str, ...] = ()  # stored at submission (empty for reports from before 006)


@dataclass(frozen=True)
class VerdictRow:
    """One verdict of a held meeting, for the months-in-a-row check."""

    cell_id: int
    cell_name: str
    unit_name: str
    starts_at: datetime
    meets_standard: bool


@dataclass(frozen=True)
class MoveRow:
    """One move of a meeting, from the audit log: when it was recorded, from where to where."""

    meeting_id: int
    at: datetime
    old_starts_at: datetime
    new_starts_at: datetime


@dataclass(frozen=True)
class Expectation:
    """One cadre expected to report on one meeting, and their report if it came."""

    meeting: MeetingRow
    cadre: CadreRef
    report: ReportRow | None


@dataclass(frozen=True)
class PeriodData:
    period: Period
    meetings: tuple[MeetingRow, ...]  # every meeting of the period that has started
    expectations: tuple[Expectation, ...]
    postponed: frozenset[int] = frozenset()  # meetings moved from a start in the period


def postponed_meetings(
    moves: Iterable[MoveRow], start: datetime, end: datetime, *, now: datetime, tz: ZoneInfo
) -> frozenset[int]:
    """The meetings postponed in [start, end): moved, by a move recorded by `now`, from a start
    in the period that has come by `now` to a later local day."""
    return frozenset(
        move.meeting_id
        for move in moves
        if move.at <= now
        and start <= move.old_starts_at < end
        and move.old_starts_at <= now
        and move.new_starts_at.astimezone(tz).date() > move.old_starts_at.astimezone(tz).date()
    )


@dataclass(frozen=True)
class RubricInfo:
    criteria: tuple[tuple[str, str], ...]  # (id, name) in rubric order
    grades: tuple[str, ...]  # best first


def match_expectations(
    meetings: Sequence[MeetingRow],
    assignments: Iterable[AssignmentRow],
    reports: Iterable[ReportRow],
    tz: ZoneInfo,
) -> tuple[Expectation, ...]:
    """Meetings × the cadres who owe a report on them, each with its report if any."""
    by_cell: dict[int, list[AssignmentRow]] = defaultdict(list)
    for assignment in assignments:
        by_cell[assignment.cell_id].append(assignment)
    by_meeting: dict[int, list[ReportRow]] = defaultdict(list)
    for report in reports:
        by_meeting[report.meeting_id].append(report)
    found: list[Expectation] = []
    for meeting in meetings:
        reported = {report.cadre.id: report for report in by_meeting.get(meeting.id, ())}
        seen: set[int] = set()
        if meeting.status in LIVE_STATUSES:
            day = meeting.starts_at.astimezone(tz).date()
            for assignment in by_cell.get(meeting.cell_id, ()):
                cadre = assignment.cadre
                if assignment.covers(day) and cadre.id not in seen:
                    seen.add(cadre.id)
                    found.append(Expectation(meeting, cadre, reported.get(cadre.id)))
        for cadre_id, report in reported.items():
            if cadre_id not in seen:
                found.append(Expectation(meeting, report.cadre, report))
    return tuple(found)


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    meeting: MeetingRow
    cadre: CadreRef
    deadline: datetime
    days_overdue: int  # 0 while the deadline has not passed


@dataclass(frozen=True)
class Proposal:
    cell_name: str
    unit_name: str
    receipt_no: str
    text: str


@dataclass(frozen=True)
class CriterionCount:
    id: str
    name: str
    count: int


@dataclass(frozen=True)
class UnitFigures:
    name: str
    expected: int
    received: int
    meets: int
    below: int
    missing: int


@dataclass(frozen=True)
class Figures:
    period: Period
    meetings: int
    meetings_cancelled: int  # status cancelled, or a report says it did not take place
    meetings_postponed: int
    expected: int
    on_time: int
    late: int
    missing: tuple[Missing, ...]  # most overdue first
    held: int
    not_attended: int  # the cadre could not attend
    cancelled_reports: int  # the cadre reported that the meeting did not take place
    meets: int
    below: int
    grades: tuple[tuple[str, int], ...]
    attendance_avg: float | None
    duration_avg: float | None
    criteria_failures: tuple[CriterionCount, ...]  # most frequent first, only those > 0
    proposals: tuple[Proposal, ...]
    returned: int
    amended: int
    units: tuple[UnitFigures, ...]

    @property
    def received(self) -> int:
        return self.on_time + self.late

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.missing if item.days_overdue > 0)


def days_overdue(deadline: datetime, now: datetime) -> int:
    if now <= deadline:
        return 0
    return math.ceil((now - deadline) / DAY)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@lru_cache(maxsize=65536)
def unit_sort_key(name: str) -> str:
    """Vietnamese names sort by their letters, accents aside, and numbers by value
    («xóm 2» before «xóm 10»). Cached: the same few names recur."""
    return _NUMBER.sub(lambda match: match.group().zfill(12), fold(name))


def summarize(
    data: PeriodData, *, now: datetime, deadline: timedelta, rubric: RubricInfo
) -> Figures:
    """Every figure of one period."""
    reports = [item.report for item in data.expectations if item.report is not None]
    held = [report for report in reports if report.outcome == "held"]
    missing = sorted(
        (
            Missing(item.meeting, item.cadre, item.meeting.starts_at + deadline,
                    days_overdue(item.meeting.starts_at + deadline, now))
            for item in data.expectations
            if item.report is None
        ),
        key=lambda m: (-m.days_overdue, unit_sort_key(m.meeting.unit_name),
                       unit_sort_key(m.meeting.cell_name), m.meeting.starts_at, m.cadre.full_name),
    )  # fmt: skip
    cancelled_ids = {m.id for m in data.meetings if m.status == "cancelled"} | {
        report.meeting_id for report in reports if report.outcome == "cancelled"
    }
    failures = Counter(cid for report in held for cid in report.failing_criteria)
    names = dict(rubric.criteria)
    order = {cid: n for n, (cid, _name) in enumerate(rubric.criteria)}
    grade_counts = Counter(report.grade for report in held if report.grade)
    grades = [(label, grade_counts[label]) for label in rubric.grades]
    grades += sorted((g, n) for g, n in grade_counts.items() if g not in rubric.grades)
    return Figures(
        period=data.period,
        meetings=len(data.meetings),
        meetings_cancelled=len(cancelled_ids),
        # The bot moves a postponed meeting (see the rules above) and never sets the status
        # «postponed» that the schema allows; a row that has it still counts, once.
        meetings_postponed=len(
            data.postponed | {m.id for m in data.meetings if m.status == "postponed"}
        ),
        expected=len(data.expectations),
        on_time=sum(1 for report in reports if not report.late),
        late=sum(1 for report in reports if report.late),
        missing=tuple(missing),
        held=len(held),
        not_attended=sum(1 for report in reports if report.outcome == "absent"),
        cancelled_reports=sum(1 for report in reports if report.outcome == "cancelled"),
        meets=sum(1 for report in held if report.meets_standard is True),
        below=sum(1 for report in held if report.meets_standard is False),
        grades=tuple(grades),
        attendance_avg=_mean([r.attendance_ratio for r in held if r.attendance_ratio is not None]),
        duration_avg=_mean([r.duration_minutes for r in held if r.duration_minutes is not None]),
        criteria_failures=tuple(
            CriterionCount(cid, names.get(cid, cid), count)
            for cid, count in sorted(
                failures.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99), kv[0])
            )
        ),
        proposals=tuple(_proposals(data.expectations)),
        returned=sum(1 for report in reports if report.review_state == "returned"),
        amended=sum(1 for report in reports if report.review_state == "amended"),
        units=_units(data.expectations),
    )


def _proposals(expectations: Iterable[Expectation]) -> list[Proposal]:
    found = []
    for item in expectations:
        report = item.report
        if report is None or report.outcome != "held":
            continue
        text = report.answers.get("proposals")
        if isinstance(text, str) and text.strip():
            found.append(Proposal(item.meeting.cell_name, item.meeting.unit_name,
                                  report.receipt_no, text.strip()))  # fmt: skip
    found.sort(key=lambda p: (unit_sort_key(p.unit_name), unit_sort_key(p.cell_name), p.receipt_no))
    return found


def _units(expectations: Iterable[Expectation]) -> tuple[UnitFigures, ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in expectations:
        unit = counts[item.meeting.unit_name]
        unit["expected"] += 1
        report = item.report
        if report is None:
            unit["missing"] += 1
            continue
        unit["received"] += 1
        if report.outcome == "held" and report.meets_standard is not None:
            unit["meets" if report.meets_standard else "below"] += 1
    return tuple(
        UnitFigures(name, c["expected"], c["received"], c["meets"], c["below"], c["missing"])
        for name, c in sorted(counts.items(), key=lambda kv: unit_sort_key(kv[0]))
    )


# --- cells below standard month after month ------------------------------------------------------


@dataclass(frozen=True)
class CellStreak:
    cell_name: str
    unit_name: str
    months: int


def below_streaks(
    rows: Iterable[VerdictRow], months: Sequence[Period], tz: ZoneInfo, minimum: int = 2
) -> tuple[CellStreak, ...]:
    """Cells below standard in at least `minimum` consecutive months ending with the last of
    `months` (oldest first) — or with the one before it, while the last has no verdict yet."""
    starts = [month.start for month in months]
    state: dict[int, dict[int, bool]] = defaultdict(dict)  # cell -> month index -> below
    names: dict[int, tuple[str, str]] = {}
    for row in rows:
        day = row.starts_at.astimezone(tz).date()
        index = _month_index(starts, day)
        if index is None or day >= months[-1].end:
            continue
        cell = state[row.cell_id]
        cell[index] = cell.get(index, False) or not row.meets_standard
        names[row.cell_id] = (row.cell_name, row.unit_name)
    found = []
    last = len(months) - 1
    for cell_id, by_month in state.items():
        index = last if last in by_month else last - 1
        run = 0
        while index >= 0 and by_month.get(index) is True:
            run += 1
            index -= 1
        if run >= minimum:
            cell_name, unit_name = names[cell_id]
            found.append(CellStreak(cell_name, unit_name, run))
    found.sort(key=lambda s: (-s.months, unit_sort_key(s.unit_name), unit_sort_key(s.cell_name)))
    return tuple(found)


def _month_index(starts: Sequence[date], day: date) -> int | None:
    index = bisect_right(starts, day) - 1
    return index if index >= 0 else None


@dataclass(frozen=True)
class Digest:
    """What the committee reads: this period, the one before, the cells needing attention."""

    current: Figures
    previous: Figures
    streaks: tuple[CellStreak, ...]
    unit_name: str | None
    generated_at: datetime
