"""Migrations on a real SQLite file and a real PostgreSQL database: they create exactly the
declared schema, idempotently."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database
from storage.migrate import alembic_config, current_revision, migrate
from storage.tables import metadata
from tests import postgres_support

# The newest migration (the test of their numbering checks they form one line).
HEAD = "013"


async def schema_differences(db: Database) -> list[object]:
    """What the migrated schema has that the declarations do not, or the other way round."""
    async with db.read() as conn:
        return await conn.run_sync(
            lambda sync: list(
                compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), metadata
                )
            )
        )


async def test_schema_matches_the_table_declarations(db: Database) -> None:
    assert await schema_differences(db) == []


async def test_migrating_twice_is_harmless_and_reaches_head(db: Database) -> None:
    await migrate(db)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await current_revision(db) == head == HEAD


async def test_revisions_are_numbered_in_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions()]
    assert revisions == sorted(revisions, reverse=True)
    assert all(rev.isdigit() and len(rev) == 3 for rev in revisions)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_sqlite_is_tuned(db: Database) -> None:
    async with db.read() as conn:
        journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        busy = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert (journal, foreign_keys, busy) == ("wal", 1, 5000)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_an_empty_postgresql_database_migrates_to_the_declarations(backend: str) -> None:
    """Not the run's shared database: a brand-new one, so nothing but the migrations made it."""
    async with postgres_support.scratch_database() as url:
        db = Database(url)
        try:
            await migrate(db)
            assert await current_revision(db) == HEAD
            assert await schema_differences(db) == []
        finally:
            await db.close()


async def _start_together(url: str) -> None:
    replicas = [Database(url) for _ in range(3)]
    try:
        await asyncio.wait_for(asyncio.gather(*(migrate(db) for db in replicas)), 60)
        assert [await current_revision(db) for db in replicas] == [HEAD] * 3
    finally:
        for db in replicas:
            await db.close()


async def test_processes_starting_together_migrate_once(database_url: str, backend: str) -> None:
    """Several replicas start at the same moment on a brand-new database: one migrates, the
    others wait and find the schema at head; none fails on a table that already exists."""
    if backend == "sqlite":
        await _start_together(database_url)
        return
    async with postgres_support.scratch_database() as url:
        await _start_together(url)
