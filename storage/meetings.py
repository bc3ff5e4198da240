"""Meetings: planning them from the cells' rules, looking them up, moving and cancelling them.

Time comparisons use UTC bounds computed in Python (no SQL date functions), so the same
queries run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, exists, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.calendar import DaysOff
from bot.meeting_rules import HolidayShift, MeetingRule
from bot.planning import (
    CellSchedule,
    ExistingMeeting,
    MeetingChange,
    NewMeeting,
    already_held,
    local_date,
    plan,
)
from storage import audit, calendar_exceptions, portable
from storage import outbox as outbox_store
from storage.db import Database
from storage.tables import assignments, cells, meetings, reports, units

# The settings' default time zone; callers that know the deployment's pass `tz` explicitly.
DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# Rows written per planning transaction: about 7 ms each on SQLite, 23 ms at worst on a busy
# machine (bench/planning_scale.py), well below the 100 ms other writers may wait for the lock.
PLAN_WRITE_CHUNK = 250
PLAN_MIN_PAUSE_SECONDS = 0.005
PLAN_READ_PAGE = 2000
_T = TypeVar("_T")


@dataclass(frozen=True)
class MovedMeeting:
    """A planned meeting the planner gave a new start (a rule or the days off changed)."""

    cell_name: str
    unit_name: str
    old_starts_at: datetime
    new_starts_at: datetime


@dataclass(frozen=True)
class PlanResult:
    added: int
    updated: int
    moved: tuple[MovedMeeting, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    cell_id: int
    cell_name: str
    unit_name: str
    member_count: int
    starts_at: datetime
    place: str | None
    status: str
    rule_date: date
    changed_manually: bool
    has_committee: bool | None = None  # the cell's roster says whether it has a chi ủy


@dataclass(frozen=True)
class CellRef:
    id: int
    name: str
    unit_name: str


def _info_query() -> Select[Any]:
    return (
        select(
            meetings.c.id,
            meetings.c.cell_id,
            cells.c.name.label("cell_name"),
            units.c.name.label("unit_name"),
            cells.c.member_count,
            meetings.c.starts_at,
            meetings.c.place,
            meetings.c.status,
            meetings.c.rule_date,
            meetings.c.changed_manually,
            cells.c.has_committee,
        )
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
    )


def _info(row: Any) -> MeetingInfo:
    mapping = row._mapping
    return MeetingInfo(**{name: mapping[name] for name in MeetingInfo.__dataclass_fields__})


def _day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC moments at which a local day starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


# --- planning -------------------------------------------------------------------------------


async def plan_ahead(
    db: Database,
    *,
    now: datetime,
    tz: ZoneInfo,
    horizon_days: int,
    cell_ids: Collection[int] | None = None,
    past_days: int = 0,
) -> PlanResult:
    """Plan from today with the days off as they stand now: admins edit them at any time.
    With `past_days`, also record the meetings of that many past days the bot never knew."""
    days_off = await calendar_exceptions.load_days_off(db)
    today = local_date(now, tz)
    result = await plan_meetings(
        db,
        today=today,
        horizon_days=horizon_days,
        days_off=days_off,
        tz=tz,
        now=now,
        cell_ids=cell_ids,
    )
    if past_days:
        await record_past_meetings(
            db, today=today, window_days=past_days, days_off=days_off, tz=tz, now=now
        )
    return result


async def record_past_meetings(
    db: Database, *, today: date, window_days: int, days_off: DaysOff, tz: ZoneInfo, now: datetime
) -> int:
    """Record the meetings of the reporting window that took place before the bot knew them,
    as held and awaiting a report; how many were added."""
    since = today - timedelta(days=window_days + 31)  # a month's meeting may precede its day
    existing = select(
        meetings, exists().where(reports.c.meeting_id == meetings.c.id).label("has_report")
    ).where(meetings.c.rule_date >= since)
    async with db.transaction() as conn:
        cell_rows = (await conn.execute(select(cells))).mappings().all()
        meeting_rows = (await conn.execute(existing)).mappings().all()
        found = already_held(
            [_schedule(row) for row in cell_rows],
            [_existing(row) for row in meeting_rows],
            days_off=days_off, tz=tz, today=today, window_days=window_days,
        )  # fmt: skip
        added = 0
        for new in found:
            statement = (
                portable.insert(conn, meetings)
                .values(cell_id=new.cell_id, rule_date=new.rule_date, starts_at=new.starts_at,
                        place=new.place, status="held", changed_manually=False, created_at=now)
                .on_conflict_do_nothing(index_elements=["cell_id", "rule_date"])
            )  # fmt: skip
            added += (await conn.execute(statement)).rowcount
    return added


async def plan_meetings(
    db: Database,
    *,
    today: date,
    horizon_days: int,
    days_off: DaysOff,
    tz: ZoneInfo,
    now: datetime,
    cell_ids: Collection[int] | None = None,
) -> PlanResult:
    """Create and re-time planned meetings up to `horizon_days` ahead (all cells, or some).

    The plan is computed from one read snapshot, then written in chunks of short
    transactions, so a large roster never holds the write lock long enough to starve the
    sender or a cadre's answer (issue: 600k meetings once held it for minutes)."""
    # A `trước` shift can pull a month's meeting back into the month before, so read from the
    # first day of last month: every meeting the planner may need to see has a later rule date.
    since = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    cell_query = select(cells, units.c.name.label("unit_name")).join(
        units, units.c.id == cells.c.unit_id
    )
    meeting_query = select(
        meetings,
        exists().where(reports.c.meeting_id == meetings.c.id).label("has_report"),
    ).where(meetings.c.rule_date >= since)
    if cell_ids is not None:
        cell_query = cell_query.where(cells.c.id.in_(list(cell_ids)))
        meeting_query = meeting_query.where(meetings.c.cell_id.in_(list(cell_ids)))
    async with db.read() as conn:  # one snapshot, read in pages
        cell_rows = await _read_in_pages(conn, cell_query, cells.c.id)
        meeting_rows = await _read_in_pages(conn, meeting_query, meetings.c.id)
    # Seconds of pure computation for a large roster: in a thread, so the bot's event loop
    # (the sender, the answers) keeps running meanwhile.
    result = await asyncio.to_thread(
        lambda: plan(
            [_schedule(row) for row in cell_rows],
            [_existing(row) for row in meeting_rows],
            days_off=days_off,
            tz=tz,
            today=today,
            horizon_days=horizon_days,
        )
    )
    added = 0
    breather = _Breather()
    for chunk in _chunks(result.to_insert, PLAN_WRITE_CHUNK):
        async with breather, db.transaction() as conn:
            added += await _insert_planned(conn, chunk, now)
    applied: list[MeetingChange] = []
    for change_chunk in _chunks(result.to_update, PLAN_WRITE_CHUNK):
        async with breather, db.transaction() as conn:
            applied += await _apply_changes(conn, change_chunk)
    names = {row["id"]: (row["name"], row["unit_name"]) for row in cell_rows}
    cell_of = {row["id"]: row["cell_id"] for row in meeting_rows}
    moved = tuple(
        MovedMeeting(
            *names[cell_of[change.meeting_id]],
            old_starts_at=change.previous_starts_at,
            new_starts_at=change.starts_at,
        )
        for change in applied
        if change.starts_at != change.previous_starts_at
    )
    return PlanResult(added=added, updated=len(applied), moved=moved)


