"""The local demo: the real handlers on a fresh sample database, in the terminal."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from bot.app import make_context, responder
from bot.clock import Clock, FakeClock, SystemClock
from bot.i18n import t
from bot.messages import Outbound
from bot.roster_import import run_import
from bot.sender import Deliver, OutboxSender
from bot.settings import Settings
from bot.transports.console import ConsoleChat, html_to_plain
from storage.calendar_exceptions import load_days_off
from storage.db import Database
from storage.meetings import plan_meetings
from storage.migrate import migrate
from storage.outbox import OutboxMessage

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster" / "roster.xlsx"
DEMO_DATABASE = Path("data") / "demo.sqlite3"
DEMO_CADRE_NAME = "Nguyễn Văn An"
DEMO_CADRE_PHONE = "0912 000 001"
QUIT_COMMANDS = {"/thoat", "/exit", "/quit"}
ROLE_COMMANDS = {"/vaitro", "/role"}  # switch between the cadre and a committee member
DEMO_COMMITTEE = "demo-committee"
DEMO_MEMBER = "demo-member"
PLANNING_DAYS = 62


def is_comment(line: str) -> bool:
    """Script comments start with "# " (a bare "#3" picks button 3 on a typed question)."""
    stripped = line.strip()
    return not stripped or stripped == "#" or stripped.startswith("# ")


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def prepare_demo_database(path: Path, clock: Clock, settings: Settings) -> Database:
    """A fresh database with the sample committee and its meetings of the last weeks and the
    coming ones: every demo starts from the same state."""
    await asyncio.to_thread(remove_database_files, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    await migrate(db)
    now = clock.now()
    today = now.astimezone(settings.tz).date()
    code, message = await run_import(db, SAMPLE_ROSTER, dry_run=False, today=today, now=now)
    if code != 0:
        raise RuntimeError(message)
    # Planned as if the bot had been running: last month's meeting is there to report on.
    past = timedelta(days=settings.reporting_window_days)
    await plan_meetings(
        db,
        today=today - past,
        horizon_days=past.days + PLANNING_DAYS,
        days_off=await load_days_off(db),
        tz=settings.tz,
        now=now,
    )
    return db


def committee_printer(out: TextIO, committee: ConsoleChat | None = None) -> Deliver:
    """Stands in for the committee's group chat: prints what it would receive. With the
    committee's console chat, its buttons («Yêu cầu bổ sung») can then be pressed by number
    after switching roles."""

    async def deliver(message: OutboxMessage) -> None:
        outbound = Outbound.from_payload(message.chat_id, message.payload)
        out.write(t("demo.committee_header") + "\n")
        if outbound.photo_ids:
            out.write(t("demo.committee_photos", count=len(outbound.photo_ids)) + "\n")
        if committee is not None:
            committee.show(outbound)
        else:
            out.write(html_to_plain(outbound.text) + "\n\n")

    return deliver


async def run_demo(
    settings: Settings,
    lines: Iterable[str] | None,
    out: TextIO,
    *,
    on_date: date | None = None,
    database: Path = DEMO_DATABASE,
) -> None:
    """Play the demo; `lines` replays a script, None reads the keyboard."""
    clock: Clock = (
        FakeClock(datetime.combine(on_date, time(9), tzinfo=settings.tz).astimezone(UTC))
        if on_date
        else SystemClock()
    )
    db = await prepare_demo_database(database, clock, settings)
    try:
        ctx = replace(make_context(settings, db, clock), committee_chat_id=DEMO_COMMITTEE)
        cadre = ConsoleChat(responder(ctx), out)
        member = ConsoleChat(responder(ctx), out, DEMO_MEMBER, chat_id=DEMO_COMMITTEE)
        chat = cadre
        committee = OutboxSender(db, clock, "telegram", committee_printer(out, member))
        out.write(t("demo.banner", name=DEMO_CADRE_NAME, phone=DEMO_CADRE_PHONE) + "\n\n")
        source = iter(lines) if lines is not None else None
        while True:
            if source is None:
                out.write("> ")
                out.flush()
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    break
            else:
                line = next(source, "")
                if not line:
                    break
                if is_comment(line):
                    continue
                out.write(f"> {line.rstrip()}\n")
            if line.strip() in QUIT_COMMANDS:
                break
            if line.strip() in ROLE_COMMANDS:
                chat = member if chat is cadre else cadre
                key = "demo.role_committee" if chat is member else "demo.role_cadre"
                out.write(html_to_plain(t(key, name=DEMO_CADRE_NAME)) + "\n\n")
                continue
            await chat.say(line)
            await committee.drain_once()
        out.write(t("demo.bye") + "\n")
    finally:
        await db.close()
