"""Reminders end to end: queued by the job, sent by the outbox sender through the real PTB stack
to the fake Bot API, their buttons pressed by a person."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.app import make_context
from bot.clock import FakeClock
from bot.i18n import t
from bot.messages import Inbound, InboundKind
from bot.scheduler import enqueue_job
from bot.sender import OutboxSender, RetryPolicy
from bot.settings import Settings
from handlers import router
from storage import outbox
from storage.db import Database
from tests.bench_support import SlidingLimits
from tests.conftest import ADMIN_ID
from tests.fake_bot_api import Failure, FakeBotAPI
from tests.harness import AnyApplication, running_bot
from tests.test_meetings_storage import insert_report
from tests.test_reminder_storage import AN, World, add_cadre, add_meeting, at, seed

STRANGER = 5009  # linked, but not assigned to the cell


@pytest.fixture
async def api(clock: FakeClock) -> FakeBotAPI:
    return FakeBotAPI(clock=clock)


@pytest.fixture
async def world(db: Database) -> World:
    return await seed(db)


@pytest.fixture
async def meeting_id(db: Database, world: World) -> int:
    return await add_meeting(db, world.cell_id, at(12, 19, 30))


@pytest.fixture
async def bot(
    settings: Settings, db: Database, clock: FakeClock, api: FakeBotAPI, world: World
) -> AsyncIterator[AnyApplication]:
    # The tests drain the outbox themselves, one step of the clock at a time.
    policy = RetryPolicy(rng=random.Random(1))
    async with running_bot(
        settings, db, clock, api, run_sender=False, sender_policy=policy
    ) as application:
        yield application


@pytest.fixture
def sender(bot: AnyApplication) -> OutboxSender:
    """The bot's own sender (it tells the admins of a cadre it cannot reach)."""
    assert bot.telegram is not None
    return bot.telegram.sender


def buttons(message: dict[str, Any]) -> list[list[tuple[str, str]]]:
    markup = message.get("reply_markup") or "{}"
    keyboard = json.loads(markup) if isinstance(markup, str) else markup
    return [[(b["text"], b["callback_data"]) for b in row] for row in keyboard["inline_keyboard"]]


async def tick(db: Database, clock: FakeClock, settings: Settings, sender: OutboxSender) -> None:
    """What one run of the every-minute job and the sender do."""
    await enqueue_job(db, clock, settings, asyncio.Event())
    await sender.drain_once()


async def press(
    api: FakeBotAPI, sender: OutboxSender, user_id: int, data: str, expect: int = 1
) -> list[str]:
    before = len(api.messages_to(user_id))
    handled = len(api.calls_of("answerCallbackQuery"))
    api.user(user_id).press(data)
    # The press is acknowledged once handled; its replies are then in the outbox.
    await api.wait_for(lambda: len(api.calls_of("answerCallbackQuery")) > handled)
    await sender.drain_once()
    messages = await api.wait_for_messages(user_id, before + expect)
    return [str(m["text"]) for m in messages[before:]]


async def test_a_before_reminder_and_its_snooze_an_hour_later(
    db: Database, clock: FakeClock, settings: Settings, api: FakeBotAPI,
    sender: OutboxSender, meeting_id: int,
) -> None:  # fmt: skip
    clock.set(at(11, 8))
    await tick(db, clock, settings, sender)
    (reminder,) = api.messages_to(AN)
    assert reminder["text"].startswith(
        "🔔 <b>Nhắc lịch sinh hoạt chi bộ</b>\n📅 Thứ Năm 12/03/2026"
    )
    assert buttons(reminder) == [
        [("Nhắc lại sau 1 giờ", f"rm:{meeting_id}:snooze")],
        [("Tôi không dự được", f"rm:{meeting_id}:absent"),
         ("Lịch bị hoãn", f"rm:{meeting_id}:postpone")],
    ]  # fmt: skip

    clock.advance(timedelta(minutes=2))
    assert await press(api, sender, AN, f"rm:{meeting_id}:snooze") == ["Bot sẽ nhắc lại lúc 09:02."]
    assert len(api.calls_of("answerCallbackQuery")) == 1
    clock.advance(timedelta(minutes=59))
    await tick(db, clock, settings, sender)
    assert len(api.messages_to(AN)) == 2  # the reminder and the answer to the press
    clock.advance(timedelta(minutes=1))
    await tick(db, clock, settings, sender)
    again = api.messages_to(AN)[2]
    assert again["text"].startswith("🔔 <b>Nhắc lại: lịch sinh hoạt chi bộ</b>\n📅 Thứ Năm")
    assert buttons(again) == buttons(reminder)
    snoozed = [m for m in await outbox.messages(db) if m.kind.startswith("remind")][-1]
    assert snoozed.idempotency_key.endswith(":20260312T1230Z:snooze:1")
    assert (snoozed.kind, snoozed.status, snoozed.expires_at) == (
        "remind_snooze", "sent", at(12, 19, 30),
    )  # fmt: skip


async def test_a_blocked_bot_fails_the_rows_and_tells_the_admin_once(
    db: Database, clock: FakeClock, settings: Settings, api: FakeBotAPI,
    sender: OutboxSender, meeting_id: int,
) -> None:  # fmt: skip
    blocked = Failure(403, description="Forbidden: bot was blocked by the user")
    api.fail_next("sendMessage", blocked)
    clock.set(at(11, 8))
    await tick(db, clock, settings, sender)
    api.fail_next("sendMessage", blocked)
    clock.set(at(12, 17, 30))
    await tick(db, clock, settings, sender)
    statuses = [(m.kind, m.status) for m in await outbox.messages(db)]
    assert statuses == [
        ("remind_day_before", "failed"),
        ("admin_notice", "sent"),
        ("remind_hours_before", "failed"),
    ]
    (notice,) = api.messages_to(ADMIN_ID)
    assert "Nguyễn Văn An" in notice["text"] and "blocked" in notice["text"]
    assert api.messages_to(AN) == []


