"""Migrations on a real SQLite file: they create exactly the declared schema, idempotently."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database
from storage.migrate import alembic_config, current_revision, migrate
from storage.tables import metadata


async def test_schema_matches_the_table_declarations(db: Database) -> None:
    async with db.read() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    assert diff == []


async def test_migrating_twice_is_harmless_and_reaches_head(db: Database) -> None:
    await migrate(db)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await current_revision(db) == head == "010"


async def test_revisions_are_numbered_in_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions()]
    assert revisions == sorted(revisions, reverse=True)
    assert all(rev.isdigit() and len(rev) == 3 for rev in revisions)


async def test_sqlite_is_tuned(db: Database) -> None:
    async with db.read() as conn:
        journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        busy = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert (journal, foreign_keys, busy) == ("wal", 1, 5000)