class _Breather:
    """Wraps each chunk's transaction; before every chunk but the first, leaves the lock free
    for as long as the previous chunk held it. A writer waiting in SQLite's busy handler only
    retries every few milliseconds and would otherwise lose every race against the planner's
    next BEGIN."""

    def __init__(self) -> None:
        self._held: float | None = None
        self._started = 0.0

    async def __aenter__(self) -> None:
        if self._held is not None:
            await pause(max(self._held, PLAN_MIN_PAUSE_SECONDS))
        self._started = perf_counter()

    async def __aexit__(self, *_exc: object) -> None:
        self._held = perf_counter() - self._started


# Module-level so that tests can see the pauses instead of waiting them out.
pause = asyncio.sleep


async def _read_in_pages(conn: AsyncConnection, query: Select[Any], key: Any) -> list[Any]:
    """All rows of `query`, PLAN_READ_PAGE at a time by `key`: turning rows into Python objects
    runs on the event loop, and 300,000 of them at once would stall it for seconds."""
    rows: list[Any] = []
    while True:
        page = query.order_by(key).limit(PLAN_READ_PAGE)
        if rows:
            page = page.where(key > rows[-1][key.name])
        found = (await conn.execute(page)).mappings().all()
        rows += found
        if len(found) < PLAN_READ_PAGE:
            return rows


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _insert_planned(conn: AsyncConnection, chunk: Sequence[NewMeeting], now: datetime) -> int:
    """One executemany; a meeting a concurrent planner (daily job and /lich) inserted first is
    skipped by the unique key."""
    statement = (
        portable.insert(conn, meetings)
        .values(
            cell_id=bindparam("p_cell_id"),
            rule_date=bindparam("p_rule_date"),
            starts_at=bindparam("p_starts_at"),
            place=bindparam("p_place"),
            status="planned",
            changed_manually=False,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["cell_id", "rule_date"])
        # What was inserted, counted the same on every driver (asyncpg reports no rowcount
        # for executemany).
        .returning(meetings.c.id)
    )
    rows = [
        {
            "p_cell_id": new.cell_id,
            "p_rule_date": new.rule_date,
            "p_starts_at": new.starts_at,
            "p_place": new.place,
        }
        for new in chunk
    ]
    return len((await conn.execute(statement, rows)).all())


