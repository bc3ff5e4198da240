"""The pacer: one timetable for a messenger, replies served before proactive messages."""

from __future__ import annotations

import asyncio

from bot.sender import Pacer
from storage.outbox import PROACTIVE, REPLY


async def test_a_reply_takes_the_next_free_slot_ahead_of_queued_reminders() -> None:
    pacer = Pacer(per_second=2000, per_chat_interval=0)
    order: list[str] = []

    async def send(name: str, priority: int) -> None:
        await pacer.wait(f"chat-{name}", priority)
        order.append(name)

    reminders = [asyncio.create_task(send(f"r{i}", PROACTIVE)) for i in range(20)]
    await asyncio.sleep(0)  # the reminders are queued (the first one has its slot)
    reply = asyncio.create_task(send("reply", REPLY))
    await asyncio.gather(reply, *reminders)
    assert order.index("reply") <= 2  # not behind the 19 reminders that were waiting
    assert [name for name in order if name != "reply"] == [f"r{i}" for i in range(20)]


async def test_a_chat_gets_a_short_burst_then_waits() -> None:
    pacer = Pacer(per_second=10_000, per_chat_interval=60, per_chat_burst=3)
    for _ in range(3):
        await pacer.wait("chat")  # the burst goes at once
    fourth = asyncio.create_task(pacer.wait("chat"))
    other = asyncio.create_task(pacer.wait("another chat"))
    await other  # other chats are not held up
    assert not fourth.done()  # the fourth waits a minute for the bucket to refill
    fourth.cancel()


async def test_a_cancelled_waiter_does_not_take_a_slot() -> None:
    pacer = Pacer(per_second=1000, per_chat_interval=0)
    first = asyncio.create_task(pacer.wait("a"))
    doomed = asyncio.create_task(pacer.wait("b"))
    last = asyncio.create_task(pacer.wait("c"))
    await asyncio.sleep(0)
    doomed.cancel()
    await asyncio.gather(first, last)
    assert doomed.cancelled()
