"""Wiring: settings → database → handler context → a transport. No behaviour lives here."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.messages import Inbound, Outbound
from bot.settings import Settings
from handlers import router
from handlers.context import BotContext
from storage.db import Database
from storage.migrate import migrate

log = logging.getLogger(__name__)


def make_context(settings: Settings, db: Database, clock: Clock | None = None) -> BotContext:
    committee = settings.committee_chat_id
    return BotContext(
        db=db,
        clock=clock or SystemClock(),
        tz=settings.tz,
        committee_chat_id=str(committee) if committee is not None else None,
        admin_user_ids=frozenset(str(admin) for admin in settings.admin_telegram_ids),
        invite_ttl=timedelta(days=settings.invite_code_ttl_days),
    )


def responder(ctx: BotContext) -> router.Responder:
    async def respond(inbound: Inbound) -> list[Outbound]:
        return await router.handle(ctx, inbound)

    return respond


def run_telegram(settings: Settings, clock: Clock | None = None) -> None:
    """Run the Telegram bot until interrupted: migrate, then poll or serve the webhook."""
    from bot.transports import telegram

    db = Database(settings.database_url)
    ctx = make_context(settings, db, clock)
    application = telegram.build_application(settings, responder(ctx))

    async def on_start(_app: object) -> None:
        await migrate(db)
        log.info("database ready; mode: %s", "webhook" if settings.webhook_url else "polling")

    async def on_stop(_app: object) -> None:
        await db.close()

    application.post_init = on_start
    application.post_shutdown = on_stop
    telegram.run_blocking(application, settings)
