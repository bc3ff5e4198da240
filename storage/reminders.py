"""Reminder rows of the outbox: who is due reminders, which are queued already, queueing them.

Time bounds are computed in Python and assignment dates are checked in Python (the meeting's
local date needs the time zone), so every query stays portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.planning import local_date
from bot.reminders import PlannedReminder, ReminderMeeting, compact_utc, key_start
from storage import outbox as outbox_store
from storage.cadres import pick_account
from storage.tables import assignments, cadres, cells, meetings, outbox, reports, units

LIVE_STATUSES = ("planned", "held")


@dataclass(frozen=True)
class ReminderTarget:
    """One cadre who should hear about one meeting, and where to reach them."""

    meeting: ReminderMeeting
    status: str
    cadre_id: int
    messenger: str
    chat_id: str


def _window(since: datetime, until: datetime) -> Any:
    return and_(
        meetings.c.status.in_(LIVE_STATUSES),
        meetings.c.starts_at >= since,
        meetings.c.starts_at <= until,
    )


async def targets(
    conn: AsyncConnection,
    *,
    since: datetime,
    until: datetime,
    tz: ZoneInfo,
    messengers: tuple[str, ...] = ("telegram",),
) -> list[ReminderTarget]:
    """Live meetings starting in [since, until] × the active, linked cadres assigned to their
    cell on that day who have not reported on them (any outcome stops reminders). Each is
    reached on one messenger of `messengers` only: the one they last wrote from."""
    reported = exists().where(
        reports.c.meeting_id == meetings.c.id, reports.c.cadre_id == cadres.c.id
    )
    query = (
        select(
            meetings.c.id,
            meetings.c.starts_at,
            meetings.c.status,
            meetings.c.place,
            cells.c.name.label("cell_name"),
            units.c.name.label("unit_name"),
            cadres.c.id.label("cadre_id"),
            cadres.c.telegram_user_id,
            cadres.c.zalo_user_id,
            cadres.c.last_messenger,
            assignments.c.starts_on,
            assignments.c.ends_on,
        )
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
        .join(assignments, assignments.c.cell_id == cells.c.id)
        .join(cadres, cadres.c.id == assignments.c.cadre_id)
        .where(
            _window(since, until),
            cadres.c.active.is_(True),
            or_(cadres.c.telegram_user_id.is_not(None), cadres.c.zalo_user_id.is_not(None)),
            ~reported,
        )
        .order_by(meetings.c.starts_at, meetings.c.id, cadres.c.id)
    )
    found: list[ReminderTarget] = []
    for row in (await conn.execute(query)).all():
        day = local_date(row.starts_at, tz)
        if (row.starts_on is not None and row.starts_on > day) or (
            row.ends_on is not None and row.ends_on < day
        ):
            continue
        reach = _reach(row, messengers)
        if reach is None:
            continue
        meeting = ReminderMeeting(row.id, row.starts_at, row.cell_name, row.unit_name, row.place)
        found.append(ReminderTarget(meeting, row.status, row.cadre_id, *reach))
    return found


def _reach(row: Any, messengers: tuple[str, ...]) -> tuple[str, str] | None:
    accounts = {"telegram": row.telegram_user_id, "zalo": row.zalo_user_id}
    return pick_account(accounts, row.last_messenger, messengers)


async def queued_keys(conn: AsyncConnection, *, since: datetime, until: datetime) -> set[str]:
    """Keys of reminder rows (any status) of the meetings in the window."""
    in_window = select(meetings.c.id).where(_window(since, until))
    query = select(outbox.c.idempotency_key).where(
        outbox.c.meeting_id.in_(in_window), outbox.c.kind.startswith("remind")
    )
    return {row[0] for row in (await conn.execute(query)).all()}


async def queue(
    conn: AsyncConnection,
    target: ReminderTarget,
    reminder: PlannedReminder,
    *,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    skip_reason: str | None = None,
) -> bool:
    """Queue one reminder (or record it as skipped, so it is never considered again); True
    when the row is new."""
    inserted = await outbox_store.enqueue(
        conn,
        key=reminder.key,
        messenger=target.messenger,
        chat_id=target.chat_id,
        kind=kind,
        payload=payload,
        due_at=reminder.due_at,
        now=now,
        expires_at=reminder.expires_at,
        meeting_id=target.meeting.id,
        cadre_id=target.cadre_id,
    )
    if inserted and skip_reason is not None:
        # Same transaction as the insert: the sender never sees this row pending.
        await conn.execute(
            update(outbox)
            .where(outbox.c.idempotency_key == reminder.key)
            .values(status="skipped", last_error=skip_reason)
        )
    return inserted


async def cancel_obsolete(conn: AsyncConnection) -> int:
    """Withdraw queued reminders that no longer make sense — the cadre reported, the meeting
    was cancelled, postponed or moved — whatever path made the change; how many."""
    reported = exists().where(
        reports.c.meeting_id == outbox.c.meeting_id, reports.c.cadre_id == outbox.c.cadre_id
    )
    query = (
        select(
            outbox.c.id,
            outbox.c.idempotency_key,
            meetings.c.status,
            meetings.c.starts_at,
            reported.label("reported"),
        )
        .join(meetings, meetings.c.id == outbox.c.meeting_id)
        .where(outbox.c.status == "pending", outbox.c.kind.startswith("remind"))
    )
    obsolete = [
        row.id
        for row in (await conn.execute(query)).all()
        if row.reported
        or row.status not in LIVE_STATUSES
        or key_start(row.idempotency_key) not in (None, compact_utc(row.starts_at))
    ]
    if obsolete:
        await conn.execute(
            update(outbox).where(outbox.c.id.in_(obsolete)).values(status="cancelled")
        )
    return len(obsolete)


async def count_with_prefix(conn: AsyncConnection, prefix: str) -> int:
    """How many outbox rows have a key starting with `prefix` (numbering snoozes)."""
    query = select(func.count()).where(outbox.c.idempotency_key.startswith(prefix, autoescape=True))
    return int((await conn.execute(query)).scalar_one())
