"""The outbox sender against the fake Bot API: retries, 429s, permanent errors, crashes."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.clock import FakeClock
from bot.messages import Button, Outbound
from bot.sender import OutboxSender, RetryPolicy
from bot.settings import Settings
from bot.transports.telegram import delivery
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxMessage
from tests.fake_bot_api import Failure, FakeBotAPI
from tests.harness import sending_bot

CHAT = -100555


@pytest.fixture
async def application(settings: Settings, api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    async with sending_bot(settings, api) as bot:
        yield bot


def sender(
    db: Database,
    clock: FakeClock,
    application: ExtBot[Any],
    failures: list[OutboxMessage] | None = None,
) -> OutboxSender:
    async def remember(message: OutboxMessage, _error: str) -> None:
        if failures is not None:
            failures.append(message)

    return OutboxSender(
        db, clock, "telegram", delivery(application),
        policy=RetryPolicy(rng=random.Random(1)), on_permanent_failure=remember,
    )  # fmt: skip


async def queue(
    db: Database, clock: FakeClock, key: str, chat: int = CHAT, **extra: object
) -> None:
    out = Outbound(chat_id=str(chat), text=f"tin {key}", buttons=((Button("Mở", "x:1"),),))
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn, key=key, messenger="telegram", chat_id=str(chat), kind="forward",
            payload=out.to_payload(), due_at=clock.now(), now=clock.now(), **extra,  # type: ignore[arg-type]
        )  # fmt: skip


async def test_enqueue_is_idempotent(db: Database, clock: FakeClock) -> None:
    await queue(db, clock, "forward:1")
    await queue(db, clock, "forward:1")
    assert len(await outbox.messages(db)) == 1


async def test_two_server_errors_then_exactly_one_delivery(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "forward:1")
    api.fail_next("sendMessage", Failure(502), Failure(503))
    loop = sender(db, clock, application)
    assert await loop.drain_once() == 1
    (row,) = await outbox.messages(db)
    assert (
        row.status == "pending" and row.attempts == 1 and "502" in (row.last_error or "")
    ) or row.last_error
    assert row.due_at > clock.now()
    clock.set(row.due_at)
    await loop.drain_once()
    (row,) = await outbox.messages(db)
    assert row.status == "pending" and row.attempts == 2
    clock.set(row.due_at)
    await loop.drain_once()
    clock.advance(timedelta(days=1))
    await loop.drain_once()
    (row,) = await outbox.messages(db)
    assert row.status == "sent" and row.attempts == 3
    delivered = api.messages_to(CHAT)
    assert len(delivered) == 1 and delivered[0]["text"] == "tin forward:1"
    assert len(api.calls_of("sendMessage")) == 3


async def test_429_waits_the_servers_retry_after(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "forward:1")
    api.fail_next("sendMessage", Failure(429, retry_after=17))
    loop = sender(db, clock, application)
    await loop.drain_once()
    (row,) = await outbox.messages(db)
    assert row.status == "pending" and row.due_at == clock.now() + timedelta(seconds=17)
    clock.advance(timedelta(seconds=16))
    await loop.drain_once()
    assert api.messages_to(CHAT) == []
    clock.advance(timedelta(seconds=1))
    await loop.drain_once()
    assert len(api.messages_to(CHAT)) == 1


async def test_a_blocked_user_fails_for_good_and_is_reported_once(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "remind:1", chat=4242)
    api.fail_next("sendMessage", Failure(403, description="Forbidden: bot was blocked by the user"))
    failures: list[OutboxMessage] = []
    await sender(db, clock, application, failures).drain_once()
    (row,) = await outbox.messages(db)
    assert row.status == "failed" and "blocked" in (row.last_error or "")
    assert [f.idempotency_key for f in failures] == ["remind:1"]


async def test_a_chats_messages_keep_their_order_when_one_fails(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "a")
    await queue(db, clock, "b")
    await queue(db, clock, "other", chat=-100777)
    api.fail_next("sendMessage", Failure(500))
    loop = sender(db, clock, application)
    await loop.drain_once()
    # The other chat is not held up; "b" waits for "a".
    assert [m["text"] for m in api.messages_to(-100777)] == ["tin other"]
    assert api.messages_to(CHAT) == []
    clock.advance(timedelta(hours=1))
    await loop.drain_once()
    assert [m["text"] for m in api.messages_to(CHAT)] == ["tin a", "tin b"]


async def test_expired_messages_are_skipped_not_sent(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "remind:old", expires_at=clock.now())
    await sender(db, clock, application).drain_once()
    (row,) = await outbox.messages(db)
    assert row.status == "skipped" and api.messages_to(CHAT) == []


async def test_a_crash_mid_send_resends_only_that_message(
    db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    application: ExtBot[Any],
) -> None:
    await queue(db, clock, "a")
    await queue(db, clock, "b")
    # A previous process claimed "a" and died before recording the result.
    claimed = await outbox.claim_due(db, messenger="telegram", now=clock.now(), limit=1)
    assert [m.idempotency_key for m in claimed] == ["a"]
    loop = sender(db, clock, application)
    assert await loop.recover() == 1
    await loop.drain_once()
    assert [m["text"] for m in api.messages_to(CHAT)] == ["tin a", "tin b"]
    assert {m.status for m in await outbox.messages(db)} == {"sent"}
