"""Wiring: settings → database → the handlers' context. No behaviour lives here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.messages import Inbound, Outbound
from bot.questionnaire.model import load_questionnaire
from bot.reminders import ReminderRules
from bot.settings import Settings
from handlers import router
from handlers.context import BotContext
from storage.db import Database


def make_context(
    settings: Settings,
    db: Database,
    clock: Clock | None = None,
    wake_outbox: Callable[[], None] = lambda: None,
) -> BotContext:
    committee = settings.committee_chat_id
    messengers = settings.messengers or ("telegram",)  # no token: the demos play Telegram
    if "telegram" not in messengers:
        committee = None  # nothing would send to Telegram's group
    return BotContext(
        db=db,
        clock=clock or SystemClock(),
        wake_outbox=wake_outbox,
        tz=settings.tz,
        committee_chat_id=str(committee) if committee is not None else None,
        admin_user_ids=frozenset(str(admin) for admin in settings.admin_telegram_ids),
        zalo_committee_chat_id=settings.zalo_committee_chat_id if "zalo" in messengers else None,
        zalo_admin_ids=frozenset(settings.zalo_admin_ids if "zalo" in messengers else ()),
        messengers=messengers,
        invite_ttl=timedelta(days=settings.invite_code_ttl_days),
        questionnaire=load_questionnaire(settings.questionnaire_path),
        report_deadline=timedelta(days=settings.report_deadline_days),
        reminder_rules=ReminderRules.from_settings(settings),
        planning_horizon_days=settings.planning_horizon_days,
        reporting_window=timedelta(days=settings.reporting_window_days),
    )


def responder(ctx: BotContext) -> router.Responder:
    async def respond(inbound: Inbound) -> list[Outbound]:
        return await router.handle(ctx, inbound)

    return respond
