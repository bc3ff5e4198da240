"""Meetings and the admin's calendar in a real SQLite file: planning, lookups, changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, update

from bot.calendar import DaysOff
from bot.planning import MeetingChange
from storage import audit, cadres, calendar_exceptions, meetings
from storage.db import Database
from storage.meetings import MeetingInfo, PlanResult
from storage.outbox import enqueue, messages
from storage.tables import assignments, cells, outbox, reports
from storage.tables import meetings as meetings_table

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội, as the clock fixture
TODAY = date(2026, 3, 10)
AN_PHONE = "+84912000001"  # Nguyễn Văn An: Chi bộ thôn Đông (day 5, 19:30), thôn Tây


async def plan(
    db: Database, today: date = TODAY, days_off: DaysOff | None = None, horizon_days: int = 62
) -> PlanResult:
    return await meetings.plan_meetings(
        db, today=today, horizon_days=horizon_days, days_off=days_off or DaysOff(), tz=TZ, now=NOW
    )


async def cell_id(db: Database, name: str) -> int:
    async with db.read() as conn:
        return int(
            (await conn.execute(select(cells.c.id).where(cells.c.name == name))).scalar_one()
        )


async def meeting_on(db: Database, cell_name: str, day: date) -> MeetingInfo:
    found = await meetings.find_meeting_on(db, await cell_id(db, cell_name), day, TZ)
    assert found is not None, f"no meeting of {cell_name} on {day}"
    return found


async def an_id(db: Database) -> int:
    cadre = await cadres.find_by_phone(db, AN_PHONE)
    assert cadre is not None
    return cadre.id


async def insert_report(
    db: Database, meeting_id: int, cadre_id: int, *, outcome: str = "held", at: datetime = NOW
) -> None:
    """A submitted report row, as the reporting flow would leave it."""
    async with db.transaction() as conn:
        await conn.execute(
            insert(reports).values(
                meeting_id=meeting_id, cadre_id=cadre_id,
                receipt_no=f"BC-T-{meeting_id}-{cadre_id}", outcome=outcome,
                review_state="submitted", revision=1, late=False,
                failing_criteria="[]", questionnaire_id="regular", questionnaire_version="1",
                first_submitted_at=at, submitted_at=at,
            )
        )  # fmt: skip


async def queue(db: Database, meeting_id: int, key: str, kind: str) -> None:
    async with db.transaction() as conn:
        await enqueue(
            conn, key=key, messenger="telegram", chat_id="5001", kind=kind,
            payload={"text": "nhắc"}, due_at=NOW + timedelta(days=1), now=NOW,
            meeting_id=meeting_id,
        )  # fmt: skip


# --- planning -------------------------------------------------------------------------------


async def test_plan_creates_every_cells_meetings_once(roster_db: Database) -> None:
    first = await plan(roster_db)
    assert first.added == 40 and first.updated == 0  # 20 cells, April and May
    assert await plan(roster_db) == PlanResult(added=0, updated=0)
    dong = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    assert dong.rule_date == date(2026, 4, 5)  # a Sunday: moved to Monday
    assert dong.starts_at == datetime(2026, 4, 6, 12, 30, tzinfo=UTC)
    assert (dong.status, dong.changed_manually) == ("planned", False)
    assert (dong.cell_name, dong.unit_name, dong.member_count) == (
        "Chi bộ thôn Đông",
        "Đảng bộ xã Minh Hòa",
        32,
    )
    assert dong.place == "Nhà văn hóa thôn Đông"
    tay = await meeting_on(roster_db, "Chi bộ thôn Tây", date(2026, 4, 6))  # first Monday
    assert tay.starts_at == datetime(2026, 4, 6, 0, 30, tzinfo=UTC)


async def test_plan_for_some_cells_only(roster_db: Database) -> None:
    dong = await cell_id(roster_db, "Chi bộ thôn Đông")
    result = await meetings.plan_meetings(
        roster_db, today=TODAY, horizon_days=62, days_off=DaysOff(), tz=TZ, now=NOW,
        cell_ids=[dong],
    )  # fmt: skip
    assert result == PlanResult(added=2, updated=0)


async def test_a_rule_change_retimes_planned_meetings_only(roster_db: Database) -> None:
    await plan(roster_db)
    an = await an_id(roster_db)
    april = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    may = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 5, 5))
    tay = await meeting_on(roster_db, "Chi bộ thôn Tây", date(2026, 4, 6))
    await insert_report(roster_db, april.id, an, outcome="absent")
    async with roster_db.transaction() as conn:
        await conn.execute(
            update(meetings_table)
            .where(meetings_table.c.id == tay.id)
            .values(changed_manually=True)
        )
        await conn.execute(
            update(cells)
            .where(cells.c.name.in_(["Chi bộ thôn Đông", "Chi bộ thôn Tây"]))
            .values(meeting_time="20:00")
        )
    await queue(roster_db, may.id, f"remind:{may.id}:{an}:before", "remind_before")

    assert await plan(roster_db) == PlanResult(added=0, updated=2)  # Đông in May, Tây in May
    assert (await meetings.get_meeting(roster_db, april.id)) == april
    unchanged = await meetings.get_meeting(roster_db, tay.id)
    assert unchanged is not None and unchanged.starts_at == tay.starts_at
    moved = await meetings.get_meeting(roster_db, may.id)
    assert moved is not None and moved.starts_at == datetime(2026, 5, 5, 13, 0, tzinfo=UTC)
    # Its queued reminder named the old time.
    assert [m.status for m in await messages(roster_db, meeting_id=may.id)] == ["cancelled"]


async def test_an_added_day_off_moves_a_planned_meeting(roster_db: Database) -> None:
    await plan(roster_db)
    await calendar_exceptions.add(roster_db, date(2026, 5, 5), "off", "Lễ hội làng", NOW)
    result = await plan(roster_db, days_off=await calendar_exceptions.load_days_off(roster_db))
    # Three cells meet on Tuesday 05/05, the Đông one among them.
    assert result == PlanResult(added=0, updated=3)
    assert await meetings.find_meeting_on(
        roster_db, await cell_id(roster_db, "Chi bộ thôn Đông"), date(2026, 5, 6), TZ
    )


# --- lookups --------------------------------------------------------------------------------


async def test_find_meeting_on_uses_the_local_day(roster_db: Database) -> None:
    async with roster_db.transaction() as conn:
        await conn.execute(
            update(cells).where(cells.c.name == "Chi bộ thôn Tây").values(meeting_time="06:00")
        )
    await plan(roster_db)
    tay = await cell_id(roster_db, "Chi bộ thôn Tây")
    # 06:00 on 06/04 in Hà Nội is 23:00 on 05/04 in UTC.
    found = await meetings.find_meeting_on(roster_db, tay, date(2026, 4, 6), TZ)
    assert found is not None and found.starts_at == datetime(2026, 4, 5, 23, 0, tzinfo=UTC)
    assert await meetings.find_meeting_on(roster_db, tay, date(2026, 4, 5), TZ) is None
    async with roster_db.read() as conn:
        assert await meetings.find_meeting_on(conn, tay, date(2026, 4, 6), TZ) == found


async def test_upcoming_for_cadre_follows_assignment_dates(roster_db: Database) -> None:
    await plan(roster_db, today=date(2026, 3, 1))  # the daily job, ten days ago
    await plan(roster_db)
    an = await an_id(roster_db)
    rows = await meetings.upcoming_for_cadre(
        roster_db, an, now=NOW - timedelta(days=7), until=NOW + timedelta(days=62), tz=TZ
    )
    assert [(m.cell_name, m.starts_at.astimezone(TZ).date()) for m, _ in rows] == [
        ("Chi bộ thôn Đông", date(2026, 3, 5)),
        ("Chi bộ thôn Tây", date(2026, 4, 6)),
        ("Chi bộ thôn Đông", date(2026, 4, 6)),
        ("Chi bộ thôn Tây", date(2026, 5, 4)),
        ("Chi bộ thôn Đông", date(2026, 5, 5)),
    ]
    assert [outcome for _, outcome in rows] == [None] * 5
    await insert_report(roster_db, rows[0][0].id, an)
    # The Tây assignment ends on 30/04: its May meeting is someone else's.
    async with roster_db.transaction() as conn:
        await conn.execute(
            update(assignments)
            .where(assignments.c.cadre_id == an, assignments.c.cell_id == rows[1][0].cell_id)
            .values(ends_on=date(2026, 4, 30))
        )
    rows = await meetings.upcoming_for_cadre(
        roster_db, an, now=NOW - timedelta(days=7), until=NOW + timedelta(days=62), tz=TZ
    )
    assert [(m.cell_name, outcome) for m, outcome in rows] == [
        ("Chi bộ thôn Đông", "held"),
        ("Chi bộ thôn Tây", None),
        ("Chi bộ thôn Đông", None),
        ("Chi bộ thôn Đông", None),
    ]


async def test_reportable_for_cadre(roster_db: Database) -> None:
    await plan(roster_db, today=date(2026, 3, 1))
    an = await an_id(roster_db)
    march = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 3, 5))
    found = await meetings.reportable_for_cadre(roster_db, an, now=NOW, window=timedelta(days=7))
    assert [m.id for m in found] == [march.id]
    assert (
        await meetings.reportable_for_cadre(roster_db, an, now=NOW, window=timedelta(days=4)) == []
    )
    # Trần Thị Bình is not assigned to the Đông cell.
    bich = await cadres.find_by_phone(roster_db, "+84912000002")
    assert bich is not None
    assert march.id not in {
        m.id
        for m in await meetings.reportable_for_cadre(
            roster_db, bich.id, now=NOW, window=timedelta(days=7)
        )
    }
    await insert_report(roster_db, march.id, an)
    assert (
        await meetings.reportable_for_cadre(roster_db, an, now=NOW, window=timedelta(days=7)) == []
    )


async def test_reportable_skips_cancelled_meetings(roster_db: Database) -> None:
    await plan(roster_db, today=date(2026, 3, 1))
    an = await an_id(roster_db)
    march = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 3, 5))
    async with roster_db.transaction() as conn:
        await meetings.cancel_meeting(conn, march.id, now=NOW, actor="test")
    assert (
        await meetings.reportable_for_cadre(roster_db, an, now=NOW, window=timedelta(days=7)) == []
    )


async def test_create_unplanned_is_idempotent(roster_db: Database) -> None:
    dong = await cell_id(roster_db, "Chi bộ thôn Đông")
    starts_at = datetime(2026, 3, 7, 12, 30, tzinfo=UTC)
    async with roster_db.transaction() as conn:
        first = await meetings.create_unplanned(conn, cell_id=dong, starts_at=starts_at, now=NOW)
        again = await meetings.create_unplanned(conn, cell_id=dong, starts_at=starts_at, now=NOW)
    assert first == again
    info = await meetings.get_meeting(roster_db, first)
    assert info is not None
    assert (info.rule_date, info.status, info.changed_manually) == (date(2026, 3, 7), "held", True)
    assert info.place == "Nhà văn hóa thôn Đông"
    # A month that already has a meeting gets no planned one on top of it: of the 19 cells
    # meeting by 21/03, Đông is covered.
    assert (await plan(roster_db, today=date(2026, 3, 1), horizon_days=20)).added == 18


# --- changes --------------------------------------------------------------------------------


async def test_move_meeting(roster_db: Database) -> None:
    await plan(roster_db)
    april = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    await queue(roster_db, april.id, f"remind:{april.id}:1:before", "remind_before")
    await queue(roster_db, april.id, f"remind:{april.id}:1:after", "remind_after")
    await queue(roster_db, april.id, f"meeting_changed:{april.id}:x", "committee_notice")
    async with roster_db.transaction() as conn:
        await conn.execute(
            update(outbox).where(outbox.c.kind == "remind_after").values(status="sent")
        )
    new_start = datetime(2026, 4, 8, 20, 0, tzinfo=TZ)
    async with roster_db.transaction() as conn:
        moved = await meetings.move_meeting(
            conn, april.id, new_starts_at=new_start, now=NOW, actor="cli"
        )
    assert moved.starts_at == new_start and moved.starts_at.tzinfo is UTC
    assert (moved.status, moved.changed_manually, moved.rule_date) == (
        "planned",
        True,
        date(2026, 4, 5),
    )
    statuses = {m.kind: m.status for m in await messages(roster_db, meeting_id=april.id)}
    assert statuses == {
        "remind_before": "cancelled",
        "remind_after": "sent",
        "committee_notice": "pending",
    }
    (row,) = await audit.actions(roster_db, "meeting_moved")
    assert row["actor"] == "cli" and row["detail"]["meeting_id"] == april.id
    assert row["detail"]["new_starts_at"] == "2026-04-08T13:00:00+00:00"
    # A moved meeting is the admin's now: planning leaves it where it is.
    assert await plan(roster_db) == PlanResult(added=0, updated=0)
    assert await meetings.get_meeting(roster_db, april.id) == moved


async def test_cancel_meeting(roster_db: Database) -> None:
    await plan(roster_db)
    april = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    other = await meeting_on(roster_db, "Chi bộ thôn Tây", date(2026, 4, 6))
    await queue(roster_db, april.id, "remind:a", "remind_before")
    await queue(roster_db, other.id, "remind:b", "remind_before")
    async with roster_db.transaction() as conn:
        await meetings.cancel_meeting(conn, april.id, now=NOW, actor="cli")
    cancelled = await meetings.get_meeting(roster_db, april.id)
    assert cancelled is not None
    assert (cancelled.status, cancelled.changed_manually) == ("cancelled", True)
    assert [m.status for m in await messages(roster_db, meeting_id=april.id)] == ["cancelled"]
    assert [m.status for m in await messages(roster_db, meeting_id=other.id)] == ["pending"]
    (row,) = await audit.actions(roster_db, "meeting_cancelled")
    assert row["detail"]["previous_status"] == "planned"
    # The cancelled day still finds the meeting, and planning does not bring it back.
    assert await plan(roster_db) == PlanResult(added=0, updated=0)
    assert await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6)) == cancelled


async def test_a_change_rolls_back_with_its_transaction(roster_db: Database) -> None:
    await plan(roster_db)
    april = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    with pytest.raises(RuntimeError):
        async with roster_db.transaction() as conn:
            await meetings.cancel_meeting(conn, april.id, now=NOW, actor="cli")
            raise RuntimeError("then something failed")
    assert await meetings.get_meeting(roster_db, april.id) == april
    assert await audit.actions(roster_db, "meeting_cancelled") == []


async def test_unknown_meeting(roster_db: Database) -> None:
    assert await meetings.get_meeting(roster_db, 999) is None
    async with roster_db.transaction() as conn:
        with pytest.raises(LookupError):
            await meetings.cancel_meeting(conn, 999, now=NOW, actor="cli")


# --- the admin's calendar -------------------------------------------------------------------


async def test_calendar_exceptions(db: Database) -> None:
    assert await calendar_exceptions.list_all(db) == []
    assert await calendar_exceptions.add(db, date(2026, 5, 5), "off", "Lễ hội", NOW) is True
    assert await calendar_exceptions.add(db, date(2026, 4, 25), "working", None, NOW) is True
    # Adding the same day again replaces it.
    assert await calendar_exceptions.add(db, date(2026, 5, 5), "off", "Lễ hội làng", NOW) is False
    entries = await calendar_exceptions.list_all(db)
    assert [(e.day, e.kind, e.note) for e in entries] == [
        (date(2026, 4, 25), "working", None),
        (date(2026, 5, 5), "off", "Lễ hội làng"),
    ]
    days_off = await calendar_exceptions.load_days_off(db)
    assert days_off.is_day_off(date(2026, 5, 5)) and not days_off.is_day_off(date(2026, 4, 25))
    assert await calendar_exceptions.remove(db, date(2026, 5, 5)) is True
    assert await calendar_exceptions.remove(db, date(2026, 5, 5)) is False
    assert (await calendar_exceptions.load_days_off(db)).extra_days_off == frozenset()
    async with db.read() as conn:
        assert (await conn.execute(select(meetings_table))).all() == []


async def test_planning_writes_in_short_chunks(
    roster_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meetings, "PLAN_WRITE_CHUNK", 3)
    opened = 0
    real_transaction = roster_db.transaction

    def counting_transaction() -> object:
        nonlocal opened
        opened += 1
        return real_transaction()

    pauses: list[float] = []

    async def record_pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(roster_db, "transaction", counting_transaction)
    monkeypatch.setattr(meetings, "pause", record_pause)
    result = await plan(roster_db)
    assert result == PlanResult(added=40, updated=0)
    assert opened == 14  # 40 meetings, 3 per transaction
    # Between two chunks the lock is left free, at least a few milliseconds.
    assert len(pauses) == 13 and min(pauses) >= meetings.PLAN_MIN_PAUSE_SECONDS
    assert await plan(roster_db) == PlanResult(added=0, updated=0)


async def test_planning_names_the_meetings_it_moves(roster_db: Database) -> None:
    await plan(roster_db)
    result = await plan(roster_db, days_off=DaysOff(extra_days_off=frozenset({date(2026, 4, 6)})))
    dong = next(m for m in result.moved if m.cell_name == "Chi bộ thôn Đông")
    assert dong.unit_name == "Đảng bộ xã Minh Hòa"
    assert (dong.old_starts_at, dong.new_starts_at) == (
        datetime(2026, 4, 6, 12, 30, tzinfo=UTC),
        datetime(2026, 4, 7, 12, 30, tzinfo=UTC),
    )
    assert len(result.moved) == result.updated


async def test_planning_leaves_a_meeting_changed_since_it_was_read(roster_db: Database) -> None:
    await plan(roster_db)
    dong = await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6))
    stale = MeetingChange(
        dong.id, dong.rule_date, dong.starts_at + timedelta(days=1), dong.place,
        previous_starts_at=dong.starts_at - timedelta(hours=1),
    )  # fmt: skip
    async with roster_db.transaction() as conn:
        assert await meetings._apply_changes(conn, [stale]) == []
    assert await meeting_on(roster_db, "Chi bộ thôn Đông", date(2026, 4, 6)) == dong
