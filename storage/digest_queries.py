"""What the digests read: a period's meetings, the assignments behind them, their reports.

Bounds are UTC moments computed in Python from local days; no SQL date functions, so the
queries run unchanged on SQLite and PostgreSQL. The matching of meetings to cadres happens in
`bot.digest.aggregate` (it needs each meeting's local date).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.digest.aggregate import (
    AssignmentRow,
    CadreRef,
    MeetingRow,
    MoveRow,
    PeriodData,
    ReportRow,
    VerdictRow,
    match_expectations,
    postponed_meetings,
)
from bot.digest.periods import Period
from storage.db import Database
from storage.tables import (
    assignments,
    audit_log,
    cadres,
    cells,
    meetings,
    outbox,
    report_revisions,
    reports,
    units,
)

# A meeting is moved while it is planned, and meetings are planned at most 366 days ahead
# (PLANNING_HORIZON_DAYS): a move from a start in a period is recorded no earlier than this
# before the period begins.
MOVE_LOOKBACK = timedelta(days=367)


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str


async def is_queued(conn_or_db: Database | AsyncConnection, key: str) -> bool:
    """Whether an outbox row with this key exists (in any state)."""
    query = select(outbox.c.id).where(outbox.c.idempotency_key == key)
    if isinstance(conn_or_db, Database):
        async with conn_or_db.read() as conn:
            return (await conn.execute(query)).first() is not None
    return (await conn_or_db.execute(query)).first() is not None


async def list_units(db: Database) -> list[UnitRef]:
    async with db.read() as conn:
        rows = (await conn.execute(select(units.c.id, units.c.name).order_by(units.c.name))).all()
    return [UnitRef(row.id, row.name) for row in rows]


def _in_period(period: Period, tz: ZoneInfo, now: datetime) -> Any:
    start, end = period.bounds(tz)
    return and_(meetings.c.starts_at >= start, meetings.c.starts_at < end,
                meetings.c.starts_at <= now)  # fmt: skip


def _cadre(row: Any, prefix: str = "") -> CadreRef:
    return CadreRef(
        id=row._mapping[f"{prefix}cadre_id"],
        full_name=row._mapping[f"{prefix}full_name"],
        phone=row._mapping[f"{prefix}phone"],
        telegram_user_id=row._mapping[f"{prefix}telegram_user_id"],
    )


async def load_period(
    db: Database,
    period: Period,
    *,
    tz: ZoneInfo,
    now: datetime,
    unit_id: int | None = None,
    cadre_id: int | None = None,
    with_answers: bool = True,
) -> PeriodData:
    """Every started meeting of the period, the cadres owing reports on them, the reports
    (optionally one unit's, or only what concerns one cadre); without the answers when only
    counts are wanted (the previous period), which spares reading and parsing them."""
    in_period = _in_period(period, tz, now)
    meeting_query = (
        select(meetings.c.id, meetings.c.cell_id, cells.c.name.label("cell_name"),
               units.c.id.label("unit_id"), units.c.name.label("unit_name"),
               cells.c.member_count, meetings.c.starts_at, meetings.c.status)
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
        .where(in_period)
        .order_by(meetings.c.starts_at, meetings.c.id)
    )  # fmt: skip
    period_cells = select(meetings.c.cell_id).where(in_period)
    assignment_query = (
        select(assignments.c.cell_id, assignments.c.starts_on, assignments.c.ends_on,
               cadres.c.id.label("cadre_id"), cadres.c.full_name, cadres.c.phone,
               cadres.c.telegram_user_id)
        .join(cadres, cadres.c.id == assignments.c.cadre_id)
        .where(cadres.c.active.is_(True), assignments.c.cell_id.in_(period_cells))
        .order_by(assignments.c.cell_id, cadres.c.full_name, cadres.c.id)
    )  # fmt: skip
    report_query = _report_query(with_answers).where(in_period)
    meeting_query = _scoped(meeting_query, unit_id, cadre_id)
    if unit_id is not None:
        report_query = report_query.where(cells.c.unit_id == unit_id)
    if cadre_id is not None:
        assignment_query = assignment_query.where(assignments.c.cadre_id == cadre_id)
        report_query = report_query.where(reports.c.cadre_id == cadre_id)
    async with db.read() as conn:
        meeting_rows = [MeetingRow(**row._mapping) for row in await _all(conn, meeting_query)]
        assignment_rows = [
            AssignmentRow(row.cell_id, _cadre(row), row.starts_on, row.ends_on)
            for row in await _all(conn, assignment_query)
        ]
        report_rows = [_report(row) for row in await _all(conn, report_query)]
        postponed = await postponed_in(conn, period, tz=tz, now=now, unit_id=unit_id,
                                       cadre_id=cadre_id)  # fmt: skip
    return PeriodData(
        period=period,
        meetings=tuple(meeting_rows),
        expectations=match_expectations(meeting_rows, assignment_rows, report_rows, tz),
        postponed=postponed,
    )


def _scoped(query: Any, unit_id: int | None, cadre_id: int | None) -> Any:
    """A query over meetings joined to their cells, narrowed to one unit's meetings, or to the
    meetings of one cadre's cells and those the cadre reported on."""
    if unit_id is not None:
        query = query.where(cells.c.unit_id == unit_id)
    if cadre_id is not None:
        mine = select(assignments.c.cell_id).where(assignments.c.cadre_id == cadre_id)
        reported = select(reports.c.meeting_id).where(reports.c.cadre_id == cadre_id)
        query = query.where(or_(meetings.c.cell_id.in_(mine), meetings.c.id.in_(reported)))
    return query


async def postponed_in(
    conn: AsyncConnection,
    period: Period,
    *,
    tz: ZoneInfo,
    now: datetime,
    unit_id: int | None,
    cadre_id: int | None = None,
) -> frozenset[int]:
    """The meetings postponed in the period (see `postponed_meetings`). A move keeps the
    meeting's row and records the old and new start only in the audit log: its rows are read
    by action and time, and their JSON detail parsed here (no JSON functions in SQL)."""
    start, end = period.bounds(tz)
    query = select(audit_log.c.at, audit_log.c.detail).where(
        audit_log.c.action == "meeting_moved",
        audit_log.c.at >= start - MOVE_LOOKBACK,
        audit_log.c.at <= now,
    )
    moves = [move for row in await _all(conn, query) if (move := _move(row.at, row.detail))]
    ids = postponed_meetings(moves, start, end, now=now, tz=tz)
    if not ids:
        return ids
    existing = _scoped(
        select(meetings.c.id)
        .join(cells, cells.c.id == meetings.c.cell_id)
        .where(meetings.c.id.in_(sorted(ids))),
        unit_id,
        cadre_id,
    )
    return frozenset(row.id for row in await _all(conn, existing))


def _move(at: datetime, detail: str) -> MoveRow | None:
    """A `meeting_moved` audit row as a move; None if its detail lacks what is needed."""
    try:
        data = json.loads(detail)
        return MoveRow(
            meeting_id=int(data["meeting_id"]),
            at=at,
            old_starts_at=_aware(datetime.fromisoformat(data["old_starts_at"])),
            new_starts_at=_aware(datetime.fromisoformat(data["new_starts_at"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def _all(conn: AsyncConnection, query: Any) -> Sequence[Any]:
    return (await conn.execute(query)).all()


def _report_query(with_answers: bool) -> Any:
    query = (
        select(reports.c.id, reports.c.meeting_id, reports.c.receipt_no, reports.c.outcome,
               reports.c.review_state, reports.c.revision, reports.c.late,
               reports.c.meets_standard, reports.c.failing_criteria, reports.c.score,
               reports.c.grade, reports.c.attendance_ratio, reports.c.duration_minutes,
               reports.c.reasons, reports.c.submitted_at, cadres.c.id.label("cadre_id"),
               cadres.c.full_name,
               cadres.c.phone, cadres.c.telegram_user_id)
        .join(meetings, meetings.c.id == reports.c.meeting_id)
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(cadres, cadres.c.id == reports.c.cadre_id)
        .order_by(reports.c.id)
    )  # fmt: skip
    if not with_answers:
        return query
    latest = and_(report_revisions.c.report_id == reports.c.id,
                  report_revisions.c.revision == reports.c.revision)  # fmt: skip
    return query.add_columns(report_revisions.c.answers).join(report_revisions, latest)


def _report(row: Any) -> ReportRow:
    return ReportRow(
        id=row.id,
        meeting_id=row.meeting_id,
        cadre=_cadre(row),
        receipt_no=row.receipt_no,
        outcome=row.outcome,
        review_state=row.review_state,
        revision=row.revision,
        late=bool(row.late),
        meets_standard=row.meets_standard,
        failing_criteria=tuple(json.loads(row.failing_criteria)),
        score=row.score,
        grade=row.grade,
        attendance_ratio=row.attendance_ratio,
        duration_minutes=row.duration_minutes,
        submitted_at=row.submitted_at,
        answers=json.loads(row.answers) if "answers" in row._fields else {},
        reasons=tuple(json.loads(row.reasons)) if row.reasons else (),
    )


async def verdict_rows(
    db: Database,
    months: Sequence[Period],
    *,
    tz: ZoneInfo,
    now: datetime,
    unit_id: int | None = None,
) -> list[VerdictRow]:
    """Verdicts of held meetings over `months` (oldest first) of the cells below standard in
    the month before the last — every run of two months or more that ends with the last month
    (or with the one before, while the last has no verdict yet) includes it: their «below»
    verdicts, and all of the last month (whether it has a verdict decides where the run
    ends; a month without a «below» verdict breaks it either way). Far fewer rows than all."""
    start, _ = months[0].bounds(tz)
    recent, end = months[-1].bounds(tz)
    before_last, _ = months[-2].bounds(tz) if len(months) > 1 else (recent, end)
    candidates = (
        select(meetings.c.cell_id)
        .join(reports, reports.c.meeting_id == meetings.c.id)
        .where(reports.c.outcome == "held", reports.c.meets_standard.is_(False),
               meetings.c.starts_at >= before_last, meetings.c.starts_at < recent,
               meetings.c.starts_at <= now)
    )  # fmt: skip
    query = (
        select(meetings.c.cell_id, cells.c.name.label("cell_name"),
               units.c.name.label("unit_name"), meetings.c.starts_at, reports.c.meets_standard)
        .join(meetings, meetings.c.id == reports.c.meeting_id)
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
        .where(
            reports.c.outcome == "held",
            reports.c.meets_standard.is_not(None),
            meetings.c.starts_at >= start,
            meetings.c.starts_at < end,
            meetings.c.starts_at <= now,
            or_(reports.c.meets_standard.is_(False), meetings.c.starts_at >= recent),
            meetings.c.cell_id.in_(candidates),
        )
    )  # fmt: skip
    if unit_id is not None:
        query = query.where(cells.c.unit_id == unit_id)
    async with db.read() as conn:
        rows = await _all(conn, query)
    return [
        VerdictRow(row.cell_id, row.cell_name, row.unit_name, row.starts_at,
                   bool(row.meets_standard))
        for row in rows
    ]  # fmt: skip
