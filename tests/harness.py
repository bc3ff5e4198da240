"""Run the real bot (Telegram transport, inbox worker, outbox sender) against the fake Bot
API, the way production wires it; only the pacing is made fast."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.clock import Clock
from bot.runtime import BotRuntime, Tuning
from bot.settings import Settings
from bot.transports.telegram import build_bot
from storage.db import Database
from tests.fake_bot_api import FakeBotAPI

# What the end-to-end fixtures yield: the running bot (its `.bot` is PTB's Bot).
AnyApplication = BotRuntime


def fake_request(api: FakeBotAPI) -> HTTPXRequest:
    return HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(api.handler)})


def fast_tuning(api: FakeBotAPI, **changes: object) -> Tuning:
    """Production settings but instant pacing, short polls and no scheduler (tests drive the
    jobs themselves on their fake clock)."""
    tuning = Tuning(
        send_rate=10_000.0,
        per_chat_interval=0.0,
        telegram_request=fake_request(api),
        telegram_updates_request=fake_request(api),
        poll_timeout=1,
        run_scheduler=False,
    )
    for name, value in changes.items():
        setattr(tuning, name, value)
    return tuning


@asynccontextmanager
async def running_bot(
    settings: Settings, db: Database, clock: Clock, api: FakeBotAPI, **tuning: object
) -> AsyncIterator[BotRuntime]:
    """Start the bot on the fake API; stop cleanly when the block ends."""
    runtime = BotRuntime(settings, db, clock, fast_tuning(api, **tuning))
    assert await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


@asynccontextmanager
async def sending_bot(settings: Settings, api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    """Just PTB's bot on the fake API (for tests of sending alone)."""
    async with build_bot(settings, request=fake_request(api)) as bot:
        yield bot
