"""Dialect-aware `INSERT … ON CONFLICT DO NOTHING`, the portable way to insert idempotently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def insert_ignoring_duplicates(
    conn: AsyncConnection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    conflict_columns: Sequence[str],
) -> int:
    """Insert the rows whose key is new, in one statement; how many were inserted."""
    if not rows:
        return 0
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
    if len(rows) == 1:
        result = await conn.execute(statement.values(rows[0]))
        return max(int(result.rowcount), 0)
    # executemany: one statement, many parameter sets; SQLite reports the total inserted,
    # drivers that do not report it (-1) are taken to have inserted them all.
    result = await conn.execute(statement, list(rows))
    return int(result.rowcount) if result.rowcount >= 0 else len(rows)
