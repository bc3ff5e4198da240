"""Everything a handler may use, built once at start-up and passed in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.questionnaire.model import Questionnaire, load_questionnaire
from bot.reminders import ReminderRules
from storage.db import Database


@dataclass(frozen=True)
class BotContext:
    db: Database
    clock: Clock
    tz: ZoneInfo
    committee_chat_id: str | None = None  # Telegram's committee group
    admin_user_ids: frozenset[str] = frozenset()  # Telegram admins
    zalo_committee_chat_id: str | None = None
    zalo_admin_ids: frozenset[str] = frozenset()
    # The messengers this process serves (cadres are reached on one of these).
    messengers: tuple[str, ...] = ("telegram",)
    invite_ttl: timedelta = timedelta(days=7)
    questionnaire: Questionnaire = field(default_factory=load_questionnaire)
    report_deadline: timedelta = timedelta(days=2)
    planning_horizon_days: int = 62
    reminder_rules: ReminderRules | None = None  # None: the defaults, in this time zone
    reporting_window: timedelta = timedelta(days=35)
    committee_name: str | None = None  # COMMITTEE_NAME, for the spreadsheet's title
    # Called after queueing outbox messages so the sender does not wait for its next poll.
    wake_outbox: Callable[[], None] = lambda: None

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def is_admin(self, messenger: str, user_id: str) -> bool:
        admins = self.zalo_admin_ids if messenger == "zalo" else self.admin_user_ids
        return user_id in admins

    def is_committee_chat(self, messenger: str, chat_id: str) -> bool:
        committee = self.zalo_committee_chat_id if messenger == "zalo" else self.committee_chat_id
        return committee is not None and chat_id == committee

    def leadership_chats(self) -> list[tuple[str, str]]:
        return leadership_chats(
            self.committee_chat_id, self.zalo_committee_chat_id, self.zalo_admin_ids
        )


def leadership_chats(
    committee_chat_id: str | None, zalo_committee_chat_id: str | None, zalo_admins: Iterable[str]
) -> list[tuple[str, str]]:
    """(messenger, chat id) of everyone who receives forwarded reports and digests:
    Telegram's committee group, Zalo's group when configured, and each Zalo admin directly
    (Zalo bots see only the group messages that mention them)."""
    chats = [("telegram", committee_chat_id)] if committee_chat_id else []
    if zalo_committee_chat_id:
        chats.append(("zalo", zalo_committee_chat_id))
    chats += [("zalo", admin) for admin in sorted(zalo_admins)]
    return chats
