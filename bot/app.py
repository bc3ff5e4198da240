"""Wiring: settings → database → the handlers' context. No behaviour lives here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.messages import Inbound, Outbound
from bot.questionnaire.model import load_questionnaire
from bot.reminders import ReminderRules
from bot.settings import Settings
from handlers import context, router
from handlers.context import BotContext
from storage.db import Database


def make_context(
    settings: Settings,
    db: Database,
    clock: Clock | None = None,
    wake_outbox: Callable[[], None] = lambda: None,
) -> BotContext:
    committee, zalo_committee, zalo_admins = make_context_chats(settings)
    return BotContext(
        db=db,
        clock=clock or SystemClock(),
        wake_outbox=wake_outbox,
        tz=settings.tz,
        committee_chat_id=committee,
        admin_user_ids=frozenset(str(admin) for admin in settings.admin_telegram_ids),
        zalo_committee_chat_id=zalo_committee,
        zalo_admin_ids=frozenset(zalo_admins),
        messengers=settings.messengers or ("telegram",),  # no token: the demos play Telegram
        invite_ttl=timedelta(days=settings.invite_code_ttl_days),
        questionnaire=load_questionnaire(settings.questionnaire_path),
        report_deadline=timedelta(days=settings.report_deadline_days),
        reminder_rules=ReminderRules.from_settings(settings),
        planning_horizon_days=settings.planning_horizon_days,
        reporting_window=timedelta(days=settings.reporting_window_days),
        committee_name=settings.committee_name,
    )


def leadership_chats(settings: Settings) -> list[tuple[str, str]]:
    """Where forwards and digests go, for the messengers this deployment serves."""
    return context.leadership_chats(*make_context_chats(settings))


def make_context_chats(settings: Settings) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Telegram's committee group, Zalo's group and Zalo admins, when served."""
    messengers = settings.messengers or ("telegram",)  # no token: the demos play Telegram
    committee = settings.committee_chat_id if "telegram" in messengers else None
    zalo = "zalo" in messengers
    return (
        str(committee) if committee is not None else None,
        settings.zalo_committee_chat_id if zalo else None,
        settings.zalo_admin_ids if zalo else (),
    )


def responder(ctx: BotContext) -> router.Responder:
    async def respond(inbound: Inbound) -> list[Outbound]:
        return await router.handle(ctx, inbound)

    return respond
