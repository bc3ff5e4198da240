"""The local demo: the real handlers on a fresh sample database, in the terminal."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TextIO

from bot.app import make_context, responder
from bot.clock import Clock, FakeClock, SystemClock
from bot.i18n import t
from bot.roster_import import run_import
from bot.settings import Settings
from bot.transports.console import ConsoleChat
from storage.db import Database
from storage.migrate import migrate

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster" / "roster.xlsx"
DEMO_DATABASE = Path("data") / "demo.sqlite3"
DEMO_CADRE_NAME = "Nguyễn Văn An"
DEMO_CADRE_PHONE = "0912 000 001"
QUIT_COMMANDS = {"/thoat", "/exit", "/quit"}


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def prepare_demo_database(path: Path, clock: Clock) -> Database:
    """A fresh database with the sample committee: every demo starts from the same state."""
    await asyncio.to_thread(remove_database_files, path)
    db = Database(f"sqlite+aiosqlite:///{path}")
    await migrate(db)
    now = clock.now()
    code, message = await run_import(db, SAMPLE_ROSTER, dry_run=False, today=now.date(), now=now)
    if code != 0:
        raise RuntimeError(message)
    return db


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
    db = await prepare_demo_database(database, clock)
    try:
        chat = ConsoleChat(responder(make_context(settings, db, clock)), out)
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
                if line.lstrip().startswith("#") or not line.strip():
                    continue
                out.write(f"> {line.rstrip()}\n")
            if line.strip() in QUIT_COMMANDS:
                break
            await chat.say(line)
        out.write(t("demo.bye") + "\n")
    finally:
        await db.close()
