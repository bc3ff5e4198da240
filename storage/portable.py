"""The few statements that SQLite and PostgreSQL spell differently: upserts and a lock on a
name for the rest of a transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

# First half of the two-integer advisory lock key: keeps these locks apart from any other
# advisory locks taken on the same database (PostgreSQL keeps the one-bigint and the
# two-integer key spaces apart, too).
ADVISORY_LOCK_NAMESPACE = 7_263_001


def insert(conn: AsyncConnection, table: Any) -> Any:
    """An INSERT that can say ON CONFLICT (DO NOTHING / DO UPDATE) on this connection's
    database; both dialects spell it the same from there on."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table)


async def insert_ignoring_duplicates(
    conn: AsyncConnection,
    table: Any,
    rows: Sequence[dict[str, Any]],
    *,
    conflict_columns: Sequence[str],
) -> int:
    """Insert the rows whose key is new, in one statement; how many were inserted."""
    if not rows:
        return 0
    statement = insert(conn, table).on_conflict_do_nothing(index_elements=list(conflict_columns))
    if len(rows) == 1:
        result = await conn.execute(statement.values(rows[0]))
        return max(int(result.rowcount), 0)
    # executemany: SQLite reports the total inserted; a driver that does not (-1) is taken
    # to have inserted them all.
    result = await conn.execute(statement, list(rows))
    return int(result.rowcount) if result.rowcount >= 0 else len(rows)


async def lock_name(conn: AsyncConnection, name: str) -> None:
    """Hold a lock on `name` until the transaction ends, so that two transactions checking
    "is it done yet?" before doing it take turns. SQLite needs nothing: its write
    transactions already take turns (BEGIN IMMEDIATE)."""
    if conn.dialect.name != "postgresql":
        return
    await conn.execute(
        select(func.pg_advisory_xact_lock(ADVISORY_LOCK_NAMESPACE, func.hashtext(name)))
    )
