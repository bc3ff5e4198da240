"""Background work that runs beside the transport: the outbox sender (and schedulers)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.clock import Clock
from bot.i18n import t
from bot.scheduler import ReminderScheduler
from bot.sender import OutboxSender
from storage import cadres, outbox
from storage.db import Database
from storage.outbox import OutboxMessage

log = logging.getLogger(__name__)


def tell_admins_of_failure(
    db: Database, clock: Clock, messenger: str, admin_chat_ids: tuple[str, ...]
) -> Callable[[OutboxMessage, str], Awaitable[None]]:
    """A permanent failure to reach a cadre is told to the admins, once per cadre."""

    async def on_failure(message: OutboxMessage, error: str) -> None:
        if message.cadre_id is None:
            return
        async with db.transaction() as conn:
            cadre = await cadres.get(conn, message.cadre_id)
            for admin in admin_chat_ids:
                await outbox.enqueue(
                    conn,
                    key=f"delivery_failed:{message.cadre_id}:{admin}",
                    messenger=messenger,
                    chat_id=admin,
                    kind="admin_notice",
                    payload={"text": t("admin.cannot_reach", name=cadre.full_name, error=error)},
                    due_at=clock.now(),
                    now=clock.now(),
                )

    return on_failure


class Background:
    """Starts and stops the long-running tasks of one bot process."""

    def __init__(self, sender: OutboxSender, scheduler: ReminderScheduler | None = None) -> None:
        self.sender = sender
        self.scheduler = scheduler
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._stop.clear()
        self._tasks.append(asyncio.create_task(self.sender.run(self._stop), name="outbox-sender"))
        if self.scheduler is not None:
            self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()  # first: no new rows while the sender winds down
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)
        self._tasks.clear()
