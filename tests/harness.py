"""Run the real Telegram transport against the fake Bot API, the way production wires it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.app import make_context, responder
from bot.clock import Clock
from bot.settings import Settings
from bot.transports.telegram import build_application
from storage.db import Database
from tests.fake_bot_api import FakeBotAPI

# PTB's Application is generic in six parameters that tests never care about.
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def fake_request(api: FakeBotAPI) -> HTTPXRequest:
    return HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(api.handler)})


@asynccontextmanager
async def running_bot(
    settings: Settings, db: Database, clock: Clock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    """Start polling the fake API; stop cleanly when the block ends."""
    application = build_application(
        settings,
        responder(make_context(settings, db, clock)),
        request=fake_request(api),
        get_updates_request=fake_request(api),
    )
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
