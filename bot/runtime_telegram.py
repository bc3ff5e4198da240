"""Telegram's part of a running bot: PTB's bot, its paced sender, its inbox worker, and its
receiver (polling, or a webhook route on the shared web server)."""

from __future__ import annotations

import asyncio

from telegram.request import HTTPXRequest

from bot.command_menus import command_menus
from bot.inbox_worker import InboxWorker
from bot.messenger_parts import Parts, Spawn
from bot.settings import Settings
from bot.transports import telegram, telegram_updates
from bot.web import Route
from storage import attachments

# Outbox sends per second to Telegram: 29 of its 30/s, evenly spaced so that no sliding
# second ever sees more than 30 (see bench/reminder_broadcast.py).
TELEGRAM_SEND_RATE = 29.0


class TelegramSide:
    messenger = telegram.MESSENGER

    def __init__(self, parts: Parts, settings: Settings) -> None:
        tuning = parts.tuning
        self._parts = parts
        self._settings = settings
        self.updates_request = tuning.telegram_updates_request or HTTPXRequest(
            read_timeout=tuning.poll_timeout + 10.0
        )
        self.bot = telegram.build_bot(
            settings, request=tuning.telegram_request, get_updates_request=self.updates_request
        )
        admins = tuple(str(admin) for admin in settings.admin_telegram_ids)
        self.sender = parts.sender(
            self.messenger,
            telegram.delivery(self.bot, load_attachment=attachments.loader(parts.db)),
            admins,
            rate=tuning.send_rate,
            per_chat_interval=tuning.per_chat_interval,
        )
        self.worker: InboxWorker = parts.worker(
            self.messenger,
            telegram.update_parser(self.bot, settings.committee_chat_id),
            parts.respond,
            after_handled=telegram.acknowledger(self.bot),
        )
        self.poller: telegram_updates.Poller | None = None

    async def connect(self, stop: asyncio.Event) -> bool:
        return await telegram_updates.connect(
            self.bot, stop, backoff=self._parts.tuning.connect_backoff
        )

    def routes(self) -> list[Route]:
        settings = self._settings
        if not settings.webhook_url:
            return []
        assert settings.webhook_secret is not None
        return [
            (
                "/" + telegram.webhook_path(settings.webhook_url),
                telegram_updates.WebhookHandler,
                {
                    "db": self._parts.db,
                    "clock": self._parts.clock,
                    "secret": settings.webhook_secret.get_secret_value(),
                    "on_accepted": self.worker.wake.set,
                },
            )
        ]

    async def start_receiving(self, spawn: Spawn) -> asyncio.Task[None] | None:
        settings = self._settings
        if settings.webhook_url:
            assert settings.webhook_secret is not None
            secret = settings.webhook_secret.get_secret_value()
            await telegram_updates.set_webhook(self.bot, settings.webhook_url, secret)
            await self._publish_menus()
            return None
        self.poller = telegram_updates.Poller(
            self.bot, self.updates_request, self._parts.db, self._parts.clock,
            self.worker.wake.set, timeout=self._parts.tuning.poll_timeout,
        )  # fmt: skip
        task = spawn(self.poller.run, "telegram-poller")
        await self._publish_menus()
        return task

    async def _publish_menus(self) -> None:
        settings = self._settings
        menus = command_menus(settings.committee_chat_id, settings.admin_telegram_ids)
        await telegram.publish_commands(self.bot, menus)

    async def close(self) -> None:
        await self.bot.shutdown()
