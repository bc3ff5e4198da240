"""The database gateway: one async engine per process, SQLite tuned for a bot's life."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 5000
# Execution option marking a connection that only reads: on SQLite its transaction starts
# with a plain (deferred) BEGIN, so it reads the last committed state without waiting for a
# writer (WAL), instead of queueing for the write lock like `transaction()` does.
READ_ONLY_OPTION = "fieldreport_read_only"


class Database:
    """Owns the engine; storage functions open short transactions through it.

    `unit_of_work()` makes everything inside it one transaction: the storage functions called
    within (which open `transaction()` or `read()` themselves) join it instead of opening
    their own, so handling one update reads and writes through one connection and commits
    once. On SQLite, writers queue on an in-process lock before `BEGIN IMMEDIATE`, in arrival
    order, instead of polling SQLite's busy timeout against each other.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: AsyncEngine = _create_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = asyncio.Lock() if self.is_sqlite else None
        self._ambient: ContextVar[AsyncConnection | None] = ContextVar(
            f"fieldreport_uow_{id(self)}", default=None
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block ends, rolled back on any error. Inside
        a unit of work it is that unit's transaction."""
        ambient = self._ambient.get()
        if ambient is not None:
            yield ambient
            return
        async with self._write_lock(), self.engine.begin() as conn:
            yield conn

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncConnection]:
        """One transaction that every storage call inside the block joins."""
        if self._ambient.get() is not None:
            raise RuntimeError("units of work do not nest")
        async with self._write_lock(), self.engine.begin() as conn:
            token = self._ambient.set(conn)
            try:
                yield conn
            finally:
                self._ambient.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reading only: it does not wait for (or block) a writer on SQLite;
        what it reads is one consistent snapshot. Never write through it. Inside a unit of
        work it is that unit's connection (which sees the unit's own writes)."""
        ambient = self._ambient.get()
        if ambient is not None:
            yield ambient
            return
        async with self.engine.connect() as conn:
            await conn.execution_options(**{READ_ONLY_OPTION: True})
            yield conn

    @asynccontextmanager
    async def _write_lock(self) -> AsyncIterator[None]:
        if self._writer is None:
            yield
            return
        async with self._writer:  # FIFO: writers take the database in arrival order
            yield

    async def close(self) -> None:
        await self.engine.dispose()


def _create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url)
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
        # DDL and every multi-statement write are truly atomic (SQLAlchemy's aiosqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        # A write transaction takes the write lock up front (IMMEDIATE): two writers wait on
        # busy_timeout instead of failing when a read transaction tries to become a write one.
        # A read (`Database.read()`) begins deferred: under WAL it never waits for a writer.
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
