"""What the organising office looks up about meetings: the list of a period, a meeting named by
its nominal or actual date, the nearest one, and who is assigned to it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.planning import local_date
from storage.db import Database
from storage.meetings import MeetingInfo, _day_bounds, _execute, _info, _info_query, find_meeting_on
from storage.tables import assignments, cadres, meetings, reports


@dataclass(frozen=True)
class AssignedCadre:
    id: int
    full_name: str
    telegram_user_id: int | None


@dataclass(frozen=True)
class MeetingOverview:
    meeting: MeetingInfo
    assigned: tuple[AssignedCadre, ...]
    reports: int


async def list_meetings(
    db: Database,
    *,
    start: date,
    end: date,
    tz: ZoneInfo,
    cell_ids: Collection[int] | None = None,
    statuses: Collection[str] | None = None,
) -> list[MeetingOverview]:
    """Meetings starting on local days [start, end], by start, with the cadres assigned on each
    meeting's day and the number of reports received."""
    report_count = (
        select(func.count()).where(reports.c.meeting_id == meetings.c.id).scalar_subquery()
    )
    query = (
        _info_query()
        .add_columns(report_count.label("report_count"))
        .where(meetings.c.starts_at >= _day_bounds(start, tz)[0])
        .where(meetings.c.starts_at < _day_bounds(end, tz)[1])
        .order_by(meetings.c.starts_at, meetings.c.id)
    )
    if cell_ids is not None:
        query = query.where(meetings.c.cell_id.in_(list(cell_ids)))
    if statuses:
        query = query.where(meetings.c.status.in_(list(statuses)))
    async with db.read() as conn:
        rows = (await conn.execute(query)).all()
        found = []
        for row in rows:
            info = _info(row)
            assigned = await assigned_cadres(conn, info.cell_id, local_date(info.starts_at, tz))
            found.append(MeetingOverview(info, tuple(assigned), int(row.report_count)))
    return found


async def assigned_cadres(conn: AsyncConnection, cell_id: int, day: date) -> list[AssignedCadre]:
    """Active cadres whose assignment to the cell covers that day, by name."""
    query = (
        select(cadres.c.id, cadres.c.full_name, cadres.c.telegram_user_id)
        .join(assignments, assignments.c.cadre_id == cadres.c.id)
        .where(assignments.c.cell_id == cell_id, cadres.c.active.is_(True))
        .where(or_(assignments.c.starts_on.is_(None), assignments.c.starts_on <= day))
        .where(or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= day))
        .order_by(cadres.c.full_name, cadres.c.id)
    )
    return [AssignedCadre(**row) for row in (await conn.execute(query)).mappings().all()]


async def find_meeting(
    conn_or_db: Database | AsyncConnection, cell_id: int, day: date, tz: ZoneInfo
) -> MeetingInfo | None:
    """The cell's meeting on that day: the day it takes place, or else the day its rule gives
    (people quote the 5th even when a holiday moved the meeting to the 6th)."""
    found = await find_meeting_on(conn_or_db, cell_id, day, tz)
    if found is not None:
        return found
    query = _info_query().where(meetings.c.cell_id == cell_id, meetings.c.rule_date == day)
    row = (await _execute(conn_or_db, query)).first()
    return _info(row) if row else None


async def nearest_meeting(
    conn_or_db: Database | AsyncConnection, cell_id: int, moment: datetime
) -> MeetingInfo | None:
    """The cell's meeting starting closest to `moment`, before or after: a hint for a typo."""
    before = (
        _info_query()
        .where(meetings.c.cell_id == cell_id, meetings.c.starts_at < moment)
        .order_by(meetings.c.starts_at.desc())
        .limit(1)
    )
    after = (
        _info_query()
        .where(meetings.c.cell_id == cell_id, meetings.c.starts_at >= moment)
        .order_by(meetings.c.starts_at)
        .limit(1)
    )
    candidates = [
        _info(row) for query in (before, after) for row in (await _execute(conn_or_db, query)).all()
    ]
    return min(candidates, key=lambda m: abs(m.starts_at - moment), default=None)
