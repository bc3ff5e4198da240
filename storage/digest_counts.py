"""Digest counts computed by the database: `GROUP BY` over the reports' stored verdicts and
an anti-join for the reports still missing, so the cost does not grow with Python work per
report.

Who owes a report follows `bot.digest.aggregate.match_expectations`: every active cadre
assigned to the cell on the meeting's local day, for meetings that are planned or held. An
assignment that covers the whole span asked about is matched in SQL; the few whose first or
last day falls inside it are checked day by day in Python (local days need the time zone,
and the queries use no SQL date functions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.digest.aggregate import LIVE_STATUSES
from bot.digest.periods import Period
from storage.db import Database
from storage.tables import assignments, cadres, cells, meetings, reports


@dataclass(frozen=True)
class PeriodCounts:
    """The figures of one period that a trend needs."""

    period: Period
    expected: int
    received: int
    on_time: int
    meets: int
    below: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    @property
    def meets_rate(self) -> float | None:
        rated = self.meets + self.below
        return self.meets / rated if rated else None


def _bucket(periods: Sequence[Period], tz: ZoneInfo) -> Any:
    """Which of `periods` (consecutive, oldest first) a meeting starts in, as a SQL CASE."""
    whens = [(meetings.c.starts_at < period.bounds(tz)[1], index)
             for index, period in enumerate(periods)]  # fmt: skip
    return case(*whens, else_=literal(len(periods)))


def _span(periods: Sequence[Period], tz: ZoneInfo, now: datetime) -> Any:
    start, _ = periods[0].bounds(tz)
    _, end = periods[-1].bounds(tz)
    return and_(meetings.c.starts_at >= start, meetings.c.starts_at < end,
                meetings.c.starts_at <= now)  # fmt: skip


def _as_int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


async def period_counts(
    db: Database,
    periods: Sequence[Period],
    *,
    tz: ZoneInfo,
    now: datetime,
    unit_id: int | None = None,
) -> list[PeriodCounts]:
    """Counts for each of `periods` (consecutive, oldest first), from a few grouped queries."""
    bucket = _bucket(periods, tz).label("bucket")
    span = _span(periods, tz, now)
    not_late = case((reports.c.late.is_(False), 1), else_=0)
    held = reports.c.outcome == "held"
    meets = case((and_(held, reports.c.meets_standard.is_(True)), 1), else_=0)
    below = case((and_(held, reports.c.meets_standard.is_(False)), 1), else_=0)
    report_query = (
        select(bucket, func.count().label("received"), func.sum(not_late).label("on_time"),
               func.sum(meets).label("meets"), func.sum(below).label("below"))
        .select_from(reports.join(meetings, meetings.c.id == reports.c.meeting_id))
        .where(span)
        .group_by(bucket)
    )  # fmt: skip
    if unit_id is not None:
        report_query = report_query.join(cells, cells.c.id == meetings.c.cell_id).where(
            cells.c.unit_id == unit_id
        )
    async with db.read() as conn:
        by_bucket = {row.bucket: row for row in (await conn.execute(report_query)).all()}
        missing = await _missing_counts(conn, periods, tz=tz, now=now, unit_id=unit_id)
    found = []
    for index, period in enumerate(periods):
        row = by_bucket.get(index)
        received = _as_int(row.received) if row else 0
        found.append(PeriodCounts(
            period=period, expected=received + missing[index], received=received,
            on_time=_as_int(row.on_time) if row else 0, meets=_as_int(row.meets) if row else 0,
            below=_as_int(row.below) if row else 0,
        ))  # fmt: skip
    return found


def _owed(periods: Sequence[Period], tz: ZoneInfo, now: datetime, unit_id: int | None) -> Any:
    """Meetings × active assigned cadres with no report yet, over the whole span."""
    reported = exists().where(reports.c.meeting_id == meetings.c.id,
                              reports.c.cadre_id == assignments.c.cadre_id)  # fmt: skip
    query = (
        select(meetings.c.id)
        .select_from(
            meetings.join(assignments, assignments.c.cell_id == meetings.c.cell_id)
            .join(cadres, cadres.c.id == assignments.c.cadre_id)
        )
        .where(_span(periods, tz, now), meetings.c.status.in_(sorted(LIVE_STATUSES)),
               cadres.c.active.is_(True), ~reported)
    )  # fmt: skip
    if unit_id is not None:
        query = query.join(cells, cells.c.id == meetings.c.cell_id).where(
            cells.c.unit_id == unit_id
        )
    return query


async def _missing_counts(
    conn: AsyncConnection,
    periods: Sequence[Period],
    *,
    tz: ZoneInfo,
    now: datetime,
    unit_id: int | None,
) -> list[int]:
    first, last = periods[0].start, periods[-1].last_day
    covers_all = and_(
        or_(assignments.c.starts_on.is_(None), assignments.c.starts_on <= first),
        or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= last),
    )
    bucket = _bucket(periods, tz).label("bucket")
    owed = _owed(periods, tz, now, unit_id)
    whole = (
        owed.with_only_columns(bucket, func.count().label("missing"))
        .where(covers_all)
        .group_by(bucket)
    )
    counts = [0] * (len(periods) + 1)
    for row in (await conn.execute(whole)).all():
        counts[row.bucket] += _as_int(row.missing)
    partial = owed.with_only_columns(
        bucket, meetings.c.starts_at, assignments.c.starts_on, assignments.c.ends_on
    ).where(~covers_all)
    for row in (await conn.execute(partial)).all():
        if _covers(row.starts_on, row.ends_on, row.starts_at.astimezone(tz).date()):
            counts[row.bucket] += 1
    return counts[: len(periods)]


def _covers(starts_on: date | None, ends_on: date | None, day: date) -> bool:
    return (starts_on is None or starts_on <= day) and (ends_on is None or ends_on >= day)