async def _apply_changes(
    conn: AsyncConnection, chunk: Sequence[MeetingChange]
) -> list[MeetingChange]:
    """Re-time the meetings nobody touched since the plan was read; the ones applied."""
    applied = []
    for change in chunk:
        outcome = await conn.execute(
            update(meetings)
            .where(
                meetings.c.id == change.meeting_id,
                meetings.c.status == "planned",
                meetings.c.changed_manually.is_(False),
                meetings.c.starts_at == change.previous_starts_at,
            )
            .values(rule_date=change.rule_date, starts_at=change.starts_at, place=change.place)
        )
        if outcome.rowcount:
            # Reminders already queued carry the old date or place.
            await outbox_store.cancel_pending(conn, meeting_id=change.meeting_id)
            applied.append(change)
    return applied


def _schedule(row: Any) -> CellSchedule:
    rule = MeetingRule(
        day=row["meeting_day"], weekday=row["meeting_weekday"], nth=row["meeting_nth"]
    )
    return CellSchedule(
        cell_id=row["id"],
        rule=rule,
        time=row["meeting_time"],
        place=row["place"],
        shift=HolidayShift(row["holiday_shift"]),
    )


def _existing(row: Any) -> ExistingMeeting:
    return ExistingMeeting(
        id=row["id"],
        cell_id=row["cell_id"],
        rule_date=row["rule_date"],
        starts_at=row["starts_at"],
        place=row["place"],
        status=row["status"],
        changed_manually=row["changed_manually"],
        has_report=bool(row["has_report"]),
    )


# --- lookups --------------------------------------------------------------------------------


async def get_meeting(db: Database | AsyncConnection, meeting_id: int) -> MeetingInfo | None:
    query = _info_query().where(meetings.c.id == meeting_id)
    row = (await _execute(db, query)).first()
    return _info(row) if row else None


async def find_meeting_on(
    conn_or_db: Database | AsyncConnection, cell_id: int, day: date, tz: ZoneInfo
) -> MeetingInfo | None:
    """The cell's meeting starting on that local day; a live one before a cancelled one."""
    start, end = _day_bounds(day, tz)
    query = (
        _info_query()
        .where(meetings.c.cell_id == cell_id, meetings.c.starts_at >= start)
        .where(meetings.c.starts_at < end)
        .order_by(meetings.c.starts_at, meetings.c.id)
    )
    found = [_info(row) for row in (await _execute(conn_or_db, query)).all()]
    live = [meeting for meeting in found if meeting.status != "cancelled"]
    chosen = live or found
    return chosen[0] if chosen else None


async def has_report(conn_or_db: Database | AsyncConnection, meeting_id: int) -> bool:
    query = select(exists().where(reports.c.meeting_id == meeting_id))
    return bool((await _execute(conn_or_db, query)).scalar())


async def has_report_by(
    conn_or_db: Database | AsyncConnection, meeting_id: int, cadre_id: int
) -> bool:
    query = select(
        exists().where(reports.c.meeting_id == meeting_id, reports.c.cadre_id == cadre_id)
    )
    return bool((await _execute(conn_or_db, query)).scalar())


async def list_cells(conn_or_db: Database | AsyncConnection) -> list[CellRef]:
    """Every cell with its unit's name, by unit then cell name."""
    query = (
        select(cells.c.id, cells.c.name, units.c.name.label("unit_name"))
        .join(units, units.c.id == cells.c.unit_id)
        .order_by(units.c.name, cells.c.name)
    )
    return [CellRef(**row) for row in (await _execute(conn_or_db, query)).mappings().all()]


async def cadre_cell_ids(db: Database, cadre_id: int) -> list[int]:
    """Cells the cadre has any assignment to, whatever its dates."""
    query = select(assignments.c.cell_id).where(assignments.c.cadre_id == cadre_id)
    return sorted({row[0] for row in (await _execute(db, query)).all()})


async def upcoming_for_cadre(
    db: Database, cadre_id: int, *, now: datetime, until: datetime, tz: ZoneInfo = DEFAULT_TZ
) -> list[tuple[MeetingInfo, str | None]]:
    """Meetings starting in [now, until] of the cells the cadre is assigned to on each
    meeting's date, with the cadre's report outcome (or None), by start time."""
    report_outcome = (
        select(reports.c.outcome)
        .where(reports.c.meeting_id == meetings.c.id, reports.c.cadre_id == cadre_id)
        .scalar_subquery()
    )
    query = _cadre_meetings(cadre_id).add_columns(report_outcome.label("report_outcome"))
    query = query.where(meetings.c.starts_at >= now, meetings.c.starts_at <= until)
    rows = (await _execute(db, query)).all()
    return [(_info(row), row.report_outcome) for row in rows if _assigned_then(row, tz)]


