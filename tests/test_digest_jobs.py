"""Scheduled digests: exactly once per period, across restarts, downtime and races.

Each call of `enqueue_due_digests` stands for one run of the job — at start-up or on its
trigger — in a process that remembers nothing but the database.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.digest_jobs import digest_job, enqueue_due_digests
from bot.sender import OutboxSender
from bot.settings import Settings, load_settings
from bot.transports.telegram import delivery
from storage import attachments, outbox
from storage.db import Database
from storage.tables import attachments as attachments_table
from tests.conftest import COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI
from tests.harness import sending_bot
from tests.test_digest_fixtures import TZ, seed_committee


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def only(settings: Settings, **schedules: str) -> Settings:
    return settings.model_copy(update=schedules)


@pytest.fixture
async def seeded(db: Database) -> Database:
    await seed_committee(db)
    return db


async def keys(db: Database) -> list[str]:
    return [row.idempotency_key for row in await outbox.messages(db, kind="digest")]


async def stored_files(db: Database) -> int:
    async with db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(attachments_table)))
                   .scalar_one())  # fmt: skip


async def test_weekly_digest_once_per_week(seeded: Database, settings: Settings) -> None:
    weekly = only(settings, digest_monthly_cron="off")
    clock = FakeClock(local(2026, 3, 2, 7, 31))  # Monday, just after 07:30
    assert await enqueue_due_digests(seeded, clock, weekly) == 1
    first = ["digest:weekly:2026-02-23:text", "digest:weekly:2026-02-23:chart",
             "digest:weekly:2026-02-23:sheet"]  # fmt: skip
    assert await keys(seeded) == first
    assert await enqueue_due_digests(seeded, clock, weekly) == 0  # a restart right after
    clock.set(local(2026, 3, 9, 7, 29))  # next Monday, a minute early
    assert await enqueue_due_digests(seeded, clock, weekly) == 0
    clock.set(local(2026, 3, 9, 7, 30))
    assert await enqueue_due_digests(seeded, clock, weekly) == 1
    clock.set(local(2026, 3, 9, 7, 31))
    assert await enqueue_due_digests(seeded, clock, weekly) == 0
    # Down from Sunday 15/03 to Wednesday 18/03: the start-up run catches up, once.
    clock.set(local(2026, 3, 18, 10, 0))
    assert await enqueue_due_digests(seeded, clock, weekly) == 1
    assert await enqueue_due_digests(seeded, clock, weekly) == 0
    assert [k for k in await keys(seeded) if k.endswith(":text")] == [
        "digest:weekly:2026-02-23:text", "digest:weekly:2026-03-02:text",
        "digest:weekly:2026-03-09:text",
    ]  # fmt: skip
    assert await stored_files(seeded) == 6


async def test_monthly_digest_once_per_month(seeded: Database, settings: Settings) -> None:
    monthly = only(settings, digest_weekly_cron="off")
    clock = FakeClock(local(2026, 3, 3, 8, 0))
    assert await enqueue_due_digests(seeded, clock, monthly) == 1  # February's
    clock.set(local(2026, 4, 3, 7, 29))  # a restart a minute before the 3rd, 07:30
    assert await enqueue_due_digests(seeded, clock, monthly) == 0
    clock.set(local(2026, 4, 3, 7, 35))  # and one just after
    assert await enqueue_due_digests(seeded, clock, monthly) == 1
    assert await enqueue_due_digests(seeded, clock, monthly) == 0
    clock.set(local(2026, 5, 2, 23, 0))
    assert await enqueue_due_digests(seeded, clock, monthly) == 0
    clock.set(local(2026, 5, 6, 9, 0))  # three days of downtime over 3 May
    assert await enqueue_due_digests(seeded, clock, monthly) == 1
    assert [k for k in await keys(seeded) if k.endswith(":text")] == [
        "digest:monthly:2026-02:text", "digest:monthly:2026-03:text",
        "digest:monthly:2026-04:text",
    ]  # fmt: skip
    (march,) = await outbox.messages(seeded, idempotency_key="digest:monthly:2026-03:text")
    assert march.chat_id == str(COMMITTEE_CHAT_ID) and march.due_at == local(2026, 4, 3, 7, 35)
    assert "tháng 03/2026" in march.payload["text"] and "<b>5/7</b>" in march.payload["text"]


async def test_two_runs_at_once_queue_one_digest(seeded: Database, settings: Settings) -> None:
    monthly = only(settings, digest_weekly_cron="off")
    clock = FakeClock(local(2026, 4, 3, 7, 30))
    results = await asyncio.gather(*(enqueue_due_digests(seeded, clock, monthly)
                                     for _ in range(3)))  # fmt: skip
    assert sorted(results) == [0, 0, 1]
    # text, the chart, the 12-month trend chart, the spreadsheet
    assert len(await keys(seeded)) == 4 and await stored_files(seeded) == 3


async def test_nothing_without_a_committee_chat(seeded: Database, database_url: str) -> None:
    bare = load_settings(_env_file=None, database_url=database_url)
    assert await enqueue_due_digests(seeded, FakeClock(local(2026, 4, 3, 8, 0)), bare) == 0
    assert await keys(seeded) == []


async def test_the_digest_reaches_the_committee_once(
    seeded: Database, settings: Settings, api: FakeBotAPI
) -> None:
    """Message, both charts (units, then the 12-month trend) and spreadsheet go out in that
    order; a second drain sends nothing."""
    clock = FakeClock(local(2026, 4, 3, 7, 30))
    wake = asyncio.Event()
    assert await digest_job(seeded, clock, only(settings, digest_weekly_cron="off"), wake) == 1
    assert wake.is_set()

    async with sending_bot(settings, api) as application:
        deliver = delivery(application, load_attachment=attachments.loader(seeded))
        sender = OutboxSender(seeded, clock, "telegram", deliver)
        assert await sender.drain_once() == 4
        assert await sender.drain_once() == 0
    assert [call.method for call in api.calls] == [
        "getMe", "sendMessage", "sendPhoto", "sendPhoto", "sendDocument"
    ]  # fmt: skip
    charts = [call.params for call in api.calls_of("sendPhoto")]
    assert [chart["caption"] for chart in charts] == [
        "📊 Biểu đồ kết quả sinh hoạt chi bộ · tháng 03/2026",
        "📈 Xu hướng 12 tháng đến tháng 03/2026",
    ]
    assert charts[1]["photo"]["filename"] == "xu_huong_2026-03.png"
    (text,) = api.messages_to(COMMITTEE_CHAT_ID)
    assert "TỔNG HỢP SINH HOẠT CHI BỘ</b>\n<b>tháng 03/2026</b>" in text["text"]
    document = api.calls_of("sendDocument")[0].params["document"]
    assert document["filename"] == "bao_cao_2026-03.xlsx" and document["bytes"][:2] == b"PK"
