"""Apply the numbered Alembic migrations (at start-up and by `python bot.py migrate`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from storage import portable
from storage.db import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


MIGRATION_LOCK = "fieldreport:migrations"


async def migrate(db: Database) -> None:
    """Bring the schema to the newest revision, in one transaction. On PostgreSQL, processes
    starting together take turns on a lock: one migrates, the others then find the schema
    at head (on SQLite the write lock does the same)."""
    async with db.transaction() as conn:
        await portable.lock_name(conn, MIGRATION_LOCK)
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), "head"))


async def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with db.read() as conn:
        return await conn.run_sync(
            lambda sync_conn: MigrationContext.configure(sync_conn).get_current_revision()
        )


@asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[Database]:
    """A database brought to the newest schema, closed when the block ends (for CLI tasks)."""
    db = Database(url)
    try:
        await migrate(db)
        yield db
    finally:
        await db.close()
