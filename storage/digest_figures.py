"""A period's digest figures computed by the database: `GROUP BY` over the values stored with
each report (outcome, late, verdict, grade, attendance, duration, failing criteria), an
anti-join for the reports still missing, and only the few rows a reader sees (who is missing,
the proposals) read one by one. The cost is a few index scans of the period, whatever the
number of reports; `bot.digest.aggregate.summarize` gives the same figures from rows and is
what the tests compare against.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.digest.aggregate import (
    LIVE_STATUSES,
    CadreRef,
    CriterionCount,
    Figures,
    MeetingRow,
    Missing,
    Proposal,
    RubricInfo,
    UnitFigures,
    days_overdue,
    unit_sort_key,
)
from bot.digest.periods import Period
from storage.db import Database
from storage.digest_queries import postponed_in
from storage.tables import assignments, cadres, cells, meetings, reports, units


def _like_id(criterion_id: str) -> str:
    """A LIKE pattern matching the id inside the stored JSON list, `_` taken literally."""
    escaped = criterion_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f'%"{escaped}"%'


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


@dataclass
class _UnitSums:
    name: str
    received: int = 0
    missing: int = 0
    meets: int = 0
    below: int = 0
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))


async def load_figures(
    db: Database,
    period: Period,
    *,
    tz: ZoneInfo,
    now: datetime,
    deadline: timedelta,
    rubric: RubricInfo,
    unit_id: int | None = None,
    details: bool = True,
) -> Figures:
    """Every figure of one period (one unit's, optionally). Without `details` the proposals
    are not read: enough for a comparison with the previous period."""
    start, end = period.bounds(tz)
    in_period = and_(meetings.c.starts_at >= start, meetings.c.starts_at < end,
                     meetings.c.starts_at <= now)  # fmt: skip
    async with db.read() as conn:
        by_unit = await _report_sums(conn, in_period, rubric, unit_id)
        missing_rows = await _missing(conn, period, in_period, tz, unit_id)
        meeting_counts = await _meeting_counts(conn, in_period, unit_id)
        postponed = await postponed_in(conn, period, tz=tz, now=now, unit_id=unit_id)
        proposals = await _proposals(conn, in_period, unit_id) if details else []
    missing = [
        Missing(meeting, cadre, meeting.starts_at + deadline,
                days_overdue(meeting.starts_at + deadline, now))
        for meeting, cadre in missing_rows
    ]  # fmt: skip
    missing.sort(key=lambda m: (-m.days_overdue, unit_sort_key(m.meeting.unit_name),
                                unit_sort_key(m.meeting.cell_name), m.meeting.starts_at,
                                m.cadre.full_name))  # fmt: skip
    totals: dict[str, float] = defaultdict(float)
    units_out = []
    missing_by_unit: dict[int, int] = defaultdict(int)
    for meeting, _cadre in missing_rows:
        missing_by_unit[meeting.unit_id] += 1
    for row in by_unit.values():
        for key, value in row.sums.items():
            totals[key] += value
    for uid, count in missing_by_unit.items():
        by_unit.setdefault(uid, _UnitSums(_unit_name(missing_rows, uid))).missing = count
    for row in by_unit.values():
        expected = row.received + row.missing
        units_out.append(UnitFigures(row.name, expected, row.received, int(row.sums["meets"]),
                                     int(row.sums["below"]), row.missing))  # fmt: skip
    units_out.sort(key=lambda u: unit_sort_key(u.name))
    total_missing = sum(missing_by_unit.values())
    received = int(totals["received"])
    held_attendance = totals["attendance_n"]
    held_duration = totals["duration_n"]
    criteria = [
        CriterionCount(cid, name, int(totals[f"c:{cid}"]))
        for cid, name in rubric.criteria
        if totals[f"c:{cid}"] > 0
    ]
    order = {cid: n for n, (cid, _name) in enumerate(rubric.criteria)}
    criteria.sort(key=lambda c: (-c.count, order[c.id]))
    return Figures(
        period=period,
        meetings=meeting_counts[0],
        meetings_cancelled=meeting_counts[1],
        meetings_postponed=len(postponed | meeting_counts[2]),
        expected=received + total_missing,
        on_time=int(totals["on_time"]),
        late=received - int(totals["on_time"]),
        missing=tuple(missing),
        held=int(totals["held"]),
        not_attended=int(totals["absent"]),
        cancelled_reports=int(totals["cancelled"]),
        meets=int(totals["meets"]),
        below=int(totals["below"]),
        grades=tuple((label, int(totals[f"g:{label}"])) for label in rubric.grades),
        attendance_avg=totals["attendance"] / held_attendance if held_attendance else None,
        duration_avg=totals["duration"] / held_duration if held_duration else None,
        criteria_failures=tuple(criteria),
        proposals=tuple(proposals),
        returned=int(totals["returned"]),
        amended=int(totals["amended"]),
        units=tuple(units_out),
    )


def _unit_name(rows: Sequence[tuple[MeetingRow, CadreRef]], unit_id: int) -> str:
    return next(meeting.unit_name for meeting, _ in rows if meeting.unit_id == unit_id)


async def _report_sums(
    conn: AsyncConnection, in_period: Any, rubric: RubricInfo, unit_id: int | None
) -> dict[int, _UnitSums]:
    held = reports.c.outcome == "held"
    ratio, minutes = reports.c.attendance_ratio, reports.c.duration_minutes
    columns: dict[str, Any] = {
        "received": func.count(),
        "on_time": _count_if(reports.c.late.is_(False)),
        "held": _count_if(held),
        "meets": _count_if(and_(held, reports.c.meets_standard.is_(True))),
        "below": _count_if(and_(held, reports.c.meets_standard.is_(False))),
        "absent": _count_if(reports.c.outcome == "absent"),
        "cancelled": _count_if(reports.c.outcome == "cancelled"),
        "returned": _count_if(reports.c.review_state == "returned"),
        "amended": _count_if(reports.c.review_state == "amended"),
        "attendance": func.sum(case((and_(held, ratio.is_not(None)), ratio), else_=0.0)),
        "attendance_n": _count_if(and_(held, ratio.is_not(None))),
        "duration": func.sum(case((and_(held, minutes.is_not(None)), minutes), else_=0)),
        "duration_n": _count_if(and_(held, minutes.is_not(None))),
    }
    for label in rubric.grades:
        columns[f"g:{label}"] = _count_if(and_(held, reports.c.grade == label))
    for cid, _name in rubric.criteria:
        failing = reports.c.failing_criteria.like(_like_id(cid), escape="\\")
        columns[f"c:{cid}"] = _count_if(and_(held, failing))
    labelled = [value.label(f"v{n}") for n, value in enumerate(columns.values())]
    query = (
        select(cells.c.unit_id, units.c.name, *labelled)
        .select_from(
            reports.join(meetings, meetings.c.id == reports.c.meeting_id)
            .join(cells, cells.c.id == meetings.c.cell_id)
            .join(units, units.c.id == cells.c.unit_id)
        )
        .where(in_period)
        .group_by(cells.c.unit_id, units.c.name)
    )
    if unit_id is not None:
        query = query.where(cells.c.unit_id == unit_id)
    found: dict[int, _UnitSums] = {}
    for row in (await conn.execute(query)).all():
        sums = _UnitSums(row.name)
        for n, key in enumerate(columns):
            sums.sums[key] = float(row._mapping[f"v{n}"] or 0)
        sums.received = int(sums.sums["received"])
        found[row.unit_id] = sums
    return found


async def _missing(
    conn: AsyncConnection,
    period: Period,
    in_period: Any,
    tz: ZoneInfo,
    unit_id: int | None,
) -> list[tuple[MeetingRow, CadreRef]]:
    """Every (meeting, cadre) still owing a report: active cadres assigned to the cell on the
    meeting's local day, no report yet. Assignments covering the whole period are matched in
    SQL; those starting or ending inside it are checked day by day here."""
    reported = exists().where(reports.c.meeting_id == meetings.c.id,
                              reports.c.cadre_id == assignments.c.cadre_id)  # fmt: skip
    covers_period = and_(
        or_(assignments.c.starts_on.is_(None), assignments.c.starts_on <= period.start),
        or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= period.last_day),
    )
    query = (
        select(meetings.c.id, meetings.c.cell_id, cells.c.name.label("cell_name"),
               cells.c.unit_id, units.c.name.label("unit_name"), cells.c.member_count,
               meetings.c.starts_at, meetings.c.status, cadres.c.id.label("cadre_id"),
               cadres.c.full_name, cadres.c.phone, cadres.c.telegram_user_id,
               assignments.c.starts_on, assignments.c.ends_on,
               covers_period.label("covers"))
        .select_from(
            meetings.join(assignments, assignments.c.cell_id == meetings.c.cell_id)
            .join(cadres, cadres.c.id == assignments.c.cadre_id)
            .join(cells, cells.c.id == meetings.c.cell_id)
            .join(units, units.c.id == cells.c.unit_id)
        )
        .where(in_period, meetings.c.status.in_(sorted(LIVE_STATUSES)),
               cadres.c.active.is_(True), ~reported)
    )  # fmt: skip
    if unit_id is not None:
        query = query.where(cells.c.unit_id == unit_id)
    found = []
    for row in (await conn.execute(query)).all():
        if not row.covers:
            day = row.starts_at.astimezone(tz).date()
            if (row.starts_on is not None and row.starts_on > day) or (
                row.ends_on is not None and row.ends_on < day
            ):
                continue
        meeting = MeetingRow(row.id, row.cell_id, row.cell_name, row.unit_id, row.unit_name,
                             row.member_count, row.starts_at, row.status)  # fmt: skip
        cadre = CadreRef(row.cadre_id, row.full_name, row.phone, row.telegram_user_id)
        found.append((meeting, cadre))
    return found


async def _meeting_counts(
    conn: AsyncConnection, in_period: Any, unit_id: int | None
) -> tuple[int, int, frozenset[int]]:
    """Meetings started, those not held (cancelled, or a report says so), those with the
    schema's «postponed» status."""
    not_held = exists().where(reports.c.meeting_id == meetings.c.id,
                              reports.c.outcome == "cancelled")  # fmt: skip
    query = select(
        func.count(),
        _count_if(or_(meetings.c.status == "cancelled", not_held)),
    ).where(in_period)
    postponed_query = select(meetings.c.id).where(in_period, meetings.c.status == "postponed")
    if unit_id is not None:
        mine = select(cells.c.id).where(cells.c.unit_id == unit_id)
        query = query.where(meetings.c.cell_id.in_(mine))
        postponed_query = postponed_query.where(meetings.c.cell_id.in_(mine))
    total, cancelled = (await conn.execute(query)).one()
    postponed = frozenset(row.id for row in (await conn.execute(postponed_query)).all())
    return int(total or 0), int(cancelled or 0), postponed


async def _proposals(conn: AsyncConnection, in_period: Any, unit_id: int | None) -> list[Proposal]:
    query = (
        select(cells.c.name.label("cell_name"), units.c.name.label("unit_name"),
               reports.c.receipt_no, reports.c.proposals)
        .select_from(
            reports.join(meetings, meetings.c.id == reports.c.meeting_id)
            .join(cells, cells.c.id == meetings.c.cell_id)
            .join(units, units.c.id == cells.c.unit_id)
        )
        .where(in_period, reports.c.outcome == "held", reports.c.proposals.is_not(None))
    )  # fmt: skip
    if unit_id is not None:
        query = query.where(cells.c.unit_id == unit_id)
    found = [
        Proposal(row.cell_name, row.unit_name, row.receipt_no, row.proposals)
        for row in (await conn.execute(query)).all()
    ]
    found.sort(key=lambda p: (unit_sort_key(p.unit_name), unit_sort_key(p.cell_name), p.receipt_no))
    return found
