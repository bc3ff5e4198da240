"""What every messenger's part of a running bot is made of: one paced outbox sender and one
inbox worker per messenger, over the shared database, clock and handlers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from telegram.request import BaseRequest

from bot.backoff import Backoff
from bot.clock import Clock
from bot.i18n import t
from bot.inbox_worker import AfterHandled, InboxRetryPolicy, InboxWorker, Parse, Respond
from bot.sender import Deliver, OutboxSender, RetryPolicy
from bot.services import tell_admins_of_failure
from bot.transports import telegram_updates
from bot.transports.zalo_api import POLL_TIMEOUT_SECONDS
from storage import outbox
from storage.db import Database
from storage.inbox import InboxRow

Spawn = Callable[[Callable[[asyncio.Event], Awaitable[None]], str], asyncio.Task[None]]


@dataclass
class Tuning:
    """What tests and benchmarks change; production uses the defaults."""

    send_rate: float = 29.0  # Telegram: 29 of its 30 per second
    per_chat_interval: float = 1.0
    telegram_request: BaseRequest | None = None
    telegram_updates_request: BaseRequest | None = None
    poll_timeout: int = telegram_updates.POLL_TIMEOUT_SECONDS
    run_scheduler: bool = True
    run_sender: bool = True  # False: a test drains the outbox itself, step by step
    inbox_policy: InboxRetryPolicy = field(default_factory=InboxRetryPolicy)
    sender_policy: RetryPolicy = field(default_factory=RetryPolicy)
    connect_backoff: Backoff = field(default_factory=Backoff)
    respond: Respond | None = None  # instead of the handlers (tests of failures)
    # Zalo: the HTTP transport (a fake API in tests), its poll, and its pace (None: settings).
    zalo_transport: httpx.AsyncBaseTransport | None = None
    zalo_poll_timeout: int = POLL_TIMEOUT_SECONDS
    zalo_send_rate: float | None = None
    zalo_per_chat_interval: float = 1.0
    poll_backoff: Backoff = field(default_factory=Backoff)


@dataclass
class Parts:
    db: Database
    clock: Clock
    tuning: Tuning
    respond: Respond
    outbox_wake: asyncio.Event
    # (messenger, chat id) of every admin: told about parked updates and unreachable cadres.
    admin_chats: list[tuple[str, str]]

    def sender(
        self,
        messenger: str,
        deliver: Deliver,
        admins: tuple[str, ...],
        *,
        rate: float,
        per_chat_interval: float,
    ) -> OutboxSender:
        return OutboxSender(
            self.db,
            self.clock,
            messenger,
            deliver,
            on_permanent_failure=tell_admins_of_failure(self.db, self.clock, messenger, admins),
            wake=self.outbox_wake,
            max_per_second=rate,
            per_chat_interval=per_chat_interval,
            policy=self.tuning.sender_policy,
        )

    def worker(
        self,
        messenger: str,
        parse: Parse,
        respond: Respond,
        *,
        after_handled: AfterHandled | None = None,
    ) -> InboxWorker:
        return InboxWorker(
            self.db,
            self.clock,
            messenger,
            parse,
            respond,
            after_handled=after_handled,
            on_dead=self.tell_admins_parked,
            wake_outbox=self.outbox_wake.set,
            policy=self.tuning.inbox_policy,
        )

    async def tell_admins_parked(self, row: InboxRow, error: str) -> None:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            for messenger, admin in self.admin_chats:
                await outbox.enqueue(
                    conn,
                    key=f"parked:{row.messenger}:{row.update_key}:{messenger}:{admin}",
                    messenger=messenger,
                    chat_id=admin,
                    kind="admin_notice",
                    payload={
                        "text": t("admin.update_parked", chat=row.chat_key, error=error[:200])
                    },
                    due_at=now,
                    now=now,
                )
