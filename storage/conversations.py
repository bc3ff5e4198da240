"""Where each cadre is in the report flow: one JSON state per cadre, versioned.

The version is a compare-and-swap token: every change bumps it, buttons carry it, and a
write that expects an old version changes nothing (a stale or doubled press).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import portable
from storage.db import Database
from storage.tables import conversations


@dataclass(frozen=True)
class Conversation:
    cadre_id: int
    state: dict[str, Any]
    version: int
    updated_at: datetime | None


async def load(db: Database, cadre_id: int) -> Conversation:
    """The cadre's conversation; an empty one (version 0) if they never started one."""
    async with db.read() as conn:
        row = (
            await conn.execute(select(conversations).where(conversations.c.cadre_id == cadre_id))
        ).first()
    if row is None:
        return Conversation(cadre_id, {}, 0, None)
    return Conversation(cadre_id, json.loads(row.state), row.version, row.updated_at)


async def save(
    conn: AsyncConnection,
    *,
    cadre_id: int,
    state: dict[str, Any],
    expected_version: int,
    now: datetime,
) -> int | None:
    """Store the new state if nobody changed it since `expected_version`; the new version."""
    encoded = json.dumps(state, ensure_ascii=False, sort_keys=True)
    new_version = expected_version + 1
    if expected_version == 0:
        # The first save: of two updates racing to start the conversation, one inserts and
        # the other finds the row there (it waits for the first to commit on PostgreSQL).
        inserted = await conn.execute(
            portable.insert(conn, conversations)
            .values(cadre_id=cadre_id, state=encoded, version=new_version, updated_at=now)
            .on_conflict_do_nothing(index_elements=["cadre_id"])
        )
        return new_version if inserted.rowcount == 1 else None
    result = await conn.execute(
        update(conversations)
        .where(conversations.c.cadre_id == cadre_id, conversations.c.version == expected_version)
        .values(state=encoded, version=new_version, updated_at=now)
    )
    return new_version if result.rowcount == 1 else None


async def forget(conn: AsyncConnection, cadre_id: int) -> None:
    await conn.execute(delete(conversations).where(conversations.c.cadre_id == cadre_id))
