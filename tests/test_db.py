"""The database gateway on a real SQLite file: reads never wait for a writer, writers queue."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from storage.db import Database
from storage.tables import units

CREATED = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


async def _add_unit(db: Database, name: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(insert(units).values(name=name, created_at=CREATED))


async def _unit_names(db: Database) -> list[str]:
    async with db.read() as conn:
        return list((await conn.execute(select(units.c.name).order_by(units.c.id))).scalars())


async def test_a_read_does_not_wait_for_an_open_write_transaction(db: Database) -> None:
    """A long write (a roster import, say) holds the write lock; a read meanwhile returns the
    last committed state at once instead of waiting out the busy timeout and failing."""
    await _add_unit(db, "Đảng bộ xã Minh Hòa")
    inserted, release = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with db.transaction() as conn:
            await conn.execute(insert(units).values(name="Đảng bộ xã An Phú", created_at=CREATED))
            inserted.set()
            await release.wait()

    writer = asyncio.create_task(long_write())
    try:
        await asyncio.wait_for(inserted.wait(), 1)
        assert await asyncio.wait_for(_unit_names(db), 1) == ["Đảng bộ xã Minh Hòa"]
        assert not writer.done()
    finally:
        release.set()
        await writer
    assert await _unit_names(db) == ["Đảng bộ xã Minh Hòa", "Đảng bộ xã An Phú"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_two_write_transactions_still_take_turns(db: Database) -> None:
    """The second writer waits (on the busy timeout) until the first commits, then sees its
    row and succeeds: no «database is locked», no lost update."""
    inserted, release = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def first() -> None:
        async with db.transaction() as conn:
            await conn.execute(insert(units).values(name="Thứ nhất", created_at=CREATED))
            inserted.set()
            await release.wait()
            order.append("first commits")

    async def second() -> int:
        async with db.transaction() as conn:
            order.append("second begins")
            count = (await conn.execute(select(func.count()).select_from(units))).scalar_one()
            await conn.execute(
                insert(units).values(name=f"Thứ hai, sau {count}", created_at=CREATED)
            )
        return int(count)

    one = asyncio.create_task(first())
    await asyncio.wait_for(inserted.wait(), 1)
    two = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    assert not two.done() and order == []  # blocked on BEGIN IMMEDIATE
    release.set()
    await asyncio.wait_for(one, 2)
    assert await asyncio.wait_for(two, 4) == 1
    assert order == ["first commits", "second begins"]
    assert await _unit_names(db) == ["Thứ nhất", "Thứ hai, sau 1"]
