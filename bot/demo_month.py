"""`python bot.py demo --fast`: a cadre's month on a simulated clock, in a few seconds.

The real planner, reminder jobs, handlers and outbox sender run against a fresh demo database;
only the clock is simulated. The cadre reports one meeting after its prompt, lets the other
run past its deadline, then reports it late.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from bot.app import make_context, responder
from bot.clock import FakeClock
from bot.demo import (
    DEMO_COMMITTEE,
    DEMO_DATABASE,
    committee_printer,
    prepare_demo_database,
)
from bot.i18n import t
from bot.messages import Outbound
from bot.phones import normalize_phone
from bot.scheduler import enqueue_due_reminders
from bot.sender import OutboxSender
from bot.settings import Settings
from bot.transports.console import ConsoleChat
from storage import cadres
from storage.outbox import OutboxMessage

STEP = timedelta(minutes=30)  # every reminder time of the sample roster is on the half hour
DEMO_TELEGRAM_ID = "1001"
DEMO_PHONE = "0912 000 001"
START = date(2026, 3, 1)
DAYS = 9

# What the cadre does, and when (local time): press a reminder's button, answer the questions.
TAY_REPORT = [
    "1",  # «Báo cáo ngay» under the prompt
    "1", "1", "#1", "9h45",  # held, regular, start as planned (07:30), end
    "0", "26", "2",  # members from the roster (28), none exempt, 26 present, 2 excused
    "1",  # preparation: «Có cả ba»
    "1",  # «Đủ tất cả các bước»
    "9", "1", "1", "1", "1",  # speakers, minutes, principles, results, self-rating
    "#1",  # «Không có gì thêm»: no situation, remarks or proposals
    "3",  # «Gửi báo cáo» (after «📎 Gửi kèm ảnh» and «Sửa»)
]  # fmt: skip
DONG_LATE = ["1", "4", "Đi công tác huyện đột xuất", "2"]
SCRIPT: dict[tuple[int, time], list[str]] = {
    (2, time(10, 0)): TAY_REPORT,
    (8, time(9, 0)): DONG_LATE,
}


@dataclass
class MonthDemo:
    settings: Settings
    out: TextIO
    clock: FakeClock

    def stamp(self) -> str:
        local = self.clock.now().astimezone(self.settings.tz)
        weekday = t(f"weekday.{local.weekday()}")
        return f"🕗 {weekday} {local:%d/%m %H:%M}"


async def run_month_demo(settings: Settings, out: TextIO, database: Path = DEMO_DATABASE) -> None:
    """Play the month: every half hour the reminder job runs and the outbox is drained."""
    start = datetime.combine(START, time(7), tzinfo=settings.tz).astimezone(UTC)
    clock = FakeClock(start)
    db = await prepare_demo_database(database, clock, settings)
    try:
        cadre = await cadres.find_by_phone(db, normalize_phone(DEMO_PHONE))
        assert cadre is not None
        async with db.transaction() as conn:
            await cadres.link_account(
                conn, cadre_id=cadre.id, messenger="telegram", user_id=DEMO_TELEGRAM_ID,
                now=clock.now(), via="demo", replace_existing=True,
            )  # fmt: skip
        ctx = replace(make_context(settings, db, clock), committee_chat_id=DEMO_COMMITTEE)
        chat = ConsoleChat(responder(ctx), out, user_id=DEMO_TELEGRAM_ID, messenger="telegram")
        demo = MonthDemo(settings, out, clock)
        committee = committee_printer(out)

        async def deliver(message: OutboxMessage) -> None:
            if message.chat_id == DEMO_TELEGRAM_ID:
                out.write(t("demo.to_cadre", when=demo.stamp(), name=cadre.full_name) + "\n")
                chat.show(Outbound.from_payload(message.chat_id, message.payload))
            else:
                out.write(demo.stamp() + "\n")
                await committee(message)

        sender = OutboxSender(db, clock, "telegram", deliver)
        out.write(t("demo.month_banner", name=cadre.full_name) + "\n\n")
        end = start + timedelta(days=DAYS)
        while clock.now() < end:
            await enqueue_due_reminders(db, now=clock.now(), settings=settings)
            await sender.drain_once()
            local = clock.now().astimezone(settings.tz)
            for line in SCRIPT.get(((local.date() - START).days + 1, local.time()), []):
                out.write(f"> {line}\n")
                await chat.say(line)
                await sender.drain_once()
            clock.advance(STEP)
        out.write(t("demo.bye") + "\n")
    finally:
        await db.close()
