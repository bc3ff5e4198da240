"""How fast can the test suite get an empty, migrated PostgreSQL database for each test?

Compares the two ways: TRUNCATE of every table (RESTART IDENTITY CASCADE) in one database
migrated once, against CREATE DATABASE ... TEMPLATE of a migrated template per test (and
DROP afterwards). The suite uses the faster one (tests/postgres_support.py).

    FIELDREPORT_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.pg_test_reset
"""

from __future__ import annotations

import asyncio
import sys
import time

from storage.db import Database
from storage.migrate import migrate
from tests.postgres_support import (
    TRUNCATE_ALL,
    create_database,
    delete_all_statements,
    drop_database,
    fresh_database_name,
    server_url,
)

ROUNDS = 20


async def _truncate_per_test(url: str) -> float:
    db = Database(url)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        async with db.transaction() as conn:
            await conn.exec_driver_sql(TRUNCATE_ALL)
    elapsed = (time.perf_counter() - started) / ROUNDS
    await db.close()
    return elapsed


async def _delete_per_test(url: str) -> float:
    db = Database(url)
    statements = delete_all_statements()
    started = time.perf_counter()
    for _ in range(ROUNDS):
        async with db.transaction() as conn:
            for statement in statements:
                await conn.exec_driver_sql(statement)
    elapsed = (time.perf_counter() - started) / ROUNDS
    await db.close()
    return elapsed


async def _template_per_test(server: str, template: str) -> float:
    started = time.perf_counter()
    for _ in range(ROUNDS):
        name = fresh_database_name()
        await create_database(server, name, template=template)
        await drop_database(server, name)
    return (time.perf_counter() - started) / ROUNDS


async def main() -> None:
    server = server_url()
    if server is None:
        sys.exit("set FIELDREPORT_TEST_POSTGRES_URL")
    name = fresh_database_name()
    url = await create_database(server, name)
    try:
        db = Database(url)
        await migrate(db)
        await db.close()
        truncate = await _truncate_per_test(url)
        deleting = await _delete_per_test(url)
        template = await _template_per_test(server, name)
    finally:
        await drop_database(server, name)
    print(f"TRUNCATE all tables:          {truncate * 1000:7.1f} ms per test")
    print(f"DELETE + restart sequences:   {deleting * 1000:7.1f} ms per test")
    print(f"CREATE DATABASE ... TEMPLATE: {template * 1000:7.1f} ms per test")
    print(f"ratio truncate / delete:      {truncate / deleting:7.1f}x")
    print(f"ratio template / delete:      {template / deleting:7.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
