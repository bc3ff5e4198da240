"""Receiving from Telegram: every update is stored in the inbox before it is acknowledged.

Polling asks for raw JSON (`getUpdates` through PTB's HTTP stack, not its parser) so that an
update PTB cannot read is stored and parked by the inbox worker instead of stalling the poll;
the offset that confirms updates to Telegram advances only after they are committed. The
webhook answers 200 only after the commit (a 5xx makes Telegram deliver again).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import BaseRequest, RequestData

# How PTB itself encodes a parameter (RequestData is final and takes these).
from telegram.request._requestparameter import RequestParameter

from bot.backoff import Backoff, Sleep, poll_forever, until_it_works
from bot.clock import Clock
from bot.transports.inbox_webhook import InboxWebhookHandler
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate

log = logging.getLogger(__name__)
MESSENGER = "telegram"
# Only what the bot answers: messages (text, contact, photo, commands) and button presses.
ALLOWED_UPDATES = ("message", "callback_query")
POLL_TIMEOUT_SECONDS = 30
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class BadToken(Exception):
    """Telegram refuses the token: nothing to retry."""


def incoming(raw: Any) -> tuple[list[IncomingUpdate], int | None]:
    """Raw `getUpdates` result → storable updates, and the highest update id seen."""
    if not isinstance(raw, list):
        raise ValueError(f"getUpdates answered {type(raw).__name__}, not a list")
    updates: list[IncomingUpdate] = []
    highest: int | None = None
    for item in raw:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if not isinstance(update_id, int):
            log.warning("an update without an update id was ignored")
            continue
        highest = update_id if highest is None else max(highest, update_id)
        updates.append(
            IncomingUpdate(str(update_id), chat_key(item), json.dumps(item, ensure_ascii=False))
        )
    return updates, highest


def chat_key(update: dict[str, Any]) -> str:
    """The chat an update belongs to (updates of one chat are handled in order)."""
    for kind in ("message", "edited_message", "channel_post"):
        chat = _dig(update, kind, "chat", "id")
        if chat is not None:
            return str(chat)
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = _dig(query, "message", "chat", "id")
        if chat is None:
            chat = _dig(query, "from", "id")
        if chat is not None:
            return str(chat)
    return ""


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, int | str) else None


async def connect(
    bot: Bot, stop: asyncio.Event, *, backoff: Backoff | None = None, sleep: Sleep | None = None
) -> bool:
    """`getMe` until it works; False when stopped first. A refused token raises `BadToken`:
    retrying cannot help."""
    try:
        return await until_it_works(
            bot.initialize, what="the Telegram Bot API", transient=(TelegramError, OSError),
            fatal=(InvalidToken,), stop=stop, backoff=backoff, sleep=sleep,
        )  # fmt: skip
    except InvalidToken as exc:
        raise BadToken(str(exc)) from exc


class Poller:
    """Long polling into the inbox."""

    def __init__(
        self,
        bot: Bot,
        request: BaseRequest,
        db: Database,
        clock: Clock,
        on_accepted: Callable[[], None],
        *,
        timeout: int = POLL_TIMEOUT_SECONDS,
        backoff: Backoff | None = None,
    ) -> None:
        self._bot = bot
        self._request = request
        self._db = db
        self._clock = clock
        self._on_accepted = on_accepted
        self._timeout = timeout
        self._backoff = backoff or Backoff()
        self.offset = 0

    async def run(self, stop: asyncio.Event) -> None:
        await self._bot.delete_webhook()
        await poll_forever(
            self.poll_once, what="Telegram", fatal=InvalidToken, on_accepted=self._on_accepted,
            stop=stop, backoff=self._backoff,
        )  # fmt: skip

    async def poll_once(self) -> int:
        """One `getUpdates`; the updates are committed to the inbox before the offset moves
        past them (which is what confirms them to Telegram). How many were new."""
        # PTB's HTTP stack, not its parser: `Bot.get_updates` parses the whole batch, so
        # one update it cannot read would fail every poll.
        raw = await self._request.post(
            f"{self._bot.base_url}/getUpdates",
            RequestData(
                [
                    RequestParameter.from_input("offset", self.offset),
                    RequestParameter.from_input("timeout", self._timeout),
                    RequestParameter.from_input("allowed_updates", list(ALLOWED_UPDATES)),
                ]
            ),
            read_timeout=self._timeout + 10,
        )
        updates, highest = incoming(raw)
        new = await inbox.accept(self._db, MESSENGER, updates, self._clock.now())
        if highest is not None:
            self.offset = highest + 1
        return new


class WebhookHandler(InboxWebhookHandler):
    """Telegram's POSTs, one update each."""

    messenger = MESSENGER
    secret_header = SECRET_HEADER

    def read_update(self, data: Any) -> list[IncomingUpdate]:
        return incoming([data])[0]


async def set_webhook(bot: Bot, url: str, secret: str) -> None:
    await bot.set_webhook(url=url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))
