"""The audit log: who did what, appended inside the transaction that did it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.tables import audit_log


async def append(
    conn: AsyncConnection,
    *,
    at: datetime,
    actor: str,
    action: str,
    cadre_id: int | None = None,
    **detail: Any,
) -> None:
    """Add one row on an open connection, so it commits or rolls back with its change."""
    await conn.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            cadre_id=cadre_id,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


async def record(db: Database, **fields: Any) -> None:
    """Add one row in a transaction of its own (for refusals, which change nothing else)."""
    async with db.transaction() as conn:
        await append(conn, **fields)


async def actions(db: Database, action: str | None = None) -> list[dict[str, Any]]:
    """Rows of the log, oldest first, with `detail` decoded."""
    query = select(audit_log).order_by(audit_log.c.id)
    if action is not None:
        query = query.where(audit_log.c.action == action)
    async with db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [{**row, "detail": json.loads(row["detail"])} for row in rows]
