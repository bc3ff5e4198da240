"""The outbox sender when things go wrong in odd ways: unexpected errors, a chat's order across
batches, retry budgets of messages that only waited. Plain fake transports, a real database."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.sender import OutboxSender, PermanentDeliveryError, RetryPolicy, TransientDeliveryError
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxMessage

CHAT = "-100555"
OTHER = "-100777"


async def queue(
    db: Database, clock: FakeClock, key: str, chat: str = CHAT, due_at: datetime | None = None
) -> None:
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn, key=key, messenger="telegram", chat_id=chat, kind="forward",
            payload={"text": key}, due_at=due_at or clock.now(), now=clock.now(),
        )  # fmt: skip


class Transport:
    """Records what it delivers; `fail(message)` may raise instead."""

    def __init__(self, fail: Callable[[OutboxMessage], None] | None = None) -> None:
        self.delivered: list[str] = []
        self.tries: dict[str, int] = {}
        self._fail = fail

    async def __call__(self, message: OutboxMessage) -> None:
        key = message.idempotency_key
        self.tries[key] = self.tries.get(key, 0) + 1
        if self._fail is not None:
            self._fail(message)
        self.delivered.append(key)


def sender(
    db: Database, clock: FakeClock, deliver: Transport, max_attempts: int = 12, **extra: Any
) -> OutboxSender:
    policy = RetryPolicy(max_attempts=max_attempts, rng=random.Random(1))
    return OutboxSender(db, clock, "telegram", deliver, policy=policy, **extra)


async def rows(db: Database) -> dict[str, OutboxMessage]:
    return {row.idempotency_key: row for row in await outbox.messages(db)}


async def drain_until_settled(loop: OutboxSender, db: Database, clock: FakeClock) -> None:
    """Drain, then jump to the next due row and drain again, until nothing is pending."""
    for _ in range(100):
        await loop.drain_once()
        assert "sending" not in {row.status for row in (await rows(db)).values()}
        due = await outbox.next_due_at(db, "telegram")
        if due is None:
            return
        clock.set(max(due, clock.now()))
    raise AssertionError("the outbox never settled")


async def test_an_unexpected_error_is_retried_then_fails_and_other_chats_go_on(
    db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await queue(db, clock, "poison")
    await queue(db, clock, "after poison")
    await queue(db, clock, "other", chat=OTHER)

    def bug(message: OutboxMessage) -> None:
        if message.idempotency_key == "poison":
            raise RuntimeError("a bug in the transport")

    transport = Transport(bug)
    loop = sender(db, clock, transport, max_attempts=3)
    with caplog.at_level(logging.INFO, logger="bot.sender"):
        assert await loop.drain_once() == 3
    # The other chat is delivered; nothing is left `sending`; the poison row will be retried.
    assert transport.delivered == ["other"]
    state = await rows(db)
    assert state["poison"].status == "pending" and state["poison"].attempts == 1
    assert "RuntimeError" in (state["poison"].last_error or "")
    assert state["poison"].due_at > clock.now()
    assert state["after poison"].status == "pending"
    assert state["after poison"].due_at == state["poison"].due_at
    # Logged with its traceback.
    assert any(r.exc_info and "unexpected" in r.getMessage() for r in caplog.records)

    await drain_until_settled(loop, db, clock)
    state = await rows(db)
    assert state["poison"].status == "failed" and state["poison"].attempts == 3
    assert (state["poison"].last_error or "").startswith("gave up")
    assert transport.tries["poison"] == 3
    # Once the poison row is given up, the chat moves on, with its full retry budget intact.
    assert transport.delivered == ["other", "after poison"]
    assert state["after poison"].status == "sent" and state["after poison"].attempts == 1


async def test_no_row_stays_sending_when_a_result_cannot_be_recorded(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await queue(db, clock, "a1")
    await queue(db, clock, "a2")
    await queue(db, clock, "b1", chat=OTHER)
    real_mark_sent = outbox.mark_sent
    broken = {"times": 1}
    a1 = (await rows(db))["a1"].id

    async def flaky_mark_sent(
        db: Database, message_id: int, now: datetime, sent_ref: str | None = None
    ) -> None:
        if broken["times"] and message_id == a1:
            broken["times"] -= 1
            raise OSError("database went away")
        await real_mark_sent(db, message_id, now, sent_ref)

    monkeypatch.setattr(outbox, "mark_sent", flaky_mark_sent)
    transport = Transport()
    loop = sender(db, clock, transport)
    await loop.drain_once()
    state = await rows(db)
    assert {row.status for row in state.values()} == {"pending", "sent"}
    assert state["b1"].status == "sent"
    # a1 went out but could not be recorded: it is retried (sent twice, as after a crash).
    assert state["a1"].status == "pending" and "not recorded" in (state["a1"].last_error or "")
    assert state["a2"].status == "pending" and state["a2"].attempts == 0
    await drain_until_settled(loop, db, clock)
    assert [key for key in transport.delivered if key.startswith("a")] == ["a1", "a1", "a2"]
    assert {row.status for row in (await rows(db)).values()} == {"sent"}


async def test_rows_whose_retry_cannot_be_recorded_are_released_at_the_next_drain(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await queue(db, clock, "a1")
    await queue(db, clock, "a2")
    await queue(db, clock, "b1", chat=OTHER)

    async def down(*_args: object, **_kwargs: object) -> None:
        raise OSError("database went away")

    outage = {"on": True}

    def timeout(message: OutboxMessage) -> None:
        if message.idempotency_key == "a1" and outage["on"]:
            raise TransientDeliveryError("timeout")

    transport = Transport(timeout)
    loop = sender(db, clock, transport)
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "mark_retry", down)
        patch.setattr(outbox, "mark_failed", down)
        await loop.drain_once()  # does not raise: the other chat is done
    state = await rows(db)
    assert state["b1"].status == "sent"
    assert state["a1"].status == state["a2"].status == "sending"
    # The database is back: the next drain puts them back in the queue first.
    outage["on"] = False
    await loop.drain_once()
    assert transport.delivered == ["b1", "a1", "a2"]
    assert {row.status for row in (await rows(db)).values()} == {"sent"}


async def test_a_failing_failure_report_does_not_stop_the_chat(
    db: Database, clock: FakeClock
) -> None:
    await queue(db, clock, "blocked")
    await queue(db, clock, "next")

    def forbidden(message: OutboxMessage) -> None:
        if message.idempotency_key == "blocked":
            raise PermanentDeliveryError("bot was blocked by the user")

    async def report(_message: OutboxMessage, _error: str) -> None:
        raise RuntimeError("could not tell the admin")

    transport = Transport(forbidden)
    await sender(db, clock, transport, on_permanent_failure=report).drain_once()
    state = await rows(db)
    assert state["blocked"].status == "failed" and state["next"].status == "sent"


async def test_a_chats_order_is_kept_across_batches(db: Database, clock: FakeClock) -> None:
    for part in range(3):
        await queue(db, clock, f"forward:{part}")
    timed_out: set[str] = set()

    def first_try_times_out(message: OutboxMessage) -> None:
        if message.idempotency_key == "forward:0" and not timed_out:
            timed_out.add(message.idempotency_key)
            raise TransientDeliveryError("timeout")

    transport = Transport(first_try_times_out)
    loop = sender(db, clock, transport, batch_size=2)
    await loop.drain_once()
    assert transport.delivered == []
    state = await rows(db)
    assert {row.status for row in state.values()} == {"pending"}
    assert state["forward:1"].due_at == state["forward:2"].due_at == state["forward:0"].due_at
    clock.advance(timedelta(minutes=5))
    await loop.drain_once()
    assert transport.delivered == ["forward:0", "forward:1", "forward:2"]
    state = await rows(db)
    assert [state[f"forward:{part}"].attempts for part in range(3)] == [2, 1, 1]


async def test_after_a_restart_a_chats_later_messages_still_wait(
    db: Database, clock: FakeClock
) -> None:
    """The hold is in the database: a later row, not yet due when the first one failed, is
    pushed behind its retry, so a restarted sender (which remembers nothing) keeps the order."""
    await queue(db, clock, "first")
    await queue(db, clock, "second", due_at=clock.now() + timedelta(minutes=1))
    failed: set[str] = set()

    def first_try_is_rate_limited(message: OutboxMessage) -> None:
        if message.idempotency_key == "first" and not failed:
            failed.add("first")
            raise TransientDeliveryError("429", retry_after=120)

    transport = Transport(first_try_is_rate_limited)
    await sender(db, clock, transport).drain_once()
    state = await rows(db)
    assert state["second"].due_at == state["first"].due_at == clock.now() + timedelta(minutes=2)
    clock.advance(timedelta(minutes=5))
    await sender(db, clock, transport).drain_once()
    assert transport.delivered == ["first", "second"]


async def test_a_message_queued_after_a_failure_waits_for_its_retry(
    db: Database, clock: FakeClock
) -> None:
    await queue(db, clock, "first")
    await queue(db, clock, "elsewhere", chat=OTHER)
    failed: set[str] = set()

    def first_try_times_out(message: OutboxMessage) -> None:
        if message.idempotency_key == "first" and not failed:
            failed.add("first")
            raise TransientDeliveryError("timeout", retry_after=60)

    transport = Transport(first_try_times_out)
    loop = sender(db, clock, transport)
    await loop.drain_once()
    clock.advance(timedelta(seconds=10))
    await queue(db, clock, "second")
    await queue(db, clock, "elsewhere again", chat=OTHER)
    await loop.drain_once()
    assert transport.delivered == ["elsewhere", "elsewhere again"]
    clock.advance(timedelta(seconds=50))
    await loop.drain_once()
    assert transport.delivered[2:] == ["first", "second"]
    assert (await rows(db))["second"].attempts == 1


async def test_a_message_that_waited_long_keeps_its_whole_retry_budget(
    db: Database, clock: FakeClock
) -> None:
    await queue(db, clock, "head")
    await queue(db, clock, "follower")
    max_attempts = 5
    failures = {"head": max_attempts - 1, "follower": max_attempts - 1}

    def flaky(message: OutboxMessage) -> None:
        key = message.idempotency_key
        if failures[key] and (key == "head" or not failures["head"]):
            failures[key] -= 1
            raise TransientDeliveryError("502")

    transport = Transport(flaky)
    loop = sender(db, clock, transport, max_attempts=max_attempts)
    await drain_until_settled(loop, db, clock)
    state = await rows(db)
    # The follower waited through the head's four failures without spending an attempt, so its
    # own four failures still leave it its last try.
    assert transport.delivered == ["head", "follower"]
    assert state["head"].attempts == state["follower"].attempts == max_attempts
    assert transport.tries == {"head": max_attempts, "follower": max_attempts}


async def test_defer_chat_moves_only_the_chats_later_pending_rows(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    later = now + timedelta(hours=2)
    await queue(db, clock, "earlier")
    await queue(db, clock, "head")
    await queue(db, clock, "next")
    await queue(db, clock, "scheduled later", due_at=later + timedelta(hours=1))
    await queue(db, clock, "other chat", chat=OTHER)
    await queue(db, clock, "already sent")
    state = await rows(db)
    await outbox.mark_sent(db, state["already sent"].id, now)
    moved = await outbox.defer_chat(
        db, messenger="telegram", chat_id=CHAT, after_id=state["head"].id, until=later
    )
    assert moved == 1
    due = {key: row.due_at for key, row in (await rows(db)).items()}
    assert due["next"] == later
    assert due["scheduled later"] == later + timedelta(hours=1)
    assert due["earlier"] == due["head"] == due["other chat"] == due["already sent"] == now


async def test_mark_retry_can_refund_the_claims_attempt(db: Database, clock: FakeClock) -> None:
    await queue(db, clock, "waiting")
    for _ in range(3):
        (claimed,) = await outbox.claim_due(db, messenger="telegram", now=clock.now(), limit=1)
        assert claimed.attempts == 1
        await outbox.mark_retry(db, claimed.id, "waiting", clock.now(), refund_attempt=True)
    (row,) = await outbox.messages(db)
    assert row.status == "pending" and row.attempts == 0
