"""One running bot: the database, the scheduler and, for every messenger whose token is set,
its inbox worker, paced outbox sender and receiver (polling or webhook), with one web server
for every webhook; all started and stopped together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram.ext import ExtBot

from bot.app import make_context, responder
from bot.clock import Clock, SystemClock
from bot.health import HealthHandler
from bot.inbox_worker import InboxWorker
from bot.leader import Leadership
from bot.messenger_parts import Parts, Tuning
from bot.runtime_telegram import TELEGRAM_SEND_RATE, TelegramSide
from bot.runtime_zalo import ZaloSide
from bot.scheduler import ReminderScheduler
from bot.settings import Settings
from bot.transports import telegram_updates
from bot.transports.zalo_api import ZaloUnauthorized
from bot.web import Route, WebServer
from handlers.context import BotContext
from storage.db import Database
from storage.migrate import migrate

log = logging.getLogger(__name__)
__all__ = ["TELEGRAM_SEND_RATE", "BotRuntime", "Tuning", "serve"]

Side = TelegramSide | ZaloSide


class BotRuntime:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        clock: Clock | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock or SystemClock()
        self.tuning = tuning or Tuning()
        self.stop_event = asyncio.Event()
        self.outbox_wake = asyncio.Event()
        self.ctx: BotContext = make_context(
            settings, db, self.clock, wake_outbox=self.outbox_wake.set
        )
        admin_chats = [("telegram", str(admin)) for admin in settings.admin_telegram_ids]
        admin_chats += [("zalo", admin) for admin in settings.zalo_admin_ids]
        parts = Parts(
            db, self.clock, self.tuning, self.tuning.respond or responder(self.ctx),
            self.outbox_wake, admin_chats,
        )  # fmt: skip
        self.telegram = TelegramSide(parts, settings) if settings.telegram_bot_token else None
        self.zalo = ZaloSide(parts, settings) if settings.zalo_bot_token else None
        self.sides: list[Side] = [side for side in (self.telegram, self.zalo) if side]
        self.scheduler = (
            ReminderScheduler(db, self.clock, settings, self.outbox_wake)
            if self.tuning.run_scheduler
            else None
        )
        self.web: WebServer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._poll_tasks: list[asyncio.Task[None]] = []
        self.leadership = Leadership(db, self._lead)
        self.leading = asyncio.Event()  # set while this replica runs the leader's duties

    @property
    def bot(self) -> ExtBot[object]:
        """Telegram's bot (tests and tools that talk to Telegram directly)."""
        assert self.telegram is not None, "TELEGRAM_BOT_TOKEN is not set"
        return self.telegram.bot

    @property
    def worker(self) -> InboxWorker:
        """The first messenger's inbox worker (tests wake it after moving the clock)."""
        return self.sides[0].worker

    async def start(self) -> bool:
        """Migrate, reach every messenger (retrying), then start every part; False when
        stopped before they could be reached.

        Every replica handles stored updates and serves the webhooks; the scheduler, the
        paced senders and the pollers run on the leader only (`bot.leader`), so the
        messengers' global rate limits hold in total. On SQLite the one process leads."""
        await migrate(self.db)
        for side in self.sides:
            if not await side.connect(self.stop_event):
                return False
        for side in self.sides:
            self._spawn(side.worker.run, f"{side.messenger}-inbox-worker")
        routes: list[Route] = [route for side in self.sides for route in side.routes()]
        if routes:
            health = (
                "/healthz",
                HealthHandler,
                {"db": self.db, "is_leader": lambda: self.leadership.is_leader},
            )
            self.web = WebServer(
                [*routes, health], self.settings.webhook_listen, self.settings.webhook_port
            )  # fmt: skip
            await self.web.start()
        self._spawn(self.leadership.run, "leadership")
        log.info("bot ready: %s", ", ".join(side.messenger for side in self.sides))
        return True

    async def _lead(self, stepped_down: asyncio.Event) -> None:
        """The leader's duties, until it steps down (or the bot stops)."""
        duties: list[asyncio.Task[None]] = []

        def spawn(
            work: Callable[[asyncio.Event], Awaitable[None]], name: str
        ) -> asyncio.Task[None]:
            async def guarded() -> None:
                try:
                    await work(stepped_down)
                except Exception:
                    log.exception("%s stopped with an error; the bot stops", name)
                    self.stop_event.set()

            task = asyncio.create_task(guarded(), name=name)
            duties.append(task)
            return task

        if self.tuning.run_sender:
            for side in self.sides:
                spawn(side.sender.run, f"{side.messenger}-outbox-sender")
        if self.scheduler is not None:
            self.scheduler.start()
        for side in self.sides:
            task = await side.start_receiving(spawn)
            if task is not None:
                self._poll_tasks.append(task)
        self.leading.set()
        try:
            await stepped_down.wait()
        finally:
            self.leading.clear()
            if self.scheduler is not None:
                await self.scheduler.stop()
            for task in self._poll_tasks:
                task.cancel()  # a poll in flight has confirmed nothing yet: nothing is lost
            self._poll_tasks.clear()
            for task in duties:
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(task, timeout=10)

    def _spawn(
        self, work: Callable[[asyncio.Event], Awaitable[None]], name: str
    ) -> asyncio.Task[None]:
        async def guarded() -> None:
            try:
                await work(self.stop_event)
            except Exception:
                log.exception("%s stopped with an error; the bot stops", name)
                self.stop_event.set()

        task = asyncio.create_task(guarded(), name=name)
        self._tasks.append(task)
        return task

    async def stop(self) -> None:
        if self.scheduler is not None and self.leading.is_set():
            await self.scheduler.stop()  # first: no new rows while the others wind down
        self.stop_event.set()
        self.outbox_wake.set()
        for task in self._poll_tasks:
            # A poll in flight has confirmed nothing yet: dropping it loses nothing.
            task.cancel()
        if self.web is not None:
            await self.web.stop()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=10)
        self._tasks.clear()
        for side in self.sides:
            with contextlib.suppress(Exception):
                await side.close()


async def serve(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; the exit code."""
    import signal

    db = Database(settings.database_url)
    runtime = BotRuntime(settings, db)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, runtime.stop_event.set)
    try:
        try:
            started = await runtime.start()
        except telegram_updates.BadToken:
            log.error("Telegram refuses TELEGRAM_BOT_TOKEN (401): check the token with @BotFather")
            return 2
        except ZaloUnauthorized:
            log.error("Zalo refuses ZALO_BOT_TOKEN (401): check the token in Zalo Bot Creator")
            return 2
        if started:
            await runtime.stop_event.wait()
    finally:
        await runtime.stop()
        await db.close()
    return 0
