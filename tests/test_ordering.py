"""One chat's updates are handled in order; other chats are not held up by it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update

from bot.transports.ordering import PerChatOrderedProcessor


def chat_update(update_id: int, chat_id: int) -> Update:
    message = Message(update_id, datetime(2026, 3, 10, tzinfo=UTC), Chat(chat_id, Chat.PRIVATE))
    return Update(update_id, message=message)


async def test_same_chat_in_order_other_chats_concurrently() -> None:
    processor = PerChatOrderedProcessor(8)
    release_first = asyncio.Event()
    log: list[str] = []

    async def work(name: str, gate: asyncio.Event | None = None) -> None:
        log.append(f"start {name}")
        if gate is not None:
            await gate.wait()
        log.append(f"end {name}")

    first = asyncio.create_task(
        processor.process_update(chat_update(1, 1), work("a1", release_first))
    )
    second = asyncio.create_task(processor.process_update(chat_update(2, 1), work("a2")))
    other = asyncio.create_task(processor.process_update(chat_update(3, 2), work("b1")))
    await other  # chat 2 finishes while chat 1 is still blocked
    assert log == ["start a1", "start b1", "end b1"]
    release_first.set()
    await asyncio.gather(first, second)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor._locks == {}
