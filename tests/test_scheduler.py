"""The scheduler's jobs over a whole meeting with a fake clock, and the scheduler's wiring."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from bot.clock import FakeClock
from bot.scheduler import ReminderScheduler, enqueue_job, plan_job, startup_job
from bot.sender import OutboxSender
from bot.services import Background
from bot.settings import Settings
from storage import outbox
from storage.db import Database
from tests.test_reminder_storage import AN, Collector, at, local, seed

TICK = timedelta(minutes=15)


async def test_the_jobs_over_a_whole_meeting_queue_and_send_each_reminder_once(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    # The cell meets on the 12th at 19:30 (Thursday 12/03/2026); nobody planned it yet.
    world = await seed(db)
    wake = asyncio.Event()
    deliver = Collector()
    sender = OutboxSender(db, clock, "telegram", deliver)
    clock.set(at(10, 9))
    await startup_job(db, clock, settings, wake)
    assert wake.is_set()
    sent_at: list[tuple[str, str]] = []
    while clock.now() < at(16, 0):
        clock.advance(TICK)
        local_now = clock.now().astimezone(settings.tz)
        if (local_now.hour, local_now.minute) == (0, 0):
            await plan_job(db, clock, settings, wake)  # as the 00:05 job would
        wake.clear()
        await enqueue_job(db, clock, settings, wake)
        assert wake.is_set()
        before = len(deliver.delivered)
        await sender.drain_once()
        sent_at += [
            (m.kind, local(clock.now()))
            for m in deliver.delivered[before:]
            if m.kind.startswith("remind")
        ]

    # The start-up run also queued the digests already due; this test follows the reminders.
    rows = [m for m in await outbox.messages(db) if m.kind.startswith("remind")]
    meeting_id = rows[0].meeting_id
    prefix = f"remind:{meeting_id}:{world.cadre_id}:20260312T1230Z:"
    assert [(m.idempotency_key.removeprefix(prefix), local(m.due_at), m.status) for m in rows] == [
        ("remind_day_before", "11/03 08:00", "sent"),
        ("remind_hours_before", "12/03 17:30", "sent"),
        ("report_prompt", "13/03 06:30", "sent"),  # 21:30 is in the quiet hours
        ("nudge_morning", "13/03 08:00", "sent"),
        ("nudge_before_deadline", "14/03 16:30", "sent"),
        ("overdue", "14/03 19:30", "sent"),
    ]
    assert {m.chat_id for m in rows} == {str(AN)}
    assert sent_at == [
        ("remind_day_before", "11/03 08:00"),
        ("remind_hours_before", "12/03 17:30"),
        ("remind_report_prompt", "13/03 06:30"),
        ("remind_nudge_morning", "13/03 08:00"),
        ("remind_nudge_before_deadline", "14/03 16:30"),
        ("remind_overdue", "14/03 19:30"),
    ]


async def test_the_scheduler_catches_up_at_start_and_triggers_the_jobs(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    await seed(db)
    clock.set(at(11, 9))  # the day-before reminder (08:00) came due while the bot was down
    wake = asyncio.Event()
    scheduler = ReminderScheduler(db, clock, settings, wake)
    jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
    assert set(jobs) == {"plan_meetings", "enqueue_due_reminders", "enqueue_due_digests"}
    assert isinstance(jobs["plan_meetings"].trigger, CronTrigger)
    assert str(jobs["plan_meetings"].trigger) == "cron[hour='0', minute='5']"
    assert str(jobs["enqueue_due_reminders"].trigger) == "cron[second='0']"
    assert str(jobs["enqueue_due_digests"].trigger) == "cron[second='30']"
    assert scheduler.scheduler.timezone == settings.tz

    scheduler.start()
    try:
        for job in scheduler.scheduler.get_jobs():
            assert (job.coalesce, job.max_instances) == (True, 1)
        async with asyncio.timeout(10):
            while not await outbox.messages(db):
                await wake.wait()  # planning wakes the sender first, queueing next
                wake.clear()
    finally:
        await scheduler.stop()
    assert not scheduler.scheduler.running
    assert [m.kind for m in await outbox.messages(db)] == ["remind_day_before"]


async def test_background_starts_and_stops_the_sender_and_the_scheduler(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    await seed(db)
    clock.set(at(11, 9))
    wake = asyncio.Event()
    deliver = Collector()
    sender = OutboxSender(db, clock, "telegram", deliver, wake=wake)
    background = Background(sender, ReminderScheduler(db, clock, settings, wake))
    await background.start()
    try:
        await asyncio.wait_for(deliver.arrived.wait(), timeout=10)
    finally:
        await background.stop()
    assert [m.kind for m in deliver.delivered] == ["remind_day_before"]
    assert background.scheduler is not None and not background.scheduler.scheduler.running


async def test_other_jobs_of_the_same_shape_can_be_added(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    scheduler = ReminderScheduler(db, clock, settings, asyncio.Event())
    scheduler.add(enqueue_job, CronTrigger(hour=7, minute=0), "digests")
    job = scheduler.scheduler.get_job("digests")
    assert job is not None and job.args == (enqueue_job,)


async def test_stopping_twice_at_once_shuts_the_scheduler_down_once(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    """On SIGTERM the runtime's stop and the leader's duties both stop the scheduler."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        scheduler = ReminderScheduler(db, clock, settings, asyncio.Event())
        scheduler.start()
        await asyncio.gather(scheduler.stop(), scheduler.stop())
        for _ in range(3):  # AsyncIOScheduler shuts down in callbacks of the loop
            await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(previous)
    assert not scheduler.scheduler.running
    assert [str(error.get("exception")) for error in errors] == []