async def reportable_for_cadre(
    db: Database, cadre_id: int, *, now: datetime, window: timedelta, tz: ZoneInfo = DEFAULT_TZ
) -> list[MeetingInfo]:
    """The cadre's planned or held meetings that started within `window` before now and that
    they have not reported on, oldest first."""
    reported = exists().where(reports.c.meeting_id == meetings.c.id, reports.c.cadre_id == cadre_id)
    query = _cadre_meetings(cadre_id).where(
        meetings.c.status.in_(["planned", "held"]),
        meetings.c.starts_at <= now,
        meetings.c.starts_at >= now - window,
        ~reported,
    )
    rows = (await _execute(db, query)).all()
    return [_info(row) for row in rows if _assigned_then(row, tz)]


def _cadre_meetings(cadre_id: int) -> Select[Any]:
    """Meetings of cells the cadre has an assignment to, with that assignment's dates."""
    return (
        _info_query()
        .add_columns(assignments.c.starts_on, assignments.c.ends_on)
        .join(assignments, assignments.c.cell_id == meetings.c.cell_id)
        .where(assignments.c.cadre_id == cadre_id)
        .order_by(meetings.c.starts_at, meetings.c.id)
    )


def _assigned_then(row: Any, tz: ZoneInfo) -> bool:
    # Checked in Python: the meeting's local date needs the time zone, which SQL would need
    # dialect-specific functions for.
    day = local_date(row.starts_at, tz)
    return (row.starts_on is None or row.starts_on <= day) and (
        row.ends_on is None or row.ends_on >= day
    )


async def _execute(conn_or_db: Database | AsyncConnection, query: Any) -> Any:
    if isinstance(conn_or_db, AsyncConnection):
        return await conn_or_db.execute(query)
    async with conn_or_db.read() as conn:
        return await conn.execute(query)


# --- changes --------------------------------------------------------------------------------


async def create_unplanned(
    conn: AsyncConnection,
    *,
    cell_id: int,
    starts_at: datetime,
    now: datetime,
    tz: ZoneInfo = DEFAULT_TZ,
) -> int:
    """A held meeting the plan did not have (reported on another day); its id, new or not."""
    rule_date = local_date(starts_at, tz)
    place = (await conn.execute(select(cells.c.place).where(cells.c.id == cell_id))).scalar()
    await conn.execute(
        portable.insert(conn, meetings)
        .values(
            cell_id=cell_id,
            rule_date=rule_date,
            starts_at=starts_at,
            place=place,
            status="held",
            changed_manually=True,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["cell_id", "rule_date"])
    )
    meeting_id = (
        await conn.execute(
            select(meetings.c.id).where(
                meetings.c.cell_id == cell_id, meetings.c.rule_date == rule_date
            )
        )
    ).scalar_one()
    return int(meeting_id)


async def move_meeting(
    conn: AsyncConnection, meeting_id: int, *, new_starts_at: datetime, now: datetime, actor: str
) -> MeetingInfo:
    """Give a meeting a new start (it stays, or becomes again, planned); its pending reminders
    are cancelled so that the reminder planner sets them again for the new time."""
    before = await get_meeting(conn, meeting_id)
    if before is None:
        raise LookupError(f"no meeting {meeting_id}")
    await conn.execute(
        update(meetings)
        .where(meetings.c.id == meeting_id)
        .values(starts_at=new_starts_at, status="planned", changed_manually=True)
    )
    await outbox_store.cancel_pending(conn, meeting_id=meeting_id)
    await audit.append(
        conn, at=now, actor=actor, action="meeting_moved", meeting_id=meeting_id,
        cell_id=before.cell_id, old_starts_at=before.starts_at.isoformat(),
        new_starts_at=new_starts_at.astimezone(UTC).isoformat(),
    )  # fmt: skip
    after = await get_meeting(conn, meeting_id)
    assert after is not None
    return after


async def cancel_meeting(
    conn: AsyncConnection,
    meeting_id: int,
    *,
    now: datetime,
    actor: str,
    reason: str | None = None,
) -> None:
    """Mark a meeting cancelled and drop its reminders that have not gone out yet."""
    before = await get_meeting(conn, meeting_id)
    if before is None:
        raise LookupError(f"no meeting {meeting_id}")
    await conn.execute(
        update(meetings)
        .where(meetings.c.id == meeting_id)
        .values(status="cancelled", changed_manually=True)
    )
    await outbox_store.cancel_pending(conn, meeting_id=meeting_id)
    await audit.append(
        conn, at=now, actor=actor, action="meeting_cancelled", meeting_id=meeting_id,
        cell_id=before.cell_id, starts_at=before.starts_at.isoformat(),
        previous_status=before.status, reason=reason,
    )  # fmt: skip
