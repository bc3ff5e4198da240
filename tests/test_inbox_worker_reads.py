"""The inbox worker reads the inbox once per batch: handling an update costs no extra
transaction to find that nothing else is waiting."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event

from bot.clock import FakeClock
from bot.inbox_worker import InboxWorker
from bot.messages import Inbound, InboundKind, Outbound
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate


def parse(payload: str) -> Inbound:
    data = json.loads(payload)
    return Inbound("telegram", data["chat"], data["chat"], True, InboundKind.TEXT, data["text"])


async def store(db: Database, clock: FakeClock, *updates: tuple[str, str]) -> None:
    items = [
        IncomingUpdate(str(n), chat, json.dumps({"chat": chat, "text": text}))
        for n, (chat, text) in enumerate(updates, start=1)
    ]
    await inbox.accept(db, "telegram", items, clock.now())


def count_inbox_reads(db: Database) -> list[str]:
    reads: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def remember(_c: Any, _cu: Any, statement: str, *_rest: Any) -> None:
        # The reads of the pending list (each handled row's own status check aside).
        if statement.startswith("SELECT inbox.id") and "FROM inbox" in statement:
            reads.append(statement)

    return reads


async def test_a_drain_reads_the_inbox_once_when_the_batch_was_not_full(
    db: Database, clock: FakeClock
) -> None:
    seen: list[str] = []

    async def respond(inbound: Inbound) -> list[Outbound]:
        seen.append(inbound.text)
        return []

    await store(db, clock, ("1", "a"), ("2", "b"), ("1", "c"))
    worker = InboxWorker(db, clock, "telegram", parse, respond)
    reads = count_inbox_reads(db)
    assert await worker.drain_once() == 3
    assert sorted(seen) == ["a", "b", "c"] and seen.index("a") < seen.index("c")
    assert len(reads) == 1


async def test_a_full_batch_is_followed_by_the_next_one(db: Database, clock: FakeClock) -> None:
    async def respond(_inbound: Inbound) -> list[Outbound]:
        return []

    await store(db, clock, *((str(n), "x") for n in range(5)))
    worker = InboxWorker(db, clock, "telegram", parse, respond, batch_size=2)
    reads = count_inbox_reads(db)
    assert await worker.drain_once() == 5
    assert len(reads) == 3  # 2 + 2 + 1: the last batch was not full
    assert await inbox.pending(db, messenger="telegram", limit=10) == []
