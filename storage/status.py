"""Counts for `bot.py status`: read only, one snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from storage.db import Database
from storage.tables import (
    assignments,
    audit_log,
    cadres,
    conversations,
    meetings,
    outbox,
    reports,
)


@dataclass(frozen=True)
class StatusCounts:
    active_cadres: int
    linked: dict[str, int]  # messenger → active cadres linked on it
    meetings_by_status: dict[str, int]  # meetings starting in [start, end)
    reports_awaiting: int
    reports_returned: int
    outbox_by_status: dict[str, int]
    next_message_due: datetime | None
    last_user_activity: datetime | None


async def read_status(
    db: Database,
    *,
    month_start: datetime,
    month_end: datetime,
    window_start: datetime,
    now: datetime,
) -> StatusCounts:
    """`month_*` bound the meetings counted; reports are awaited for meetings that started in
    [window_start, now] (the reporting window), not cancelled, from each cadre assigned."""
    active = cadres.c.active.is_(True)
    async with db.read() as conn:
        active_cadres = (await conn.execute(select(func.count()).where(active))).scalar_one()
        linked = {
            name: (
                await conn.execute(select(func.count()).where(active, column.is_not(None)))
            ).scalar_one()
            for name, column in (
                ("telegram", cadres.c.telegram_user_id),
                ("zalo", cadres.c.zalo_user_id),
            )
        }
        by_status: dict[str, int] = dict(
            (
                await conn.execute(
                    select(meetings.c.status, func.count())
                    .where(meetings.c.starts_at >= month_start, meetings.c.starts_at < month_end)
                    .group_by(meetings.c.status)
                )
            ).all()
        )
        awaiting = int((await conn.execute(_awaiting_query(window_start, now))).scalar_one())
        returned = (
            await conn.execute(select(func.count()).where(reports.c.review_state == "returned"))
        ).scalar_one()
        outbox_counts: dict[str, int] = dict(
            (
                await conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            ).all()
        )
        next_due = (
            await conn.execute(
                select(func.min(outbox.c.due_at)).where(outbox.c.status == "pending")
            )
        ).scalar()
        last_answer = (await conn.execute(select(func.max(conversations.c.updated_at)))).scalar()
        last_seen = (
            await conn.execute(
                select(func.max(audit_log.c.at)).where(
                    or_(audit_log.c.actor.like("telegram:%"), audit_log.c.actor.like("zalo:%"))
                )
            )
        ).scalar()
    moments = [m for m in (last_answer, last_seen) if m is not None]
    return StatusCounts(
        active_cadres=active_cadres,
        linked=linked,
        meetings_by_status=by_status,
        reports_awaiting=awaiting,
        reports_returned=returned,
        outbox_by_status=outbox_counts,
        next_message_due=next_due,
        last_user_activity=max(moments, default=None),
    )


def _awaiting_query(window_start: datetime, now: datetime) -> Select[Any]:
    """(meeting, cadre) pairs owed a report. The assignment's dates are compared with the
    meeting's UTC start, close enough for a count (the digests do it to the local day)."""
    reported = (
        select(reports.c.id)
        .where(reports.c.meeting_id == meetings.c.id, reports.c.cadre_id == cadres.c.id)
        .exists()
    )
    return (
        select(func.count())
        .select_from(meetings)
        .join(assignments, assignments.c.cell_id == meetings.c.cell_id)
        .join(cadres, cadres.c.id == assignments.c.cadre_id)
        .where(
            cadres.c.active.is_(True),
            meetings.c.status.in_(["planned", "held"]),
            meetings.c.starts_at >= window_start,
            meetings.c.starts_at <= now,
            and_(
                or_(assignments.c.starts_on.is_(None), assignments.c.starts_on <= now.date()),
                or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= window_start.date()),
            ),
            ~reported,
        )
    )
