"""The inbox: every incoming update is stored before the messenger is told it arrived.

Transports `accept` updates (one transaction per batch) and only then acknowledge them; the
inbox worker handles `pending` rows in order per chat, marks them `done` in the same
transaction as their effects, retries failures with backoff, and parks (`dead`) an update
that never succeeds. The (messenger, update_key) key makes a redelivered update a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.portable import insert_ignoring_duplicates
from storage.tables import inbox


@dataclass(frozen=True)
class IncomingUpdate:
    """What a transport received, before anything is made of it."""

    update_key: str
    chat_key: str
    payload: str  # the messenger's JSON, verbatim


@dataclass(frozen=True)
class InboxRow:
    id: int
    messenger: str
    update_key: str
    chat_key: str
    payload: str
    attempts: int
    received_at: datetime
    next_attempt_at: datetime


_ROW_COLUMNS = (
    inbox.c.id,
    inbox.c.messenger,
    inbox.c.update_key,
    inbox.c.chat_key,
    inbox.c.payload,
    inbox.c.attempts,
    inbox.c.received_at,
    inbox.c.next_attempt_at,
)


async def accept(
    db: Database, messenger: str, updates: Sequence[IncomingUpdate], now: datetime
) -> int:
    """Store the updates (those already known are ignored) in one transaction; how many
    were new. When this returns, the updates may be acknowledged to the messenger."""
    if not updates:
        return 0
    rows: list[dict[str, Any]] = [
        {
            "messenger": messenger,
            "update_key": item.update_key,
            "chat_key": item.chat_key,
            "payload": item.payload,
            "status": "pending",
            "attempts": 0,
            "received_at": now,
            "next_attempt_at": now,
        }
        for item in updates
    ]
    async with db.transaction() as conn:
        return await insert_ignoring_duplicates(
            conn, inbox, rows, conflict_columns=("messenger", "update_key")
        )


async def pending(db: Database, *, messenger: str, limit: int) -> list[InboxRow]:
    """The oldest pending updates of a messenger, in arrival order."""
    async with db.read() as conn:
        result = await conn.execute(
            select(*_ROW_COLUMNS)
            .where(inbox.c.status == "pending", inbox.c.messenger == messenger)
            .order_by(inbox.c.id)
            .limit(limit)
        )
        return [InboxRow(*row) for row in result.all()]


async def lock_for_handling(conn: AsyncConnection, row: InboxRow) -> bool:
    """On the handling transaction: whether this replica may handle `row` now. False when
    another replica is handling an update of the same chat (PostgreSQL: a transaction-level
    advisory lock per chat keeps each chat's updates in order across replicas) or has
    handled this one already."""
    if conn.dialect.name == "postgresql":
        key = f"inbox:{row.messenger}:{row.chat_key}"
        locked = await conn.execute(select(func.pg_try_advisory_xact_lock(func.hashtext(key))))
        if not locked.scalar():
            return False
        status = await conn.execute(
            select(inbox.c.status).where(inbox.c.id == row.id).with_for_update()
        )
    else:  # one process, writers serialised: a plain read is enough
        status = await conn.execute(select(inbox.c.status).where(inbox.c.id == row.id))
    return status.scalar() == "pending"


async def mark_done(conn: AsyncConnection, row_id: int, now: datetime) -> None:
    """On the handling transaction: the update's effects and its `done` commit together."""
    await conn.execute(
        update(inbox).where(inbox.c.id == row_id).values(status="done", handled_at=now)
    )


async def mark_retry(
    db: Database, row_id: int, *, attempts: int, error: str, next_attempt_at: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            update(inbox)
            .where(inbox.c.id == row_id)
            .values(attempts=attempts, last_error=error[:1000], next_attempt_at=next_attempt_at)
        )


async def mark_dead(db: Database, row_id: int, *, attempts: int, error: str, now: datetime) -> None:
    """Park an update that cannot be handled; its chat goes on with the next one."""
    async with db.transaction() as conn:
        await conn.execute(
            update(inbox)
            .where(inbox.c.id == row_id)
            .values(status="dead", attempts=attempts, last_error=error[:1000], handled_at=now)
        )


async def counts(db: Database) -> dict[str, int]:
    """Rows per status (for status views and tests)."""
    async with db.read() as conn:
        result = await conn.execute(select(inbox.c.status, func.count()).group_by(inbox.c.status))
        return {str(status): int(count) for status, count in result.all()}


async def rows(db: Database, **filters: object) -> list[dict[str, Any]]:
    """Rows matching column equality filters, in id order (for tests and admin views)."""
    query = select(inbox).order_by(inbox.c.id)
    for column, value in filters.items():
        query = query.where(inbox.c[column] == value)
    async with db.read() as conn:
        return [dict(row._mapping) for row in (await conn.execute(query)).all()]
