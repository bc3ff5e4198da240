"""The inbox worker: handles stored updates, in order per chat, one transaction each.

Messenger-neutral: a transport supplies `parse` (its stored JSON → `Inbound`, or raise
`UnparsableUpdate`) and, optionally, `after_handled` (e.g. Telegram's answerCallbackQuery,
best effort, after the commit). An update's effects, its replies (outbox rows) and its
`done` mark commit together; a failure rolls all of them back and the update is retried with
backoff, while the chat's later updates wait behind it: an answer never overtakes an
earlier one. After `max_attempts` the update is parked (`dead`), one line is logged and the
admins are told, and the chat goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock
from bot.errors import describe
from bot.messages import Inbound, Outbound
from bot.replies import queue_replies
from storage import inbox
from storage.db import Database
from storage.inbox import InboxRow

log = logging.getLogger(__name__)


class _HandledElsewhere(Exception):
    """Another replica is handling this chat, or has handled this update."""


class UnparsableUpdate(Exception):
    """The stored update cannot be read as anything the bot understands."""


Parse = Callable[[str], Inbound | None]
Respond = Callable[[Inbound], Awaitable[list[Outbound]]]
AfterHandled = Callable[[Inbound], Awaitable[None]]
OnDead = Callable[[InboxRow, str], Awaitable[None]]


@dataclass(frozen=True)
class InboxRetryPolicy:
    """Short waits first (a database locked for a few seconds), then longer ones."""

    base_seconds: float = 0.5
    cap_seconds: float = 60.0
    max_attempts: int = 10  # about five minutes of trying before the update is parked
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int) -> timedelta:
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(attempts - 1, 0))
        return timedelta(seconds=self.rng.uniform(ceiling / 2, ceiling))


class InboxWorker:
    """Drains one messenger's inbox; different chats concurrently, one chat in order."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        messenger: str,
        parse: Parse,
        respond: Respond,
        *,
        after_handled: AfterHandled | None = None,
        on_dead: OnDead | None = None,
        wake_outbox: Callable[[], None] = lambda: None,
        policy: InboxRetryPolicy | None = None,
        concurrency: int = 8,
        batch_size: int = 500,
        idle_poll_seconds: float = 1.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._messenger = messenger
        self._parse = parse
        self._respond = respond
        self._after_handled = after_handled
        self._on_dead = on_dead
        self._wake_outbox = wake_outbox
        self._policy = policy or InboxRetryPolicy()
        self._slots = asyncio.Semaphore(concurrency)
        self._batch_size = batch_size
        self._idle_poll = idle_poll_seconds
        # Set by transports after accepting updates, so they are handled at once.
        self.wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Handle updates until `stop` is set; a failing pass is logged, never fatal."""
        while not stop.is_set():
            self.wake.clear()
            try:
                await self.drain_once()
            except Exception:
                log.exception("inbox worker pass failed; trying again")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._idle_poll):
                    await _first_of(self.wake, stop)

    async def drain_once(self) -> int:
        """Handle every update that is due now; how many were handled (done or parked).

        Reads the inbox again only when a pass took a full batch: updates stored during a
        pass wake the worker (`wake`), so a second read just to find nothing would cost every
        update one more transaction."""
        total = 0
        while True:
            handled, fetched = await self._pass()
            total += handled
            # A short batch was all there was: what arrives meanwhile wakes the worker again.
            if not handled or fetched < self._batch_size:
                return total

    async def _pass(self) -> tuple[int, int]:
        """Handle what is due among the oldest pending rows: (handled, rows looked at)."""
        rows = await inbox.pending(self._db, messenger=self._messenger, limit=self._batch_size)
        now = self._clock.now()
        by_chat: dict[str, list[InboxRow]] = {}
        waiting: set[str] = set()
        for row in rows:
            if row.chat_key in waiting:
                continue  # an earlier update of this chat waits for its retry
            if row.next_attempt_at > now:
                waiting.add(row.chat_key)
                continue
            by_chat.setdefault(row.chat_key, []).append(row)
        counts = await asyncio.gather(*(self._handle_chat(chat) for chat in by_chat.values()))
        return sum(counts), len(rows)

    async def _handle_chat(self, rows: list[InboxRow]) -> int:
        handled = 0
        async with self._slots:
            for row in rows:
                if not await self._handle(row):
                    break  # the rest of this chat waits for the retry
                handled += 1
        return handled

    async def _handle(self, row: InboxRow) -> bool:
        """Handle one update; False when it will be retried (the chat must wait)."""
        try:
            parsed = self._parse(row.payload)
        except Exception as exc:  # also a reader tripping over odd data: retrying cannot help
            reason = str(exc) if isinstance(exc, UnparsableUpdate) else describe(exc)
            log.warning(
                "%s update %s cannot be read and is parked: %s", self._messenger,
                row.update_key, reason,
            )  # fmt: skip
            return await self._park(row, f"unparsable: {reason}", None)
        try:
            async with self._db.unit_of_work() as conn:
                if not await inbox.lock_for_handling(conn, row):
                    raise _HandledElsewhere
                replies = await self._respond(parsed) if parsed is not None else []
                now = self._clock.now()
                await queue_replies(
                    conn, replies, messenger=self._messenger, inbox_id=row.id, now=now
                )
                await inbox.mark_done(conn, row.id, now)
        except _HandledElsewhere:
            return False  # another replica has this chat now; its later updates wait
        except Exception as exc:
            return await self._failed(row, parsed, exc)
        self._wake_outbox()
        await self._acknowledge(parsed)
        return True

    async def _failed(self, row: InboxRow, parsed: Inbound | None, exc: Exception) -> bool:
        attempts = row.attempts + 1
        error = describe(exc)
        if attempts >= self._policy.max_attempts:
            log.error(
                "%s update %s failed %d times and is parked: %s", self._messenger,
                row.update_key, attempts, error, exc_info=exc,
            )  # fmt: skip
            return await self._park(row, error, parsed, attempts)
        retry_at = self._clock.now() + self._policy.delay(attempts)
        log.warning(
            "%s update %s failed (attempt %d), retrying at %s: %s", self._messenger,
            row.update_key, attempts, f"{retry_at:%H:%M:%S}", error,
        )  # fmt: skip
        try:
            await inbox.mark_retry(
                self._db, row.id, attempts=attempts, error=error, next_attempt_at=retry_at
            )
        except Exception as record_exc:
            # The database itself, most likely: the row stays pending and is tried again.
            log.warning("could not record the retry of update %s: %r", row.update_key, record_exc)
        return False

    async def _park(
        self, row: InboxRow, error: str, parsed: Inbound | None, attempts: int | None = None
    ) -> bool:
        try:
            await inbox.mark_dead(
                self._db, row.id, attempts=attempts or row.attempts, error=error,
                now=self._clock.now(),
            )  # fmt: skip
        except Exception as exc:
            log.warning("could not park update %s: %r", row.update_key, exc)
            return False
        if self._on_dead is not None:
            try:
                await self._on_dead(row, error)
            except Exception:
                log.exception("telling the admins about parked update %s failed", row.update_key)
        self._wake_outbox()
        await self._acknowledge(parsed)
        return True

    async def _acknowledge(self, parsed: Inbound | None) -> None:
        """Best effort: a failed acknowledgement never undoes what was handled."""
        if parsed is None or self._after_handled is None:
            return
        try:
            await self._after_handled(parsed)
        except Exception as exc:
            log.info("could not acknowledge a %s update: %r", self._messenger, exc)


async def _first_of(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
