"""Everything a handler may use, built once at start-up and passed in."""

from __future__ import annotations

from collections.abc import Callable
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
    committee_chat_id: str | None = None
    admin_user_ids: frozenset[str] = frozenset()
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
