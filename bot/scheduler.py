"""Periodic jobs: plan meetings, queue the reminders that are due, wake the sender.

What is due is always computed from the database, so the APScheduler instance holds no state
worth keeping: a restart (or downtime) is caught up by the start-up run of the same jobs.
The job functions are plain coroutines taking (db, clock, settings, wake); tests call them
directly with a fake clock, and the scheduler only triggers them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock
from bot.digest_jobs import digest_job
from bot.reminders import ReminderRules, outbox_kind, plan_reminders, render_reminder, triage
from bot.settings import Settings
from storage import meetings as meetings_store
from storage import reminders as reminders_store
from storage.db import Database
from storage.meetings import PlanResult

log = logging.getLogger(__name__)

# Reminders of meetings up to two days ahead (the day-before one) and back to a week after
# the deadline (the overdue one; one more day for slack) are due now or soon.
LOOK_AHEAD = timedelta(days=2)
LOOK_BACK_AFTER_DEADLINE = timedelta(days=8)
MAX_KEYS_LOGGED = 5

Job = Callable[[Database, Clock, Settings, asyncio.Event], Awaitable[object]]


@dataclass(frozen=True)
class EnqueueResult:
    queued: int
    skipped: int  # stale after downtime, or superseded by a later reminder of the same phase
    cancelled: int  # queued earlier, no longer wanted (report in, meeting changed)


async def enqueue_due_reminders(
    db: Database, *, now: datetime, settings: Settings
) -> EnqueueResult:
    """Queue every reminder due by `now` that is not queued yet; record those that came due
    while the bot was down and no longer make sense as skipped, with one log line."""
    rules = ReminderRules.from_settings(settings)
    since = now - rules.deadline_after - LOOK_BACK_AFTER_DEADLINE
    until = now + max(LOOK_AHEAD, rules.hours_before + timedelta(days=1))
    queued = 0
    skipped: list[str] = []
    # One transaction: a report submitted meanwhile is seen, or its cancel sees our rows.
    async with db.transaction() as conn:
        cancelled = await reminders_store.cancel_obsolete(conn)
        existing = await reminders_store.queued_keys(conn, since=since, until=until)
        # The demos run without a token and play a Telegram account.
        served = settings.messengers or ("telegram",)
        found = await reminders_store.targets(
            conn, since=since, until=until, tz=rules.tz, messengers=served
        )
        for target in found:
            plan = plan_reminders(
                target.meeting.id, target.meeting.starts_at, target.status, target.cadre_id, rules
            )
            for reminder, reason in triage(plan, now, existing):
                message = render_reminder(reminder.kind, target.meeting, target.chat_id, rules)
                inserted = await reminders_store.queue(
                    conn, target, reminder, kind=outbox_kind(reminder.kind),
                    payload=message.to_payload(), now=now, skip_reason=reason,
                )  # fmt: skip
                if inserted and reason is None:
                    queued += 1
                elif inserted:
                    skipped.append(f"{reminder.key} ({reason})")
    if skipped:
        shown = ", ".join(skipped[:MAX_KEYS_LOGGED])
        more = (
            f" and {len(skipped) - MAX_KEYS_LOGGED} more" if len(skipped) > MAX_KEYS_LOGGED else ""
        )
        log.info("skipped %d reminder(s) due while nothing could be sent: %s%s",
                 len(skipped), shown, more)  # fmt: skip
    return EnqueueResult(queued=queued, skipped=len(skipped), cancelled=cancelled)


# --- jobs ------------------------------------------------------------------------------------


async def plan_job(
    db: Database, clock: Clock, settings: Settings, wake: asyncio.Event
) -> PlanResult:
    """Plan every cell's meetings over the horizon (days off read fresh: admins edit them)."""
    result = await meetings_store.plan_ahead(
        db,
        now=clock.now(),
        tz=settings.tz,
        horizon_days=settings.planning_horizon_days,
        past_days=settings.reporting_window_days,  # a fresh deployment knows past meetings
    )
    if result.added or result.updated:
        log.info("planned meetings: %d added, %d re-timed", result.added, result.updated)
    wake.set()
    return result


async def enqueue_job(
    db: Database, clock: Clock, settings: Settings, wake: asyncio.Event
) -> EnqueueResult:
    """Queue the reminders due now, then wake the sender so they go out at once."""
    result = await enqueue_due_reminders(db, now=clock.now(), settings=settings)
    wake.set()
    return result


async def startup_job(db: Database, clock: Clock, settings: Settings, wake: asyncio.Event) -> None:
    """At start-up: plan, then catch up on what came due while the bot was down."""
    try:
        await plan_job(db, clock, settings, wake)
    except Exception:  # reminders of meetings planned earlier still deserve to go out
        log.exception("planning meetings at start-up failed")
    await enqueue_job(db, clock, settings, wake)
    try:
        await digest_job(db, clock, settings, wake)  # a digest due during downtime goes now
    except Exception:
        log.exception("queueing digests at start-up failed")


class ReminderScheduler:
    """Triggers the jobs: planning daily at 00:05, reminders and digests every minute, all
    at start-up too."""

    def __init__(self, db: Database, clock: Clock, settings: Settings, wake: asyncio.Event) -> None:
        self._args = (db, clock, settings, wake)
        self._lock = asyncio.Lock()  # one job at a time: they share the write lock anyway
        self._running: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self.scheduler = AsyncIOScheduler(
            timezone=settings.tz,
            job_defaults={
                "coalesce": True,  # after a stall, one run catches up on everything
                "max_instances": 1,
                "misfire_grace_time": 30,
            },
        )
        self.scheduler.add_job(
            self._run, CronTrigger(hour=0, minute=5, timezone=settings.tz), args=(plan_job,),
            id="plan_meetings", misfire_grace_time=3600,
        )  # fmt: skip
        # At second 0 of every minute, so a reminder due at 08:00 goes out at 08:00.
        self.scheduler.add_job(
            self._run, CronTrigger(second=0, timezone=settings.tz), args=(enqueue_job,),
            id="enqueue_due_reminders",
        )  # fmt: skip
        # Digests are due at their cron times; checking every minute costs one key lookup
        # and makes a restart around the scheduled time harmless (the key makes it once).
        self.scheduler.add_job(
            self._run, CronTrigger(second=30, timezone=settings.tz), args=(digest_job,),
            id="enqueue_due_digests",
        )  # fmt: skip

    def add(self, job: Job, trigger: BaseTrigger, job_id: str) -> None:
        """Another job of the same shape (e.g. digests), taking its turn with the others."""
        self.scheduler.add_job(self._run, trigger, args=(job,), id=job_id)

    async def _run(self, job: Job) -> object:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            async with self._lock:
                return await job(*self._args)
        except Exception:  # logged here: nobody awaits the start-up run; the next run retries
            log.exception("scheduled job %s failed", getattr(job, "__name__", job))
            return None
        finally:
            if task is not None:
                self._running.discard(task)

    def start(self) -> None:
        self._stopping = False
        self.scheduler.start()
        task = asyncio.get_running_loop().create_task(
            self._run(startup_job), name="reminders-startup"
        )
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def stop(self) -> None:
        """Stop triggering; cancel a job still running (its transaction rolls back)."""
        # On SIGTERM the runtime and the leader's duties both stop it; AsyncIOScheduler
        # leaves `running` only in a later callback, where a second shutdown would raise.
        if self.scheduler.running and not self._stopping:
            self._stopping = True
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down in a callback of the loop
        for task in list(self._running):
            task.cancel()
        for task in list(self._running):
            with contextlib.suppress(asyncio.CancelledError):
                await task
