"""One running bot: the database, the inbox worker, the outbox sender, the scheduler and the
Telegram receiver (polling or webhook), started and stopped together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram.request import BaseRequest, HTTPXRequest

from bot.app import make_context, responder
from bot.backoff import Backoff
from bot.clock import Clock, SystemClock
from bot.command_menus import command_menus
from bot.i18n import t
from bot.inbox_worker import InboxRetryPolicy, InboxWorker, Respond
from bot.scheduler import ReminderScheduler
from bot.sender import OutboxSender, RetryPolicy
from bot.services import tell_admins_of_failure
from bot.settings import Settings
from bot.transports import telegram, telegram_updates
from bot.web import WebServer
from handlers.context import BotContext
from storage import attachments, outbox
from storage.db import Database
from storage.inbox import InboxRow
from storage.migrate import migrate

log = logging.getLogger(__name__)
# Outbox sends per second to Telegram: 29 of its 30/s, evenly spaced so that no sliding
# second ever sees more than 30 (see bench/reminder_broadcast.py).
TELEGRAM_SEND_RATE = 29.0


@dataclass
class Tuning:
    """What tests and benchmarks change; production uses the defaults."""

    send_rate: float = TELEGRAM_SEND_RATE
    per_chat_interval: float = 1.0
    telegram_request: BaseRequest | None = None
    telegram_updates_request: BaseRequest | None = None
    poll_timeout: int = telegram_updates.POLL_TIMEOUT_SECONDS
    run_scheduler: bool = True
    run_sender: bool = True  # False: a test drains the outbox itself, step by step
    inbox_policy: InboxRetryPolicy = field(default_factory=InboxRetryPolicy)
    sender_policy: RetryPolicy = field(default_factory=RetryPolicy)
    connect_backoff: Backoff = field(default_factory=Backoff)
    respond: Respond | None = None  # instead of the handlers (tests of failures)


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
        self.updates_request = self.tuning.telegram_updates_request or HTTPXRequest(
            read_timeout=self.tuning.poll_timeout + 10.0
        )
        self.bot = telegram.build_bot(
            settings,
            request=self.tuning.telegram_request,
            get_updates_request=self.updates_request,
        )
        admins = tuple(str(admin) for admin in settings.admin_telegram_ids)
        self.sender = OutboxSender(
            db,
            self.clock,
            telegram.MESSENGER,
            telegram.delivery(self.bot, load_attachment=attachments.loader(db)),
            on_permanent_failure=tell_admins_of_failure(db, self.clock, telegram.MESSENGER, admins),
            wake=self.outbox_wake,
            max_per_second=self.tuning.send_rate,
            per_chat_interval=self.tuning.per_chat_interval,
            policy=self.tuning.sender_policy,
        )
        self.worker = InboxWorker(
            db,
            self.clock,
            telegram.MESSENGER,
            telegram.update_parser(self.bot, settings.committee_chat_id),
            self.tuning.respond or responder(self.ctx),
            after_handled=telegram.acknowledger(self.bot),
            on_dead=self._tell_admins_parked(admins),
            wake_outbox=self.outbox_wake.set,
            policy=self.tuning.inbox_policy,
        )
        self.scheduler = (
            ReminderScheduler(db, self.clock, settings, self.outbox_wake)
            if self.tuning.run_scheduler
            else None
        )
        self.poller: telegram_updates.Poller | None = None
        self.web: WebServer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._poll_task: asyncio.Task[None] | None = None

    async def start(self) -> bool:
        """Migrate, reach Telegram (retrying), then start every part; False when stopped
        before Telegram could be reached."""
        await migrate(self.db)
        if not await telegram_updates.connect(
            self.bot, self.stop_event, backoff=self.tuning.connect_backoff
        ):
            return False
        if self.tuning.run_sender:
            self._spawn(self.sender.run(self.stop_event), "outbox-sender")
        self._spawn(self.worker.run(self.stop_event), "inbox-worker")
        if self.scheduler is not None:
            self.scheduler.start()
        if self.settings.webhook_url:
            await self._start_webhook()
        else:
            self.poller = telegram_updates.Poller(
                self.bot, self.updates_request, self.db, self.clock, self.worker.wake.set,
                timeout=self.tuning.poll_timeout,
            )  # fmt: skip
            self._poll_task = self._spawn(self.poller.run(self.stop_event), "telegram-poller")
        menus = command_menus(self.settings.committee_chat_id, self.settings.admin_telegram_ids)
        await telegram.publish_commands(self.bot, menus)
        log.info("bot ready; mode: %s", "webhook" if self.settings.webhook_url else "polling")
        return True

    async def _start_webhook(self) -> None:
        settings = self.settings
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        secret = settings.webhook_secret.get_secret_value()
        route = (
            "/" + telegram.webhook_path(settings.webhook_url),
            telegram_updates.WebhookHandler,
            {"db": self.db, "clock": self.clock, "secret": secret,
             "on_accepted": self.worker.wake.set},
        )  # fmt: skip
        self.web = WebServer([route], settings.webhook_listen, settings.webhook_port)
        await self.web.start()
        await telegram_updates.set_webhook(self.bot, settings.webhook_url, secret)

    def _spawn(self, work: Awaitable[None], name: str) -> asyncio.Task[None]:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("%s stopped with an error; the bot stops", name)
                self.stop_event.set()

        task = asyncio.create_task(guarded(), name=name)
        self._tasks.append(task)
        return task

    async def stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()  # first: no new rows while the others wind down
        self.stop_event.set()
        self.outbox_wake.set()
        if self._poll_task is not None:
            # A poll in flight has confirmed nothing yet: dropping it loses nothing.
            self._poll_task.cancel()
        if self.web is not None:
            await self.web.stop()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=10)
        self._tasks.clear()
        with contextlib.suppress(Exception):
            await self.bot.shutdown()

    def _tell_admins_parked(
        self, admins: tuple[str, ...]
    ) -> Callable[[InboxRow, str], Awaitable[None]]:
        async def tell(row: InboxRow, error: str) -> None:
            now = self.clock.now()
            async with self.db.transaction() as conn:
                for admin in admins:
                    await outbox.enqueue(
                        conn,
                        key=f"parked:{row.messenger}:{row.update_key}:{admin}",
                        messenger=telegram.MESSENGER,
                        chat_id=admin,
                        kind="admin_notice",
                        payload={
                            "text": t("admin.update_parked", chat=row.chat_key, error=error[:200])
                        },
                        due_at=now,
                        now=now,
                    )

        return tell


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
        if started:
            await runtime.stop_event.wait()
    finally:
        await runtime.stop()
        await db.close()
    return 0
