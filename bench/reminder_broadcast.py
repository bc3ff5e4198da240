"""Benchmark: a broadcast of reminders through the real python-telegram-bot stack.

3,000 linked cadres each have one reminder due now; the outbox sender drains them through
PTB (with its AIORateLimiter) against a fake Bot API that answers 429 whenever Telegram's
limits are exceeded. Prints what was achieved; asserts nothing about time.

Run from the project root: `.venv/bin/python -m bench.reminder_broadcast [--help]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection
from telegram.request import HTTPXRequest

from bot.clock import SystemClock
from bot.reminders import ReminderKind, ReminderMeeting, ReminderRules, render_reminder
from bot.runtime import TELEGRAM_SEND_RATE
from bot.sender import DEFAULT_BATCH_SIZE, OutboxSender
from bot.settings import load_settings
from bot.transports.telegram import build_bot, delivery
from storage import outbox as outbox_store
from storage.db import Database
from storage.migrate import migrate
from storage.tables import cadres, cells, meetings, outbox, units
from tests.bench_support import OVERALL_PER_SECOND, RateLimitedBotAPI

FIRST_USER_ID = 100_000_000


async def _insert(conn: AsyncConnection, table: Table, **values: object) -> int:
    key = (await conn.execute(insert(table).values(**values))).inserted_primary_key
    assert key is not None
    return int(key[0])


async def seed(db: Database, count: int, now: datetime, rules: ReminderRules) -> None:
    """`count` linked cadres, each with one pending day-before reminder due now."""
    starts_at = datetime(2026, 4, 6, 12, 30, tzinfo=UTC)
    place, cell, unit = "Nhà văn hóa", "Chi bộ thôn Bench", "Đảng bộ xã Bench"
    async with db.transaction() as conn:
        unit_id = await _insert(conn, units, name=unit, created_at=now)
        cell_id = await _insert(
            conn, cells, unit_id=unit_id, name=cell, member_count=30, meeting_day=6,
            meeting_time="19:30", place=place, holiday_shift="next", created_at=now,
        )  # fmt: skip
        meeting_id = await _insert(
            conn, meetings, cell_id=cell_id, rule_date=date(2026, 4, 6), starts_at=starts_at,
            place=place, status="planned", changed_manually=False, created_at=now,
        )  # fmt: skip
        people = [
            {"full_name": f"Cán bộ {n}", "phone": f"+8491{n:07d}", "position": None,
             "telegram_user_id": FIRST_USER_ID + n, "zalo_user_id": None, "active": True,
             "created_at": now}
            for n in range(count)
        ]  # fmt: skip
        await conn.execute(insert(cadres), people)
        ids = (await conn.execute(select(cadres.c.id).order_by(cadres.c.id))).scalars().all()
        facts = ReminderMeeting(meeting_id, starts_at, cell, unit, place)
        rows = []
        for n, cadre_id in enumerate(ids):
            chat = str(FIRST_USER_ID + n)
            payload = render_reminder(ReminderKind.DAY_BEFORE, facts, chat, rules).to_payload()
            rows.append({
                "idempotency_key": f"bench:{cadre_id}", "messenger": "telegram",
                "chat_id": chat, "kind": "remind_day_before",
                "payload": json.dumps(payload, ensure_ascii=False), "due_at": now,
                "expires_at": None, "status": "pending", "attempts": 0,
                "meeting_id": meeting_id, "cadre_id": cadre_id, "created_at": now,
            })  # fmt: skip
        await conn.execute(insert(outbox), rows)


async def count_sent(db: Database) -> int:
    async with db.read() as conn:
        query = select(func.count()).where(outbox.c.status == "sent")
        return int((await conn.execute(query)).scalar_one())


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        api = RateLimitedBotAPI(latency=args.latency_ms / 1000)
        settings = load_settings(
            _env_file=None, telegram_bot_token=api.token,
            telegram_base_url="https://bot-api.bench/bot", database_url=url,
        )  # fmt: skip
        db = Database(url)
        await migrate(db)
        clock = SystemClock()
        await seed(db, args.messages, clock.now(), ReminderRules(tz=settings.tz))

        request = HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(api.handler)})
        async with build_bot(settings, request=request) as bot:
            sender = OutboxSender(
                db, clock, "telegram", delivery(bot), batch_size=args.batch_size,
                concurrency=args.concurrency, max_per_second=args.rate or None,
            )  # fmt: skip
            started = time.perf_counter()
            while True:
                await sender.drain_once()
                due = await outbox_store.next_due_at(db, "telegram")
                if due is None:
                    break
                # Rows waiting for a 429's retry_after: sleep until the first is due.
                await asyncio.sleep(max(0.0, (due - clock.now()).total_seconds()))
            elapsed = time.perf_counter() - started
        sent = await count_sent(db)
        await db.close()
    rate = sent / elapsed
    print(f"settings: latency {args.latency_ms} ms, batch_size {args.batch_size}, "
          f"concurrency {args.concurrency}, sender pacing "
          f"{f'{args.rate:g} msg/s' if args.rate else 'off'}")  # fmt: skip
    print(f"messages sent:        {sent}")
    print(f"elapsed seconds:      {elapsed:.1f}")
    print(f"messages/second:      {rate:.2f}")
    print(f"429s received:        {api.rejected}")
    print(f"ratio to 30 msg/s:    {rate / OVERALL_PER_SECOND:.1%}")
    print(f"peak in any 1 s:      {api.limits.peak}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--latency-ms", type=float, default=30.0)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--concurrency", type=int, default=30)
    parser.add_argument(
        "--rate", type=float, default=TELEGRAM_SEND_RATE,
        help="outbox sender pacing in messages/s, 0 for none (default: what the bot uses)",
    )  # fmt: skip
    logging.basicConfig(level=logging.WARNING)
    # Every 429 is counted by the fake API; PTB would also log each with a traceback.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
