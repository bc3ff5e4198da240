"""Receiving from Zalo: every update is stored in the inbox before it is acknowledged.

`getUpdates` returns one update per call and takes no offset, so the same update can come
again: the inbox's unique (messenger, update key) with the message id as the key makes a
redelivery harmless, also after a restart. The webhook answers 200 only once the update is
committed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from bot.backoff import Backoff, Sleep, poll_forever, until_it_works
from bot.clock import Clock
from bot.transports.inbox_webhook import InboxWebhookHandler
from bot.transports.zalo import MESSENGER
from bot.transports.zalo_api import (
    POLL_TIMEOUT_SECONDS,
    ZaloClient,
    ZaloError,
    ZaloNetworkError,
    ZaloUnauthorized,
)
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"


def incoming(update: Any) -> IncomingUpdate | None:
    """A storable update keyed by its message id; None when it has none."""
    if isinstance(update, dict) and "event_name" not in update and "result" in update:
        update = update["result"]  # some deliveries wrap the update like an API answer
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict) or message.get("message_id") in (None, ""):
        return None
    chat = message.get("chat")
    chat_key = str(chat.get("id", "")) if isinstance(chat, dict) else ""
    payload = json.dumps(update, ensure_ascii=False)
    return IncomingUpdate(str(message["message_id"]), chat_key, payload)


async def connect(
    client: ZaloClient, stop: asyncio.Event, *, backoff: Backoff | None = None,
    sleep: Sleep | None = None,
) -> bool:  # fmt: skip
    """`getMe` until it works; False when stopped first. A refused token raises
    `ZaloUnauthorized`: retrying cannot help."""

    return await until_it_works(
        client.get_me, what="the Zalo Bot API", transient=(ZaloNetworkError, ZaloError),
        fatal=(ZaloUnauthorized,), stop=stop, backoff=backoff, sleep=sleep,
    )  # fmt: skip


class Poller:
    """Long polling into the inbox; never dies of a network error or a 5xx."""

    def __init__(
        self,
        client: ZaloClient,
        db: Database,
        clock: Clock,
        on_accepted: Callable[[], None],
        *,
        timeout: int = POLL_TIMEOUT_SECONDS,
        backoff: Backoff | None = None,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._on_accepted = on_accepted
        self._timeout = timeout
        self._backoff = backoff or Backoff()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            await self._client.delete_webhook()
        except (ZaloError, ZaloNetworkError) as exc:
            log.info("could not delete the Zalo webhook before polling: %s", exc)
        await poll_forever(
            self.poll_once, what="Zalo", fatal=ZaloUnauthorized, on_accepted=self._on_accepted,
            stop=stop, backoff=self._backoff,
        )  # fmt: skip

    async def poll_once(self) -> int:
        """One `getUpdates`: 1 when a new update was stored, 0 for nothing or a replay."""
        update = await self._client.get_update(self._timeout)
        if update is None:
            return 0
        stored = incoming(update)
        if stored is None:
            log.warning("a Zalo update without a message id was ignored")
            return 0
        return await inbox.accept(self._db, MESSENGER, [stored], self._clock.now())


class WebhookHandler(InboxWebhookHandler):
    """Zalo's POSTs, one update each."""

    messenger = MESSENGER
    secret_header = SECRET_HEADER

    def read_update(self, data: Any) -> list[IncomingUpdate]:
        stored = incoming(data)
        return [stored] if stored is not None else []
