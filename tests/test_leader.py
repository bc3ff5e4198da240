"""One leader at a time: SQLite is its own leader; on PostgreSQL an advisory lock decides,
and another replica takes over when the leader's session ends."""

from __future__ import annotations

import asyncio
import os
import random

import pytest

from bot.leader import Leadership
from storage.db import Database

POSTGRES_URL = os.environ.get("FIELDREPORT_TEST_POSTGRES_URL")


async def test_sqlite_is_its_own_leader(db: Database) -> None:
    led = asyncio.Event()

    async def lead(stepped_down: asyncio.Event) -> None:
        led.set()
        await stepped_down.wait()

    stop = asyncio.Event()
    leadership = Leadership(db, lead)
    running = asyncio.create_task(leadership.run(stop))
    await led.wait()
    assert leadership.is_leader
    stop.set()
    await running


@pytest.mark.skipif(POSTGRES_URL is None, reason="set FIELDREPORT_TEST_POSTGRES_URL")
async def test_one_leader_among_replicas_and_a_successor_when_it_dies() -> None:
    assert POSTGRES_URL is not None
    key = random.randrange(1, 2**62)  # this test's own lock, whatever else runs
    replicas = [Database(POSTGRES_URL) for _ in range(3)]
    leading: list[int] = []
    changed = asyncio.Event()

    def leader_of(index: int) -> Leadership:
        async def lead(stepped_down: asyncio.Event) -> None:
            leading.append(index)
            changed.set()
            await stepped_down.wait()
            leading.remove(index)

        return Leadership(replicas[index], lead, retry_seconds=0.05, lock_key=key)

    stops = [asyncio.Event() for _ in replicas]
    leaderships = [leader_of(i) for i in range(3)]
    tasks = [
        asyncio.create_task(lead.run(stop)) for lead, stop in zip(leaderships, stops, strict=True)
    ]
    try:
        async with asyncio.timeout(10):
            await changed.wait()
            await asyncio.sleep(0.3)  # the others keep asking meanwhile
            assert len(leading) == 1
            first = leading[0]
            changed.clear()
            # The leader dies: its connections close, PostgreSQL drops the lock.
            tasks[first].cancel()
            await replicas[first].close()
            while not leading or leading == [first]:
                changed.clear()
                await changed.wait()
        assert len(leading) == 1 and leading[0] != first
    finally:
        for stop in stops:
            stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for replica in replicas:
            await replica.close()
