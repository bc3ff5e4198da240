"""Replies are a lane of their own: a broadcast holding every send slot never delays one."""

from __future__ import annotations

import asyncio

from bot.clock import FakeClock
from bot.sender import OutboxSender
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxMessage


async def queue(db: Database, clock: FakeClock, key: str, chat: str, priority: int) -> None:
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn, key=key, messenger="telegram", chat_id=chat, kind=key.split(":")[0],
            payload={"text": key}, due_at=clock.now(), now=clock.now(), priority=priority,
        )  # fmt: skip


class StuckBroadcast:
    """Proactive sends hang (a slow network) until `release`; replies go through at once."""

    def __init__(self) -> None:
        self.hanging = 0
        self.delivered: list[str] = []
        self.release = asyncio.Event()
        self.changed = asyncio.Event()

    async def __call__(self, message: OutboxMessage) -> None:
        if message.priority == outbox.PROACTIVE:
            self.hanging += 1
            self.changed.set()
            await self.release.wait()
        self.delivered.append(message.idempotency_key)
        self.changed.set()

    async def until(self, *, hanging: int = 0, key: str = "") -> None:
        async with asyncio.timeout(5):  # bounds a broken test only
            while self.hanging < hanging or (key and key not in self.delivered):
                self.changed.clear()
                await self.changed.wait()


async def test_a_reply_is_sent_while_a_broadcast_holds_every_send_slot(
    db: Database, clock: FakeClock
) -> None:
    for n in range(3):
        await queue(db, clock, f"reminder:{n}", chat=str(1000 + n), priority=outbox.PROACTIVE)
    transport = StuckBroadcast()
    sender = OutboxSender(db, clock, "telegram", transport, concurrency=2)
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    try:
        await transport.until(hanging=2)  # both proactive slots taken, the third row waits
        await queue(db, clock, "reply:1", chat="5001", priority=outbox.REPLY)
        sender.wake.set()
        await transport.until(key="reply:1")
        assert transport.delivered == ["reply:1"] and transport.hanging == 2
    finally:
        transport.release.set()
        stop.set()
        sender.wake.set()
        await running
    assert sorted(transport.delivered) == ["reminder:0", "reminder:1", "reminder:2", "reply:1"]