async def test_report_now_opens_that_meetings_report(
    db: Database, clock: FakeClock, settings: Settings, api: FakeBotAPI,
    sender: OutboxSender, meeting_id: int,
) -> None:  # fmt: skip
    clock.set(at(13, 6, 30))  # the bot starts now: only the prompt is still worth sending
    await tick(db, clock, settings, sender)
    (prompt,) = api.messages_to(AN)
    assert prompt["text"].startswith("📝 Buổi sinh hoạt của <b>Chi bộ thôn Đông</b>")
    assert buttons(prompt) == [[("Báo cáo ngay", f"rm:{meeting_id}:report")]]
    replies = await press(api, sender, AN, f"rm:{meeting_id}:report", expect=2)
    assert replies[0] == t("report.started", cell="Chi bộ thôn Đông", when="19:30 12/03/2026")
    assert "Buổi sinh hoạt chi bộ có diễn ra không?" in replies[1]


@pytest.mark.parametrize(
    ("action", "next_question"), [("absent", "Lý do là gì?"), ("postpone", "hoãn sang ngày nào?")]
)
@pytest.mark.usefixtures("bot")
async def test_cannot_attend_and_postponed_open_the_report_with_the_status_answered(
    clock: FakeClock, api: FakeBotAPI, sender: OutboxSender, meeting_id: int, action: str,
    next_question: str,
) -> None:  # fmt: skip
    clock.set(at(12, 20))
    replies = await press(api, sender, AN, f"rm:{meeting_id}:{action}", expect=2)
    assert replies[0].startswith("Báo cáo buổi sinh hoạt <b>Chi bộ thôn Đông</b>")
    assert next_question in replies[1]


# --- presses that change nothing --------------------------------------------------------------


def choice(user_id: int, data: str) -> Inbound:
    return Inbound(messenger="telegram", user_id=str(user_id), chat_id=str(user_id),
                   is_private=True, kind=InboundKind.CHOICE, choice=data)  # fmt: skip


async def answer(db: Database, settings: Settings, clock: FakeClock, user: int, data: str) -> str:
    (reply,) = await router.handle(make_context(settings, db, clock), choice(user, data))
    return reply.text


async def test_buttons_refuse_anyone_but_the_assigned_cadre(
    db: Database, settings: Settings, clock: FakeClock, meeting_id: int
) -> None:
    await add_cadre(db, "Vũ Văn Giang", "+84912000009", STRANGER)
    clock.set(at(11, 8))
    refused = "Nút này không dành cho đồng chí."
    assert await answer(db, settings, clock, STRANGER, f"rm:{meeting_id}:snooze") == refused
    assert await answer(db, settings, clock, STRANGER, f"rm:{meeting_id}:report") == refused
    assert await answer(db, settings, clock, 777, f"rm:{meeting_id}:snooze") == refused
    assert await answer(db, settings, clock, AN, f"rm:{meeting_id + 1}:snooze") == refused
    assert await answer(db, settings, clock, AN, f"rm:{meeting_id}:explode") == refused
    assert await outbox.messages(db) == []


async def test_a_snooze_into_the_quiet_hours_waits_for_their_end(
    db: Database, settings: Settings, clock: FakeClock, meeting_id: int
) -> None:
    clock.set(at(11, 21, 0))
    text = await answer(db, settings, clock, AN, f"rm:{meeting_id}:snooze")
    assert text == "Bot sẽ nhắc lại lúc 06:30 ngày 12/03/2026."
    (row,) = await outbox.messages(db)
    assert row.due_at == at(12, 6, 30)
    # A second press queues a second snooze, not the same key again.
    await answer(db, settings, clock, AN, f"rm:{meeting_id}:snooze")
    assert [m.idempotency_key[-8:] for m in await outbox.messages(db)] == ["snooze:1", "snooze:2"]


async def test_no_snooze_past_the_start_or_after_a_report(
    db: Database, settings: Settings, clock: FakeClock, world: World, meeting_id: int
) -> None:
    clock.set(at(12, 18, 45))
    assert await answer(db, settings, clock, AN, f"rm:{meeting_id}:snooze") == (
        "Buổi sinh hoạt bắt đầu lúc 19:30, trước giờ nhắc lại, nên bot không nhắc lại nữa."
    )
    await insert_report(db, meeting_id, world.cadre_id, outcome="absent", at=at(12, 9))
    clock.set(at(12, 9))
    assert await answer(db, settings, clock, AN, f"rm:{meeting_id}:snooze") == t(
        "reminder.not_needed"
    )
    assert await outbox.messages(db) == []


# --- the fake API of the broadcast benchmark --------------------------------------------------


def test_the_benchmarks_fake_api_enforces_telegrams_sliding_limits() -> None:
    limits = SlidingLimits()
    assert all(limits.admit(str(chat), 10.0 + chat / 100) is None for chat in range(30))
    assert limits.admit("new", 10.5) == pytest.approx(0.5)  # 31st within one second
    assert limits.admit("new", 11.0) is None  # the first one has left the window
    assert limits.admit("new", 11.5) == pytest.approx(0.5)  # the same chat within a second
    assert limits.admit("new", 12.0) is None
    assert limits.peak == 30
