"""Wiring: settings → database → handler context → a transport. No behaviour lives here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.command_menus import command_menus
from bot.messages import Inbound, Outbound
from bot.questionnaire.model import load_questionnaire
from bot.reminders import ReminderRules
from bot.scheduler import ReminderScheduler
from bot.sender import OutboxSender
from bot.services import Background, tell_admins_of_failure
from bot.settings import Settings
from handlers import router
from handlers.context import BotContext
from storage import attachments
from storage.db import Database
from storage.migrate import migrate

log = logging.getLogger(__name__)
# Outbox sends per second to Telegram: under its 30/s with room for network jitter, evenly
# spaced so that no sliding second ever sees more than 30 (see bench/reminder_broadcast.py).
TELEGRAM_SEND_RATE = 28.0


def make_context(
    settings: Settings,
    db: Database,
    clock: Clock | None = None,
    wake_outbox: Callable[[], None] = lambda: None,
) -> BotContext:
    committee = settings.committee_chat_id
    return BotContext(
        db=db,
        clock=clock or SystemClock(),
        wake_outbox=wake_outbox,
        tz=settings.tz,
        committee_chat_id=str(committee) if committee is not None else None,
        admin_user_ids=frozenset(str(admin) for admin in settings.admin_telegram_ids),
        invite_ttl=timedelta(days=settings.invite_code_ttl_days),
        questionnaire=load_questionnaire(settings.questionnaire_path),
        report_deadline=timedelta(days=settings.report_deadline_days),
        reminder_rules=ReminderRules.from_settings(settings),
        planning_horizon_days=settings.planning_horizon_days,
        reporting_window=timedelta(days=settings.reporting_window_days),
        committee_name=settings.committee_name,
    )


def responder(ctx: BotContext) -> router.Responder:
    async def respond(inbound: Inbound) -> list[Outbound]:
        return await router.handle(ctx, inbound)

    return respond


def run_telegram(settings: Settings, clock: Clock | None = None) -> None:
    """Run the Telegram bot until interrupted: migrate, then poll or serve the webhook."""
    from bot.transports import telegram

    db = Database(settings.database_url)
    clock = clock or SystemClock()
    wake = asyncio.Event()
    ctx = make_context(settings, db, clock, wake_outbox=wake.set)
    application = telegram.build_application(settings, responder(ctx))
    admins = tuple(str(admin) for admin in settings.admin_telegram_ids)
    sender = OutboxSender(
        db,
        clock,
        telegram.MESSENGER,
        telegram.delivery(application, load_attachment=attachments.loader(db)),
        on_permanent_failure=tell_admins_of_failure(db, clock, telegram.MESSENGER, admins),
        wake=wake,
        max_per_second=TELEGRAM_SEND_RATE,
    )
    # Reminders are rows computed from the database; the scheduler only says when to look.
    background = Background(sender, ReminderScheduler(db, clock, settings, wake))

    async def on_start(_app: object) -> None:
        await migrate(db)
        await background.start()
        menus = command_menus(settings.committee_chat_id, settings.admin_telegram_ids)
        await telegram.publish_commands(application, menus)
        log.info("database ready; mode: %s", "webhook" if settings.webhook_url else "polling")

    async def on_stop(_app: object) -> None:
        await background.stop()
        await db.close()

    application.post_init = on_start
    application.post_shutdown = on_stop
    telegram.run_blocking(application, settings)
