"""Which replica runs the scheduler and the paced senders: one leader at a time.

On PostgreSQL the leader holds a session advisory lock on a connection of its own; when its
process dies the server drops the session and the lock, and the next replica that asks gets
it (replicas ask every `retry_seconds`, so a new leader is running within that time plus the
server's notice of the dead session). The leader checks its connection just as often, and
steps down if it is lost. On SQLite there is one process, and it is its own leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.backoff import sleep_unless_stopped
from storage.db import Database

log = logging.getLogger(__name__)
# An arbitrary 64-bit key naming "the fieldreport-bot leader" among advisory locks.
LEADER_LOCK_KEY = 7_262_020_264_101_001


class Leadership:
    """Runs `lead()` while this replica is the leader; `lead` must return when `stepped_down`
    is set (it is passed the event)."""

    def __init__(
        self,
        db: Database,
        lead: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
        *,
        retry_seconds: float = 2.0,
        lock_key: int = LEADER_LOCK_KEY,
    ) -> None:
        self._db = db
        self._lead = lead
        self._retry = retry_seconds
        self._key = lock_key
        self.is_leader = False

    async def run(self, stop: asyncio.Event) -> None:
        if self._db.is_sqlite:
            self.is_leader = True
            await self._lead(stop)
            return
        while not stop.is_set():
            try:
                await self._term(stop)
            except Exception as exc:
                log.warning("leader election: %s: %s; trying again", type(exc).__name__, exc)
            self.is_leader = False
            await sleep_unless_stopped(self._retry, stop)

    async def _term(self, stop: asyncio.Event) -> None:
        """Try to become the leader; if so, lead until stopped or the connection is lost."""
        async with self._db.engine.connect() as conn:
            if not await self._try_lock(conn):
                await conn.rollback()
                return
            log.info("this replica is now the leader")
            self.is_leader = True
            stepped_down = asyncio.Event()
            leading = asyncio.create_task(self._lead(stepped_down))
            try:
                while not stop.is_set() and not leading.done():
                    await sleep_unless_stopped(self._retry, stop)
                    await conn.execute(text("SELECT 1"))  # raises when the session is gone
                    await conn.commit()
            finally:
                stepped_down.set()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(leading, timeout=30)
                # The lock belongs to the session: a pooled connection would keep it (and the
                # leadership) after this replica stopped leading. Closing it ends the session.
                with contextlib.suppress(Exception):
                    await conn.invalidate()
                log.info("this replica is no longer the leader")

    async def _try_lock(self, conn: AsyncConnection) -> bool:
        result = await conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
        locked = bool(result.scalar())
        await conn.commit()  # the lock belongs to the session, not the transaction
        return locked
