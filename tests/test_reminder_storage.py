"""Queueing reminders in a real SQLite file: who gets them, reports and changes stopping them,
catching up after downtime, a crash between queueing and sending."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, update

from bot.clock import FakeClock
from bot.scheduler import EnqueueResult, enqueue_due_reminders
from bot.sender import OutboxSender
from bot.settings import Settings
from storage import meetings, outbox
from storage.db import Database
from storage.outbox import OutboxMessage
from storage.tables import assignments, cadres, cells, units
from storage.tables import meetings as meetings_table
from tests.test_meetings_storage import insert_report

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AN = 5001  # Telegram user id of the cadre the tests follow
DONG = "Chi bộ thôn Đông"


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A local time in Hà Nội in 2026, as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def local(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%d/%m %H:%M")


@dataclass(frozen=True)
class World:
    unit_id: int
    cadre_id: int
    cell_id: int  # Chi bộ thôn Đông: the 12th of each month at 19:30


async def _insert(db: Database, table: object, **values: object) -> int:
    async with db.transaction() as conn:
        result = await conn.execute(insert(table).values(**values))  # type: ignore[arg-type]
        assert result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])


async def add_cadre(
    db: Database, name: str, phone: str, telegram: int | None, *, active: bool = True
) -> int:
    return await _insert(
        db, cadres, full_name=name, phone=phone, position=None, telegram_user_id=telegram,
        zalo_user_id=None, active=active, created_at=at(1, 8),
    )  # fmt: skip


async def add_cell(db: Database, unit_id: int, name: str, clock_time: str, day: int = 12) -> int:
    return await _insert(
        db, cells, unit_id=unit_id, name=name, member_count=30, meeting_day=day,
        meeting_weekday=None, meeting_nth=None, meeting_time=clock_time,
        place=f"Nhà văn hóa {name.removeprefix('Chi bộ ')}", holiday_shift="next",
        created_at=at(1, 8),
    )  # fmt: skip


async def assign(db: Database, cadre_id: int, cell_id: int, ends_on: date | None = None) -> None:
    await _insert(db, assignments, cadre_id=cadre_id, cell_id=cell_id, document_ref="1301-CV/HU",
                  starts_on=None, ends_on=ends_on, created_at=at(1, 8))  # fmt: skip


async def add_meeting(
    db: Database, cell_id: int, starts_at: datetime, status: str = "planned"
) -> int:
    return await _insert(
        db, meetings_table, cell_id=cell_id, rule_date=starts_at.astimezone(TZ).date(),
        starts_at=starts_at, place=None, status=status, changed_manually=False,
        created_at=at(1, 8),
    )  # fmt: skip


async def seed(db: Database) -> World:
    """One unit, one cell (no meetings yet), one linked cadre assigned to it."""
    unit_id = await _insert(db, units, name="Đảng bộ xã Minh Hòa", created_at=at(1, 8))
    cell_id = await add_cell(db, unit_id, DONG, "19:30")
    cadre_id = await add_cadre(db, "Nguyễn Văn An", "+84912000001", AN)
    await assign(db, cadre_id, cell_id)
    return World(unit_id, cadre_id, cell_id)


async def enqueue(db: Database, settings: Settings, now: datetime) -> EnqueueResult:
    return await enqueue_due_reminders(db, now=now, settings=settings)


async def rows(db: Database) -> list[tuple[str, str, str]]:
    """(kind, local due time, status) of every outbox row, in insertion order."""
    return [(m.kind, local(m.due_at), m.status) for m in await outbox.messages(db)]


class Collector:
    """A `deliver` for the sender that only remembers what it was given."""

    def __init__(self) -> None:
        self.delivered: list[OutboxMessage] = []
        self.arrived = asyncio.Event()

    async def __call__(self, message: OutboxMessage) -> None:
        self.delivered.append(message)
        self.arrived.set()

    @property
    def keys(self) -> list[str]:
        return [m.idempotency_key for m in self.delivered]


def sender(db: Database, clock: FakeClock, deliver: Collector) -> OutboxSender:
    return OutboxSender(db, clock, "telegram", deliver)


@pytest.fixture
async def world(db: Database) -> World:
    return await seed(db)


# --- who gets what ----------------------------------------------------------------------------


async def test_a_due_reminder_is_queued_once_with_its_expiry(
    db: Database, settings: Settings, world: World
) -> None:
    meeting_id = await add_meeting(db, world.cell_id, at(12, 19, 30))
    assert await enqueue(db, settings, at(11, 7, 59)) == EnqueueResult(0, 0, 0)
    assert await enqueue(db, settings, at(11, 8, 0)) == EnqueueResult(1, 0, 0)
    assert await enqueue(db, settings, at(11, 8, 1)) == EnqueueResult(0, 0, 0)
    (row,) = await outbox.messages(db)
    assert (
        row.idempotency_key
        == f"remind:{meeting_id}:{world.cadre_id}:20260312T1230Z:remind_day_before"
    )
    assert (row.kind, row.status, row.chat_id, row.messenger) == (
        "remind_day_before", "pending", str(AN), "telegram",
    )  # fmt: skip
    assert (row.due_at, row.expires_at) == (at(11, 8), at(12, 19, 30))
    assert (row.meeting_id, row.cadre_id) == (meeting_id, world.cadre_id)
    assert row.payload["buttons"][0] == [["Nhắc lại sau 1 giờ", f"rm:{meeting_id}:snooze"]]
    assert "Nhà văn hóa thôn Đông" not in row.payload["text"]  # the meeting's own place: none
    assert "chưa ghi địa điểm" in row.payload["text"]


async def test_only_active_linked_cadres_assigned_on_that_day(
    db: Database, settings: Settings, world: World
) -> None:
    unlinked = await add_cadre(db, "Trần Thị Bình", "+84912000002", None)
    inactive = await add_cadre(db, "Lê Văn Cường", "+84912000003", 5003, active=False)
    ended = await add_cadre(db, "Phạm Thị Dung", "+84912000004", 5004)
    other_cell = await add_cell(db, world.unit_id, "Chi bộ thôn Tây", "07:30")
    elsewhere = await add_cadre(db, "Hoàng Văn Em", "+84912000005", 5005)
    for cadre_id in (unlinked, inactive):
        await assign(db, cadre_id, world.cell_id)
    await assign(db, ended, world.cell_id, ends_on=date(2026, 3, 11))
    await assign(db, elsewhere, other_cell)
    await add_meeting(db, world.cell_id, at(12, 19, 30))
    await enqueue(db, settings, at(11, 8))
    assert [m.chat_id for m in await outbox.messages(db)] == [str(AN)]


@pytest.mark.parametrize("outcome", ["held", "absent", "cancelled", "postponed"])
async def test_a_report_of_any_outcome_stops_further_reminders(
    db: Database, settings: Settings, world: World, outcome: str
) -> None:
    meeting_id = await add_meeting(db, world.cell_id, at(12, 19, 30))
    await enqueue(db, settings, at(11, 8))  # queued, not sent yet
    await insert_report(db, meeting_id, world.cadre_id, outcome=outcome, at=at(11, 8, 5))
    for moment in (at(11, 8, 6), at(12, 17, 30), at(13, 8), at(14, 19, 30)):
        await enqueue(db, settings, moment)
    assert await rows(db) == [("remind_day_before", "11/03 08:00", "cancelled")]


async def test_a_cancelled_meeting_gets_no_reminders(
    db: Database, settings: Settings, world: World, clock: FakeClock
) -> None:
    await add_meeting(db, world.cell_id, at(12, 19, 30), status="cancelled")
    second = await add_meeting(db, world.cell_id, at(12, 19, 30, month=4))
    for moment in (at(11, 8), at(12, 17, 30), at(13, 8), at(14, 19, 30)):
        await enqueue(db, settings, moment)
    assert await rows(db) == []
    await enqueue(db, settings, at(11, 8, month=4))
    async with db.transaction() as conn:
        await meetings.cancel_meeting(conn, second, now=at(11, 9, month=4), actor="admin")
    await enqueue(db, settings, at(12, 17, 30, month=4))
    assert await rows(db) == [("remind_day_before", "11/04 08:00", "cancelled")]


async def test_a_moved_meeting_is_reminded_at_the_new_time_only(
    db: Database, settings: Settings, world: World
) -> None:
    meeting_id = await add_meeting(db, world.cell_id, at(12, 19, 30))
    await enqueue(db, settings, at(11, 8))
    async with db.transaction() as conn:
        await meetings.move_meeting(
            conn, meeting_id, new_starts_at=at(14, 9, 0), now=at(11, 9), actor="admin"
        )
    moments = [at(12, 17, 30), at(13, 6, 30), at(13, 8), at(14, 7), at(14, 11), at(15, 8),
               at(16, 6, 30), at(16, 9)]  # fmt: skip
    for moment in moments:
        await enqueue(db, settings, moment)
    assert await rows(db) == [
        ("remind_day_before", "11/03 08:00", "cancelled"),
        ("remind_day_before", "13/03 08:00", "pending"),
        ("remind_hours_before", "14/03 07:00", "pending"),
        ("remind_report_prompt", "14/03 11:00", "pending"),
        ("remind_nudge_morning", "15/03 08:00", "pending"),
        ("remind_nudge_before_deadline", "16/03 06:30", "pending"),  # 06:00 is quiet
        ("remind_overdue", "16/03 09:00", "pending"),
    ]
    keys = [m.idempotency_key for m in await outbox.messages(db)]
    assert all(":20260314T0200Z:" in key for key in keys[1:])


async def test_a_meeting_retimed_behind_the_outbox_back_withdraws_old_reminders(
    db: Database, settings: Settings, world: World
) -> None:
    meeting_id = await add_meeting(db, world.cell_id, at(12, 19, 30))
    await enqueue(db, settings, at(11, 8))
    async with db.transaction() as conn:  # some path that forgot to cancel the reminders
        await conn.execute(
            update(meetings_table)
            .where(meetings_table.c.id == meeting_id)
            .values(starts_at=at(12, 20, 0))
        )
    result = await enqueue(db, settings, at(11, 8, 1))
    assert (result.cancelled, result.queued) == (1, 1)
    assert [status for _, _, status in await rows(db)] == ["cancelled", "pending"]


# --- downtime and crashes ---------------------------------------------------------------------


async def test_catch_up_after_three_hours_sends_the_valid_and_skips_the_stale(
    db: Database,
    settings: Settings,
    world: World,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    early = await add_cell(db, world.unit_id, "Chi bộ thôn Tây", "07:30")
    await assign(db, world.cadre_id, early)
    await add_meeting(db, early, at(12, 7, 30))
    late = await add_cell(db, world.unit_id, "Chi bộ thôn Nam", "10:00")
    await assign(db, world.cadre_id, late)
    await add_meeting(db, late, at(12, 10, 0))
    deliver = Collector()
    clock.set(at(11, 8))
    await enqueue(db, settings, clock.now())
    await sender(db, clock, deliver).drain_once()
    assert len(deliver.delivered) == 2  # both day-before reminders

    # Down from 06:00 to 09:00: Tây's 06:30 reminder is pointless now, Nam's 08:00 is not.
    clock.set(at(12, 9))
    with caplog.at_level(logging.INFO, logger="bot.scheduler"):
        result = await enqueue(db, settings, clock.now())
    await sender(db, clock, deliver).drain_once()
    assert (result.queued, result.skipped) == (1, 1)
    assert [m.kind for m in deliver.delivered[2:]] == ["remind_hours_before"]
    assert "thôn Nam" in deliver.delivered[2].payload["text"]
    stale = [m for m in await outbox.messages(db) if m.status == "skipped"]
    assert [(m.kind, m.last_error) for m in stale] == [
        ("remind_hours_before", "stale after downtime")
    ]
    (line,) = [r.getMessage() for r in caplog.records if r.name == "bot.scheduler"]
    assert line.startswith("skipped 1 reminder(s)") and stale[0].idempotency_key in line


async def test_catch_up_after_three_days_sends_only_the_overdue_message(
    db: Database, settings: Settings, world: World, clock: FakeClock
) -> None:
    early = await add_cell(db, world.unit_id, "Chi bộ thôn Tây", "07:30")
    await assign(db, world.cadre_id, early)
    await add_meeting(db, early, at(12, 7, 30))
    deliver = Collector()
    # Down from 11/03 07:00 (before any reminder) until 14/03 08:00, past the deadline.
    clock.set(at(14, 8))
    result = await enqueue(db, settings, clock.now())
    await sender(db, clock, deliver).drain_once()
    assert [m.kind for m in deliver.delivered] == ["remind_overdue"]
    assert (result.queued, result.skipped) == (1, 5)
    assert [(kind, status) for kind, _, status in await rows(db)] == [
        ("remind_day_before", "skipped"),
        ("remind_hours_before", "skipped"),
        ("remind_report_prompt", "skipped"),
        ("remind_nudge_morning", "skipped"),
        ("remind_nudge_before_deadline", "skipped"),
        ("remind_overdue", "sent"),
    ]
    clock.advance(timedelta(minutes=1))
    assert await enqueue(db, settings, clock.now()) == EnqueueResult(0, 0, 0)


async def test_a_crash_between_queueing_and_sending_sends_exactly_once(
    db: Database, settings: Settings, world: World, clock: FakeClock
) -> None:
    await add_meeting(db, world.cell_id, at(12, 19, 30))
    clock.set(at(11, 8))
    await enqueue(db, settings, clock.now())
    # The process dies here: the row is pending, nothing was sent. Later a new one starts,
    # runs the start-up catch-up (which must not queue it again) and its sender.
    clock.advance(timedelta(minutes=7))
    assert await enqueue(db, settings, clock.now()) == EnqueueResult(0, 0, 0)
    deliver = Collector()
    restarted = sender(db, clock, deliver)
    assert await restarted.recover() == 0
    await restarted.drain_once()
    await restarted.drain_once()
    assert [m.kind for m in deliver.delivered] == ["remind_day_before"]
    (row,) = await outbox.messages(db)
    assert row.status == "sent"


async def test_a_crash_mid_send_resends_at_most_that_reminder(
    db: Database, settings: Settings, world: World, clock: FakeClock
) -> None:
    await add_meeting(db, world.cell_id, at(12, 19, 30))
    clock.set(at(11, 8))
    await enqueue(db, settings, clock.now())
    claimed = await outbox.claim_due(db, messenger="telegram", now=clock.now(), limit=10)
    assert len(claimed) == 1  # claimed, maybe sent, never recorded: then the process died
    await enqueue(db, settings, clock.now())
    deliver = Collector()
    restarted = sender(db, clock, deliver)
    assert await restarted.recover() == 1
    await restarted.drain_once()
    assert len(deliver.delivered) == 1 and len(await outbox.messages(db)) == 1
