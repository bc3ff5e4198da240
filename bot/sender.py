"""The sender loop: drains the outbox of one messenger, retrying what can be retried.

Messenger-neutral: a transport supplies `deliver`, which sends one outbox row or raises
`TransientDeliveryError` (try again later) or `PermanentDeliveryError` (never will work).
Everything it decides is written to the database, so a restart continues where it stopped.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.backoff import sleep_unless_stopped
from bot.clock import Clock
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxMessage

log = logging.getLogger(__name__)
MIN_RETRY_DELAY = timedelta(seconds=1)
LEASE_CHECK = timedelta(minutes=1)
# A batch ends when its slowest send is answered; large batches keep that pause rare, so a
# paced broadcast stays near its rate even with a slow network (see bench/).
DEFAULT_BATCH_SIZE = 200


class TransientDeliveryError(Exception):
    """Worth retrying: rate limited (with the server's `retry_after`), 5xx, timeouts."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentDeliveryError(Exception):
    """Will never succeed as is: the user blocked the bot, the chat does not exist."""


# Sends one row; may return the messenger's id of the message it created.
Deliver = Callable[[OutboxMessage], Awaitable[str | None]]
FailureHook = Callable[[OutboxMessage, str], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, so a recovering API is not hit by a synchronised wave."""

    base_seconds: float = 5.0
    cap_seconds: float = 1800.0
    max_attempts: int = 12  # about a day of trying before the row is marked failed
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int) -> timedelta:
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(attempts - 1, 0))
        return timedelta(seconds=self.rng.uniform(ceiling / 2, ceiling))


class Pacer:
    """Spaces sends at least 1/`per_second` apart (no bursts), replies first; a chat gets a
    burst of `per_chat_burst` (1: none, Telegram's one message a second per chat) then one
    message per `per_chat_interval`.

    PTB's AIORateLimiter is a leaky bucket that holds a second's worth: after any pause it lets
    a burst of 30 through on top of the steady 30/s, so one sliding second sees up to 60 and
    Telegram answers 429. Here each slot of the timetable goes to the most urgent waiter at
    the moment it opens (a reply before any reminder, then arrival order), and a late wake-up
    of the event loop delays the sends after it instead of bunching them together.
    """

    def __init__(
        self, per_second: float, per_chat_interval: float = 1.0, per_chat_burst: int = 1
    ) -> None:
        self._interval = 1.0 / per_second
        self._per_chat_interval = per_chat_interval
        self._per_chat_burst = per_chat_burst
        self._last = -math.inf
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._dispatcher: asyncio.Task[None] | None = None
        self._chats: dict[str, tuple[float, float]] = {}  # chat -> (tokens, at)

    async def wait(self, chat_id: str, priority: int = outbox.PROACTIVE) -> None:
        """Return when this chat may be sent to and the overall spacing allows a send."""
        await self._chat_token(chat_id)
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), turn))
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="pacer")
        try:
            await turn
        except asyncio.CancelledError:
            turn.cancel()  # the dispatcher skips it
            raise

    async def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiters:
            planned = self._last + self._interval
            if planned > loop.time():
                await asyncio.sleep(planned - loop.time())
            while self._waiters and self._waiters[0][2].done():
                heapq.heappop(self._waiters)  # cancelled while waiting
            if not self._waiters:
                return
            _, _, turn = heapq.heappop(self._waiters)
            now = loop.time()
            # Waking a little late keeps the timetable (no drift); a stall restarts it from now.
            self._last = planned if now - planned < self._interval / 4 else now
            turn.set_result(None)

    async def _chat_token(self, chat_id: str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        tokens, at = self._chats.get(chat_id, (float(self._per_chat_burst), now))
        if self._per_chat_interval > 0:
            tokens = min(self._per_chat_burst, tokens + (now - at) / self._per_chat_interval)
        else:
            tokens = float(self._per_chat_burst)
        if tokens < 1:
            await asyncio.sleep((1 - tokens) * self._per_chat_interval)
            now, tokens = loop.time(), 1.0
        self._chats[chat_id] = (tokens - 1, now)
        if len(self._chats) > 10_000:  # forget chats whose bucket has refilled anyway
            horizon = self._per_chat_interval * self._per_chat_burst
            self._chats = {c: v for c, v in self._chats.items() if now - v[1] < horizon}


class OutboxSender:
    """Claims due rows in batches; one chat's rows go in order, different chats in parallel."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        messenger: str,
        deliver: Deliver,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        concurrency: int = 30,
        policy: RetryPolicy | None = None,
        on_permanent_failure: FailureHook | None = None,
        wake: asyncio.Event | None = None,
        max_per_second: float | None = None,
        per_chat_interval: float = 1.0,
        per_chat_burst: int = 1,
    ) -> None:
        self._db = db
        self._clock = clock
        self._messenger = messenger
        self._deliver = deliver
        self._batch_size = batch_size
        # One set of send slots per lane: with a shared set, a broadcast's batch queues for
        # every slot ahead of a reply, which then waits for the batch instead of the pacer
        # serving it first (bench/replies_first.py measured a 6 s median reply).
        self._slots = {
            outbox.REPLY: asyncio.Semaphore(concurrency),
            outbox.PROACTIVE: asyncio.Semaphore(concurrency),
        }
        self._policy = policy or RetryPolicy()
        self._on_permanent_failure = on_permanent_failure
        self._pacer = (
            Pacer(max_per_second, per_chat_interval, per_chat_burst) if max_per_second else None
        )
        # Set by whoever enqueues, so a new message goes out at once rather than at the next poll.
        self.wake = wake or asyncio.Event()
        # Chat -> (id, retry time) of its message waiting for a retry: the chat's later messages
        # wait behind it, even those claimed in a later batch or enqueued after it failed.
        self._held: dict[str, tuple[int, datetime]] = {}
        # Claimed rows whose outcome could not be recorded, to put back in the queue.
        self._unrecorded: set[int] = set()
        self._leases_checked_at: datetime | None = None

    async def recover(self) -> int:
        """At start-up: rows caught mid-send by a crash go back to the queue."""
        released = await outbox.release_interrupted(self._db, self._messenger)
        if released:
            log.warning("%d outbox message(s) were interrupted mid-send; retrying", released)
        return released

    async def drain_once(self, priority: int | None = None) -> int:
        """Send everything due now, batch after batch; return how many rows were handled.
        `priority` drains one lane only (replies, or proactive messages)."""
        await self._release_unrecorded()
        await self._release_expired_leases()
        handled = 0
        while True:
            now = self._clock.now()
            self._held = {chat: hold for chat, hold in self._held.items() if hold[1] > now}
            claimed = await outbox.claim_due(
                self._db,
                messenger=self._messenger,
                now=now,
                limit=self._batch_size,
                priority=priority,
            )
            if not claimed:
                return handled
            by_chat: dict[str, list[OutboxMessage]] = defaultdict(list)
            for message in claimed:
                by_chat[message.chat_id].append(message)
            chats = list(by_chat.values())
            # One chat's trouble must not stop the others, nor leave this drain half-finished.
            results = await asyncio.gather(
                *(self._send_chat(rows) for rows in chats), return_exceptions=True
            )
            for rows, result in zip(chats, results, strict=True):
                if isinstance(result, Exception):
                    log.error(
                        "outbox sender failed on chat %s; its unrecorded messages will be "
                        "put back in the queue",
                        rows[0].chat_id,
                        exc_info=result,
                    )
                elif isinstance(result, BaseException):
                    raise result
            handled += len(claimed)

    async def _release_expired_leases(self) -> None:
        """Once a minute: rows a dead or hung sender had claimed are queued again."""
        now = self._clock.now()
        if self._leases_checked_at is not None and now - self._leases_checked_at < LEASE_CHECK:
            return
        self._leases_checked_at = now
        released = await outbox.release_expired(self._db, self._messenger, now)
        if released:
            log.warning("%d outbox message(s) outlived their claim; retrying", released)

    async def _release_unrecorded(self) -> None:
        """Rows whose outcome could not even be recorded go back to the queue (not `sending`)."""
        if not self._unrecorded:
            return
        ids = sorted(self._unrecorded)
        try:
            released = await outbox.release_claimed(self._db, ids)
        except Exception:
            log.exception("could not put %d outbox message(s) back in the queue", len(ids))
            return
        self._unrecorded.difference_update(ids)
        if released:
            log.warning("%d outbox message(s) whose outcome was not recorded are retried", released)

    async def _send_chat(self, rows: list[OutboxMessage]) -> None:
        """Send one chat's claimed rows in order; once one is rescheduled, the rest wait for it."""
        done = 0  # rows[:done] have their outcome recorded
        try:
            for message in rows:
                hold = self._hold_on(message)
                if hold is not None:
                    # An earlier message of this chat, from another batch, waits for its retry:
                    # this one has not been tried, and waits behind it with the rest.
                    head_id, until = hold
                    await self._wait_behind(message.chat_id, head_id, until, rows[done:])
                    return
                retry_at = await self._attempt(message)
                done += 1
                if retry_at is not None:
                    # Keep the chat's order: what follows waits for the failed one's retry.
                    self._held[message.chat_id] = (message.id, retry_at)
                    await self._wait_behind(message.chat_id, message.id, retry_at, rows[done:])
                    return
        except Exception:
            # Whatever is still `sending` goes back to the queue at the next drain.
            self._unrecorded.update(row.id for row in rows[done:])
            raise

    def _hold_on(self, message: OutboxMessage) -> tuple[int, datetime] | None:
        """The earlier message of this chat that `message` must wait for, and until when."""
        hold = self._held.get(message.chat_id)
        if hold is None or message.id <= hold[0] or hold[1] <= self._clock.now():
            return None
        return hold

    async def _wait_behind(
        self, chat_id: str, head_id: int, until: datetime, rows: list[OutboxMessage]
    ) -> None:
        """Hold the claimed `rows` and the chat's pending rows after `head_id` until `until`.

        Claims go by (due_at, id), so at `until` they follow the head in their order. The
        claimed rows were not tried: they get back the attempt their claim counted.
        """
        for later in rows:
            await outbox.mark_retry(
                self._db, later.id, "waiting for an earlier message", until, refund_attempt=True
            )
        await outbox.defer_chat(
            self._db, messenger=self._messenger, chat_id=chat_id, after_id=head_id, until=until
        )

    async def _attempt(self, message: OutboxMessage) -> datetime | None:
        """`_send_one`, and a retry when even its outcome could not be recorded."""
        try:
            async with self._slots.get(message.priority, self._slots[outbox.PROACTIVE]):
                return await self._send_one(message)
        except Exception as exc:
            # The database, most likely: the row is still `sending`. If it was delivered, it
            # will be delivered again, as after a crash.
            log.exception("outbox message %s: its outcome could not be recorded", message.id)
            return await self._retry_later(message, f"not recorded: {exc!r}", None)

    async def _send_one(self, message: OutboxMessage) -> datetime | None:
        """Send one row and record the outcome; returns when it will be retried, if it will."""
        now = self._clock.now()
        if message.expires_at is not None and now >= message.expires_at:
            log.info("skipping stale outbox message %s (%s)", message.id, message.idempotency_key)
            await outbox.mark_skipped(self._db, message.id, "expired before it could be sent")
            return None
        try:
            if self._pacer is not None:
                await self._pacer.wait(message.chat_id, message.priority)
            sent_ref = await self._deliver(message)
        except TransientDeliveryError as exc:
            return await self._retry_later(message, str(exc), exc.retry_after)
        except PermanentDeliveryError as exc:
            log.warning("outbox message %s failed for good: %s", message.id, exc)
            await outbox.mark_failed(self._db, message.id, str(exc))
            if self._on_permanent_failure is not None:
                try:
                    await self._on_permanent_failure(message, str(exc))
                except Exception:  # the row is recorded; a failed report must not stop the chat
                    log.exception("reporting the failure of outbox message %s failed", message.id)
            return None
        except Exception as exc:
            # A bug or a surprise in the transport: retried like a transient error, so a
            # message that always fails this way ends `failed` after max_attempts.
            log.exception("outbox message %s: unexpected error while sending", message.id)
            return await self._retry_later(message, f"unexpected: {exc!r}", None)
        await outbox.mark_sent(self._db, message.id, self._clock.now(), sent_ref)
        return None

    async def _retry_later(
        self, message: OutboxMessage, error: str, retry_after: float | None
    ) -> datetime | None:
        if message.attempts >= self._policy.max_attempts:
            log.warning("outbox message %s gave up after %d attempts", message.id, message.attempts)
            await outbox.mark_failed(self._db, message.id, f"gave up: {error}")
            return None
        delay = (
            timedelta(seconds=retry_after)
            if retry_after is not None
            else self._policy.delay(message.attempts)
        )
        # Never "due right now": the same drain must not pick the row up again at once.
        next_due = self._clock.now() + max(delay, MIN_RETRY_DELAY)
        log.info("outbox message %s will be retried at %s: %s", message.id, next_due, error)
        await outbox.mark_retry(self._db, message.id, error, next_due)
        return next_due

    async def run(self, stop: asyncio.Event, idle_seconds: float = 5.0) -> None:
        """Drain until `stop` is set. Replies and proactive messages are two lanes drained
        side by side, so a reply never waits for a broadcast's batch to finish; the pacer
        gives replies the next free slot."""
        if not await self._recover_until_done(stop, idle_seconds):
            return
        lanes = {outbox.REPLY: asyncio.Event(), outbox.PROACTIVE: asyncio.Event()}
        relay = asyncio.create_task(self._relay_wakes(stop, list(lanes.values())))
        try:
            await asyncio.gather(
                *(self._run_lane(stop, lane, wake, idle_seconds) for lane, wake in lanes.items())
            )
        finally:
            relay.cancel()

    async def _recover_until_done(self, stop: asyncio.Event, retry_seconds: float) -> bool:
        """`recover`, retried while the database refuses (locked, full, read-only): the
        bot goes on receiving meanwhile, and nothing is sent before the interrupted rows are
        back in their place. False when stopped first."""
        while not stop.is_set():
            try:
                await self.recover()
                return True
            except Exception as exc:
                log.warning(
                    "outbox sender cannot requeue interrupted sends (%s); retrying in %.0f s",
                    type(exc).__name__, retry_seconds,
                )  # fmt: skip
                await sleep_unless_stopped(retry_seconds, stop)
        return False

    async def _relay_wakes(self, stop: asyncio.Event, lanes: list[asyncio.Event]) -> None:
        """One wake-up (a message was queued) reaches every lane."""
        while not stop.is_set():
            await self.wake.wait()
            self.wake.clear()
            for lane in lanes:
                lane.set()

    async def _run_lane(
        self, stop: asyncio.Event, priority: int, wake: asyncio.Event, idle_seconds: float
    ) -> None:
        """Drain one lane; sleep until woken, the next due row, or `idle_seconds`."""
        while not stop.is_set():
            wake.clear()
            try:
                await self.drain_once(priority)
            except Exception:  # the loop must survive a bad row or a database hiccup
                log.exception("outbox sender failed; trying again shortly")
            wait = idle_seconds
            try:
                due = await outbox.next_due_at(self._db, self._messenger, priority)
            except Exception:
                log.warning("outbox sender cannot read the queue; trying again shortly")
                due = None
            if due is not None:
                wait = max(0.0, min(wait, (due - self._clock.now()).total_seconds()))
            stop_task = asyncio.ensure_future(stop.wait())
            wake_task = asyncio.ensure_future(wake.wait())
            try:
                await asyncio.wait(
                    {stop_task, wake_task}, timeout=wait, return_when="FIRST_COMPLETED"
                )
            finally:
                stop_task.cancel()
                wake_task.cancel()
