"""Zalo's part of a running bot: our httpx client, its paced sender, its inbox worker (typed
numbers read against the chat's latest screen) and its receiver (long polling, or a webhook
route on the shared web server, which then also serves charts and spreadsheets by URL)."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from bot import file_server
from bot.messenger_parts import Parts, Spawn
from bot.numbered_replies import numbered_responder
from bot.settings import Settings
from bot.transports import zalo, zalo_updates
from bot.transports.zalo_api import ZaloClient, ZaloError, ZaloNetworkError
from bot.web import Route


class ZaloSide:
    messenger = zalo.MESSENGER

    def __init__(self, parts: Parts, settings: Settings) -> None:
        assert settings.zalo_bot_token is not None
        tuning = parts.tuning
        self._parts = parts
        self._settings = settings
        self.client = ZaloClient(
            settings.zalo_base_url,
            settings.zalo_bot_token.get_secret_value(),
            transport=tuning.zalo_transport,
        )
        base = settings.public_base_url
        public_url = file_server.public_url_maker(parts.db, parts.clock, base) if base else None
        self.zalo_sender = zalo.ZaloSender(self.client, parts.db, parts.clock, public_url)
        self.sender = parts.sender(
            self.messenger,
            zalo.delivery(self.zalo_sender),
            settings.zalo_admin_ids,
            rate=tuning.zalo_send_rate or settings.zalo_send_rate,
            per_chat_interval=tuning.zalo_per_chat_interval,
        )
        self.worker = parts.worker(
            self.messenger,
            zalo.update_parser(settings.zalo_committee_chat_id),
            numbered_responder(parts.db, parts.respond),
        )
        self.poller: zalo_updates.Poller | None = None

    async def connect(self, stop: asyncio.Event) -> bool:
        return await zalo_updates.connect(
            self.client, stop, backoff=self._parts.tuning.connect_backoff
        )

    def routes(self) -> list[Route]:
        settings = self._settings
        if not settings.zalo_webhook_url:
            return []
        assert settings.zalo_webhook_secret is not None
        db, clock = self._parts.db, self._parts.clock
        webhook: Route = (
            urlsplit(settings.zalo_webhook_url).path or "/",
            zalo_updates.WebhookHandler,
            {"db": db, "clock": clock, "secret": settings.zalo_webhook_secret.get_secret_value(),
             "on_accepted": self.worker.wake.set},
        )  # fmt: skip
        return [webhook, file_server.route(db, clock)]

    async def start_receiving(self, spawn: Spawn) -> asyncio.Task[None] | None:
        settings = self._settings
        if settings.zalo_webhook_url:
            assert settings.zalo_webhook_secret is not None
            secret = settings.zalo_webhook_secret.get_secret_value()
            await self.client.set_webhook(settings.zalo_webhook_url, secret)
            return None
        self.poller = zalo_updates.Poller(
            self.client, self._parts.db, self._parts.clock, self.worker.wake.set,
            timeout=self._parts.tuning.zalo_poll_timeout, backoff=self._parts.tuning.poll_backoff,
        )  # fmt: skip
        return spawn(self.poller.run, "zalo-poller")

    async def close(self) -> None:
        with contextlib.suppress(ZaloError, ZaloNetworkError, OSError):
            await self.client.aclose()
