"""The scheduled digests: the latest weekly and monthly digest whose send time has come is
queued for the committee chat, exactly once per period.

Nothing is remembered in memory: whether a period's digest is queued is read from the outbox
(its rows' keys are `digest:{weekly|monthly}:{period}:{part}`), so a restart after the send
time catches up, one before it does nothing, and no restart sends one twice. After a long
downtime only the latest period of each kind is sent; older ones would be news to no one.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.app import leadership_chats
from bot.clock import Clock
from bot.digest.compose import DigestConfig, collect
from bot.digest.periods import MonthlySchedule, Period, WeeklySchedule, parse_monthly, parse_weekly
from bot.digest.render import period_label
from bot.i18n import t
from bot.messages import Outbound
from bot.questionnaire.model import load_questionnaire
from bot.settings import Settings
from storage import attachments, digest_queries, outbox, portable
from storage.db import Database

log = logging.getLogger(__name__)


def digest_key(kind: str, period: Period, part: str) -> str:
    return f"digest:{kind}:{period.key}:{part}"


def config_from(settings: Settings) -> DigestConfig:
    return DigestConfig(
        tz=settings.tz,
        deadline=timedelta(days=settings.report_deadline_days),
        questionnaire=load_questionnaire(settings.questionnaire_path),
        committee_name=settings.committee_name,
    )


async def enqueue_due_digests(db: Database, clock: Clock, settings: Settings) -> int:
    """Queue every digest due by now and not queued yet; returns how many were queued (0–2)."""
    chats = leadership_chats(settings)
    if not chats:
        return 0
    now = clock.now()
    schedules: list[tuple[str, WeeklySchedule | MonthlySchedule | None]] = [
        ("weekly", parse_weekly(settings.digest_weekly_cron)),
        ("monthly", parse_monthly(settings.digest_monthly_cron)),
    ]
    config: DigestConfig | None = None
    queued = 0
    for kind, schedule in schedules:
        if schedule is None:
            continue
        _send_at, period = schedule.latest(now, settings.tz)
        if await digest_queries.is_queued(db, digest_key(kind, period, "text")):
            continue
        config = config or config_from(settings)
        if await queue_digest(db, kind, period, config, chats=chats, now=now):
            log.info("queued the %s digest of %s", kind, period.key)
            queued += 1
    return queued


async def queue_digest(
    db: Database,
    kind: str,
    period: Period,
    config: DigestConfig,
    *,
    chats: list[tuple[str, str]],
    now: datetime,
) -> bool:
    """Render one digest and queue its message, chart and spreadsheet for every leadership
    chat in one transaction; False when its rows exist already (another run got there
    first). The first chat's rows keep the bare keys that mark the period as queued."""
    bundle = await collect(db, period, config, now=now)
    chart = await bundle.chart_file()
    trend = await bundle.trend_chart_file()  # monthly digests only
    workbook = await bundle.workbook_file()
    label = period_label(period)
    async with db.transaction() as conn:
        # Checked again inside the transaction (rendering took a while), under a lock on the
        # period's key: two runs at once on PostgreSQL would otherwise both store attachments.
        await portable.lock_name(conn, digest_key(kind, period, "text"))
        if await digest_queries.is_queued(conn, digest_key(kind, period, "text")):
            return False
        stored_chart = await attachments.store(conn, chart, now)
        stored_trend = await attachments.store(conn, trend, now) if trend else None
        stored_workbook = await attachments.store(conn, workbook, now)
        texts = bundle.text_parts()
        for index, (messenger, chat_id) in enumerate(chats):
            parts = [("text", Outbound(chat_id, texts[0]))]
            parts += [(f"text{n}", Outbound(chat_id, text)) for n, text in enumerate(texts[1:], 2)]
            parts += [
                ("chart", Outbound(chat_id, t("leadership.chart_caption", period=label),
                                   attachment=stored_chart)),
            ]  # fmt: skip
            if stored_trend is not None:
                parts.append(("trend", Outbound(chat_id, t("leadership.trend_caption",
                                                           period=label),
                                                attachment=stored_trend)))  # fmt: skip
            parts.append(("sheet", Outbound(chat_id, t("leadership.sheet_caption", period=label),
                                            attachment=stored_workbook)))  # fmt: skip
            where = f":{messenger}:{chat_id}" if index else ""
            for part, message in parts:
                await outbox.enqueue(
                    conn,
                    key=digest_key(kind, period, part) + where,
                    messenger=messenger,
                    chat_id=chat_id,
                    kind="digest",
                    payload=message.to_payload(),
                    due_at=now,
                    now=now,
                )
    return True


async def digest_job(db: Database, clock: Clock, settings: Settings, wake: asyncio.Event) -> int:
    """The scheduler's job: queue due digests, then wake the sender."""
    queued = await enqueue_due_digests(db, clock, settings)
    if queued:
        wake.set()
    return queued
