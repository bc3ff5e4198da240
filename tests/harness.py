"""Run the real bot (Telegram transport, inbox worker, outbox sender) against the fake Bot
API, the way production wires it; only the pacing is made fast."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.backoff import Backoff
from bot.clock import Clock
from bot.runtime import BotRuntime, Tuning
from bot.settings import Settings
from bot.transports.telegram import build_bot
from storage.db import Database
from tests.fake_bot_api import FakeBotAPI
from tests.fake_zalo_api import FakeZaloAPI

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
    # Polling, the senders and the webhook registration start once this process leads.
    await asyncio.wait_for(runtime.leading.wait(), timeout=10)
    try:
        yield runtime
    finally:
        await runtime.stop()


@asynccontextmanager
async def sending_bot(settings: Settings, api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    """Just PTB's bot on the fake API (for tests of sending alone)."""
    async with build_bot(settings, request=fake_request(api)) as bot:
        yield bot


def zalo_tuning(zalo: FakeZaloAPI, telegram: FakeBotAPI | None = None, **changes: object) -> Tuning:
    """Like `fast_tuning`, with our Zalo client talking to the fake Zalo API."""
    tuning = fast_tuning(telegram) if telegram is not None else Tuning(run_scheduler=False)
    tuning.zalo_transport = httpx.MockTransport(zalo.handler)
    tuning.zalo_poll_timeout = 1
    tuning.zalo_send_rate = 10_000.0
    tuning.zalo_per_chat_interval = 0.0
    tuning.poll_backoff = Backoff(base_seconds=0.01, cap_seconds=0.05)
    tuning.connect_backoff = Backoff(base_seconds=0.01, cap_seconds=0.05)
    for name, value in changes.items():
        setattr(tuning, name, value)
    return tuning


@asynccontextmanager
async def running_zalo_bot(
    settings: Settings,
    db: Database,
    clock: Clock,
    zalo: FakeZaloAPI,
    telegram: FakeBotAPI | None = None,
    **tuning: object,
) -> AsyncIterator[BotRuntime]:
    """Start the bot on the fake Zalo API (and the fake Telegram one when given)."""
    runtime = BotRuntime(settings, db, clock, zalo_tuning(zalo, telegram, **tuning))
    assert await runtime.start()
    # Polling, the senders and the webhook registration start once this process leads.
    await asyncio.wait_for(runtime.leading.wait(), timeout=10)
    try:
        yield runtime
    finally:
        await runtime.stop()
