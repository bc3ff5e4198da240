"""A PostgreSQL database of its own for each test run, emptied between tests.

`FIELDREPORT_TEST_POSTGRES_URL` names a server and a database to connect to for admin work;
the run creates `fieldreport_test_<random>` there, migrates it once, and drops it at the end.
Between tests every table is emptied with DELETE and the id sequences restart: measured ten
times faster than TRUNCATE and thirty times faster than creating each test's database from a
migrated template (`bench/pg_test_reset.py`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from storage.db import Database
from storage.migrate import migrate
from storage.tables import metadata

POSTGRES_URL_VARIABLE = "FIELDREPORT_TEST_POSTGRES_URL"
HOW_TO_RUN = (
    f"tests not run on PostgreSQL: set {POSTGRES_URL_VARIABLE}="
    "postgresql+asyncpg://postgres@127.0.0.1:5432/test to run them"
)


def server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def fresh_database_name() -> str:
    return f"fieldreport_test_{secrets.token_hex(6)}"


@asynccontextmanager
async def _admin(url: str) -> AsyncIterator[AsyncConnection]:
    # CREATE/DROP DATABASE cannot run inside a transaction block.
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            yield conn
    finally:
        await engine.dispose()


async def check_reachable(server: str) -> None:
    async with _admin(server) as conn:
        await conn.execute(text("SELECT 1"))


async def create_database(server: str, name: str, *, template: str | None = None) -> str:
    """Create database `name` on the server of `server` (empty, or a copy of `template`)."""
    clause = f' TEMPLATE "{template}"' if template else ""
    async with _admin(server) as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    return with_database(server, name)


async def drop_database(server: str, name: str) -> None:
    async with _admin(server) as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """A brand-new, empty database on the test server, dropped when the block ends."""
    server = server_url()
    assert server is not None
    name = fresh_database_name()
    url = await create_database(server, name)
    try:
        yield url
    finally:
        await drop_database(server, name)


async def create_migrated_database(server: str, name: str) -> str:
    url = await create_database(server, name)
    db = Database(url)
    try:
        await migrate(db)
    finally:
        await db.close()
    return url


async def empty_database(url: str) -> None:
    db = Database(url)
    try:
        async with db.transaction() as conn:
            for statement in delete_all_statements():
                await conn.exec_driver_sql(statement)
    finally:
        await db.close()


TRUNCATE_ALL = "TRUNCATE {} RESTART IDENTITY CASCADE".format(
    ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
)


def delete_all_statements() -> list[str]:
    """Empty every table, children first, and restart the id sequences: on tables of a test's
    size this is much cheaper than TRUNCATE, which replaces every table's files."""
    statements = [f'DELETE FROM "{table.name}"' for table in reversed(metadata.sorted_tables)]
    for table in metadata.sorted_tables:
        column = table.autoincrement_column
        if column is not None:
            statements.append(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
            )
    return statements
