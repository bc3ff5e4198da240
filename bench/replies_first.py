"""Benchmark: replies first. Cadres answering while a broadcast of reminders runs.

The real bot (`BotRuntime`, production pacing: 29 sends/s, one message a second per chat)
polls a fake Bot API that answers 429 above Telegram's limits. 1,000
reminders are due at start; a few seconds into the broadcast, 50 cadres start a report at
once, each answering as soon as the previous reply arrived (after a short think time).
Prints the reply latency (median, p90), the broadcast's duration and rate, and the 429s,
beside issue 9's targets. Asserts nothing about time.

Run from the project root: `.venv/bin/python -m bench.replies_first [--help]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bench.figures import percentile, versus
from bench.limited_api import LimitedFakeBotAPI, Limits
from bench.report_script import REPORT_STEPS
from bench.seed import seed_reporting_cadres
from bot.runtime import TELEGRAM_SEND_RATE, BotRuntime, Tuning
from bot.settings import load_settings
from storage.db import Database
from storage.migrate import migrate
from storage.tables import outbox
from tests.bench_support import OVERALL_PER_SECOND
from tests.harness import fake_request

FIRST_REMINDED_CHAT = 300_000_000
MEDIAN_REPLY_TARGET = 1.1  # seconds
BROADCAST_RATE_TARGET = 0.95 * OVERALL_PER_SECOND


async def queue_broadcast(db: Database, count: int, now: datetime) -> list[int]:
    """`count` reminders due now, each to a chat of its own; the chats."""
    chats = [FIRST_REMINDED_CHAT + n for n in range(count)]
    rows = [
        {"idempotency_key": f"bench:{chat}", "messenger": "telegram", "chat_id": str(chat),
         "kind": "remind_day_before", "due_at": now, "expires_at": None, "status": "pending",
         "attempts": 0, "created_at": now,
         "payload": json.dumps({"text": "Nhắc lịch sinh hoạt chi bộ ngày mai, 19:30"})}
        for chat in chats
    ]  # fmt: skip
    async with db.transaction() as conn:
        await conn.execute(insert(outbox), rows)
    return chats


async def answer(
    api: LimitedFakeBotAPI, user_id: int, steps: int, think: float, latencies: list[float]
) -> None:
    """One cadre: each step as soon as the previous reply arrived and `think` has passed."""
    person = api.user(user_id)
    expected = 0
    for step in REPORT_STEPS[:steps]:
        expected += step.replies
        sent = time.monotonic()
        if step.kind == "send":
            person.send(step.value)
        elif step.kind == "photo":
            person.send_photo(step.value)
        else:
            buttons = api.buttons.get(user_id, {})
            label = next((text for text in buttons if text.startswith(step.value)), None)
            if label is None:
                raise LookupError(f"cadre {user_id}: no button {step.value!r}")
            person.press(buttons[label])
        if step.replies:
            latencies.append(await api.messages_reach(user_id, expected) - sent)
        await asyncio.sleep(think)


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        api = LimitedFakeBotAPI(
            token="123456:BENCH-TOKEN", latency=args.latency_ms / 1000,
            limits=Limits(per_chat=args.per_chat_limit),
        )  # fmt: skip
        settings = load_settings(
            _env_file=None, telegram_bot_token=api.token,
            telegram_base_url="https://bot-api.bench/bot", database_url=url,
        )  # fmt: skip
        db = Database(url)
        await migrate(db)
        now = datetime.now(UTC)
        cadres = await seed_reporting_cadres(db, args.cadres, now)
        reminded = await queue_broadcast(db, args.reminders, now)
        tuning = Tuning(
            telegram_request=fake_request(api), telegram_updates_request=fake_request(api),
            poll_timeout=1, run_scheduler=False,
        )  # fmt: skip
        runtime = BotRuntime(settings, db, tuning=tuning)
        latencies: list[float] = []
        assert await runtime.start()
        try:
            await asyncio.sleep(args.delay)
            answering = time.monotonic()
            await asyncio.gather(
                *(answer(api, user, args.answers, args.think, latencies) for user in cadres)
            )
            answered = time.monotonic() - answering
            finished = [await api.messages_reach(chat, 1) for chat in reminded]
        finally:
            await runtime.stop()
            await db.close()
    first = min(api.accepted[chat][0] for chat in reminded)
    broadcast = max(finished) - first
    # Replies take their slots from the same budget: the sender's rate is all sends.
    sends = sum(
        1 for times in api.accepted.values() for at in times if first <= at <= max(finished)
    )
    refused = api.limits.refused_overall + api.limits.refused_per_chat
    print(f"settings: {args.reminders} reminders, {args.cadres} cadres answering "
          f"{args.answers} times each from {args.delay:g} s into the broadcast "
          f"(think {args.think:g} s), API latency {args.latency_ms:g} ms, "
          f"pacing {TELEGRAM_SEND_RATE:g}/s, fake API limits {api.limits.overall}/s overall "
          f"and {api.limits.per_chat}/s per chat")  # fmt: skip
    print(f"replies:            {len(latencies)} in {answered:.1f} s")
    print(f"reply latency:      median {percentile(latencies, 0.5):.2f} s, "
          f"p90 {percentile(latencies, 0.9):.2f} s, max {max(latencies):.2f} s")  # fmt: skip
    print(f"broadcast:          {args.reminders} reminders in {broadcast:.1f} s = "
          f"{args.reminders / broadcast:.2f} msg/s")  # fmt: skip
    print(f"all sends meanwhile: {sends} = {sends / broadcast:.2f} msg/s (replies included)")
    print(f"429s received:      {refused} ({api.limits.refused_overall} over 30/s, "
          f"{api.limits.refused_per_chat} over the per-chat limit)")  # fmt: skip
    print(f"peak in any 1 s:    {api.limits.peak}")
    median = percentile(latencies, 0.5)
    rate = versus(sends / broadcast, BROADCAST_RATE_TARGET, "msg/s", lower_is_better=False)
    print("targets:")
    print(f"  median reply:     {versus(median, MEDIAN_REPLY_TARGET, 's')}")
    print(f"  send rate:        {rate}")
    print(f"  429s:             {refused} (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--cadres", type=int, default=50)
    parser.add_argument(
        "--answers", type=int, default=6, help="steps of the report each cadre answers"
    )
    parser.add_argument("--think", type=float, default=2.0, help="seconds between answers")
    parser.add_argument("--delay", type=float, default=3.0, help="seconds into the broadcast")
    parser.add_argument("--latency-ms", type=float, default=30.0)
    parser.add_argument(
        "--per-chat-limit", type=int, default=1,
        help="messages the fake API accepts to one chat in any sliding second",
    )  # fmt: skip
    logging.basicConfig(level=logging.WARNING)
    # Every 429 is counted by the fake API; PTB would also log each with a traceback.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
