"""`GET /healthz`: the database, the schema and the replica's role, over real HTTP."""

from __future__ import annotations

import httpx

from bot.health import HealthHandler, head_revision
from bot.web import WebServer
from storage.db import Database
from tests.test_migrations import HEAD


async def check(db: Database, leader: bool) -> httpx.Response:
    server = WebServer(
        [("/healthz", HealthHandler, {"db": db, "is_leader": lambda: leader})], "127.0.0.1", 0
    )
    await server.start()
    try:
        async with httpx.AsyncClient() as client:
            return await client.get(f"http://127.0.0.1:{server.port}/healthz")
    finally:
        await server.stop()


async def test_a_migrated_database_is_healthy(db: Database) -> None:
    answer = await check(db, leader=True)
    assert answer.status_code == 200
    assert answer.json() == {
        "role": "leader", "database": "ok", "schema": head_revision(),
        "schema_head": head_revision(),
    }  # fmt: skip


async def test_a_database_behind_the_code_is_not(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.exec_driver_sql("UPDATE alembic_version SET version_num = '001'")
    try:
        answer = await check(db, leader=False)
    finally:  # the PostgreSQL run shares one database between tests
        async with db.transaction() as conn:
            await conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{HEAD}'")
    assert answer.status_code == 503
    assert answer.json()["schema"] == "001" and answer.json()["role"] == "follower"


async def test_an_unreachable_database_is_not() -> None:
    gone = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    answer = await check(gone, leader=False)
    await gone.close()
    assert answer.status_code == 503 and answer.json()["database"] == "unreachable"
