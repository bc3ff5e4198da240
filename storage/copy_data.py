"""Copy every row of one database into another, empty one (SQLite ⇄ PostgreSQL).

Both databases must be at the same (newest) schema. The copy reads one snapshot of the
source and writes the target in one transaction: tables in dependency order, rows in batches,
then PostgreSQL's id sequences moved past the copied ids, then the row counts compared. Any
failure leaves the target as empty as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.tables import metadata

BATCH_ROWS = 500


class TargetNotEmpty(Exception):
    def __init__(self, table: str, rows: int) -> None:
        super().__init__(f"{table} has {rows} rows")
        self.table, self.rows = table, rows


class CountMismatch(Exception):
    def __init__(self, table: str, source: int, target: int) -> None:
        super().__init__(f"{table}: {source} rows in the source, {target} in the target")
        self.table, self.source, self.target = table, source, target


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int


async def row_counts(conn: AsyncConnection, tables: Sequence[Table]) -> dict[str, int]:
    return {
        table.name: int((await conn.execute(select(func.count()).select_from(table))).scalar_one())
        for table in tables
    }


async def copy_database(source: Database, target: Database) -> list[CopiedTable]:
    """Copy all rows of `source` into `target`; raises TargetNotEmpty (nothing written) or
    CountMismatch (rolled back)."""
    tables = metadata.sorted_tables  # parents before children: foreign keys hold throughout
    async with source.read() as reader, target.transaction() as writer:
        for name, rows in (await row_counts(writer, tables)).items():
            if rows:
                raise TargetNotEmpty(name, rows)
        for table in tables:
            await _copy_table(reader, writer, table)
        if writer.dialect.name == "postgresql":
            await _move_sequences_past_copied_ids(writer, tables)
        expected, copied = await row_counts(reader, tables), await row_counts(writer, tables)
        for name, rows in expected.items():
            if copied[name] != rows:
                raise CountMismatch(name, rows, copied[name])
    return [CopiedTable(name, rows) for name, rows in copied.items()]


async def _copy_table(reader: AsyncConnection, writer: AsyncConnection, table: Table) -> None:
    ordered = select(table).order_by(*table.primary_key.columns)
    result = await reader.stream(ordered)
    async for batch in result.mappings().partitions(BATCH_ROWS):
        await writer.execute(insert(table), [dict(row) for row in batch])


async def _move_sequences_past_copied_ids(writer: AsyncConnection, tables: Sequence[Table]) -> None:
    """Copied rows keep their ids, which PostgreSQL's sequences did not hand out: without
    this the next insert would collide with id 1."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        await writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
            )
        )
