"""Benchmark: how light the running bot is. Start-up time and resident memory of the real
process (`python bot.py run`) polling a fake Bot API over HTTP.

For each roster — the sample one (`examples/roster/roster.xlsx`, imported) and a synthetic
one (`--cadres` / `--cells`, bulk-inserted straight into the tables) — it starts the bot,
times it from the process start to its first `getUpdates`, then waits until the process is
idle again (migrations, the start-up planning of the next 62 days and the reminder job all
done) and reads its RSS and its peak RSS from /proc. Prints them beside issue 9's targets.
Linux only. Asserts nothing about time.

Run from the project root: `.venv/bin/python -m bench.memory [--help]`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from bench.figures import versus
from bench.proc import cpu_seconds, rss_mb
from bench.seed import seed_roster
from bot.roster_import import run_import
from storage.db import Database
from storage.migrate import migrate
from tests.fake_bot_api import FakeBotAPI, JSONDict
from tests.fake_bot_api_server import serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ROSTER = ROOT / "examples" / "roster" / "roster.xlsx"
STARTUP_TARGET = 0.5  # seconds from start to the first getUpdates
SAMPLE_RSS_TARGET = 80.0  # MB, idle with the sample roster
LARGE_RSS_TARGET = 150.0  # MB, idle with 100k cadres / 300k cells, right after planning


@dataclass
class WatchedAPI(FakeBotAPI):
    """Notes when the bot first asks for updates."""

    first_call: float | None = None  # getMe: imports, settings and migrations are done
    first_poll: float | None = None
    polled: asyncio.Event = field(default_factory=asyncio.Event)

    async def call(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        if self.first_call is None:
            self.first_call = time.monotonic()
        if method == "getUpdates" and self.first_poll is None:
            self.first_poll = time.monotonic()
            self.polled.set()
        return await super().call(method, params)


@dataclass
class Figures:
    startup: float
    to_first_call: float  # seconds from the start to the first Bot API call (getMe)
    rss_at_first_poll: float  # MB
    settle: float  # seconds from the first poll until idle
    rss_idle: float  # MB
    rss_peak: float  # MB


async def until_idle(pid: int, quiet_seconds: float, limit: float) -> None:
    """Until the process used under 5 % of a core for `quiet_seconds` in a row."""
    deadline = time.monotonic() + limit
    quiet_since = time.monotonic()
    used = cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        now_used = cpu_seconds(pid)
        if now_used - used > 0.25 * 0.05:
            quiet_since = time.monotonic()
        used = now_used
        if time.monotonic() - quiet_since >= quiet_seconds:
            return


async def measure(database_url: str, quiet_seconds: float, limit: float) -> Figures:
    api = WatchedAPI(token="123456:BENCH-TOKEN")
    async with serve(api) as base_url:
        env = {
            **os.environ, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_BASE_URL": base_url,
            "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1",
        }  # fmt: skip
        with tempfile.TemporaryDirectory() as cwd:  # no .env of the checkout is read
            log_path = Path(cwd) / "bot.log"
            with log_path.open("wb") as log:
                started = time.monotonic()
                process = await asyncio.create_subprocess_exec(
                    sys.executable, str(ROOT / "bot.py"), "run", env=env, cwd=cwd,
                    stdout=asyncio.subprocess.DEVNULL, stderr=log,
                )  # fmt: skip
                try:
                    figures = await _watch(api, process.pid, started, quiet_seconds, limit)
                except Exception:
                    print(log_path.read_text()[-3000:], file=sys.stderr)
                    raise
                finally:
                    process.send_signal(signal.SIGTERM)
                    await process.wait()
    return figures


async def _watch(
    api: WatchedAPI, pid: int, started: float, quiet_seconds: float, limit: float
) -> Figures:
    async with asyncio.timeout(limit):
        await api.polled.wait()
    assert api.first_poll is not None and api.first_call is not None
    at_poll = rss_mb(pid)
    await until_idle(pid, quiet_seconds, limit)
    return Figures(
        startup=api.first_poll - started, to_first_call=api.first_call - started,
        rss_at_first_poll=at_poll,
        settle=time.monotonic() - api.first_poll - quiet_seconds,
        rss_idle=rss_mb(pid), rss_peak=rss_mb(pid, "VmHWM"),
    )  # fmt: skip


async def sample_database(path: Path) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    db = Database(url)
    await migrate(db)
    today = date.today()
    code, message = await run_import(
        db, SAMPLE_ROSTER, dry_run=False, today=today, now=datetime.now(UTC)
    )
    await db.close()
    if code != 0:
        raise RuntimeError(message)
    return url


async def synthetic_database(path: Path, cadres: int, cells: int) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    db = Database(url)
    await migrate(db)
    await seed_roster(db, cadres_count=cadres, cells_count=cells, now=datetime.now(UTC))
    await db.close()
    return url


def report(name: str, figures: Figures, rss_target: float) -> None:
    print(f"{name}:")
    print(f"  start to first getUpdates: {versus(figures.startup, STARTUP_TARGET, 's')}")
    print(f"  of which to the first call (getMe): {figures.to_first_call:.2f} s")
    print(f"  RSS at the first getUpdates: {figures.rss_at_first_poll:.1f} MB")
    print(f"  idle again {figures.settle:.1f} s later (planning and reminders done)")
    print(f"  idle RSS:  {versus(figures.rss_idle, rss_target, 'MB')}")
    print(f"  peak RSS:  {figures.rss_peak:.1f} MB")


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sample = await sample_database(Path(tmp) / "sample.sqlite3")
        report("sample roster (5 units, 20 cells, 10 cadres)",
               await measure(sample, args.quiet, args.limit), SAMPLE_RSS_TARGET)  # fmt: skip
        if args.cadres and args.cells:
            large = await synthetic_database(Path(tmp) / "large.sqlite3", args.cadres, args.cells)
            report(f"synthetic roster ({args.cadres:,} cadres, {args.cells:,} cells)",
                   await measure(large, args.quiet, args.limit), LARGE_RSS_TARGET)  # fmt: skip
            if (args.cadres, args.cells) != (100_000, 300_000):
                print("  (the 150 MB target is for 100,000 cadres / 300,000 cells: "
                      "pass --cadres 100000 --cells 300000)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cadres", type=int, default=10_000, help="0 skips the synthetic roster")
    parser.add_argument("--cells", type=int, default=30_000)
    parser.add_argument("--quiet", type=float, default=2.0, help="idle seconds that mean idle")
    parser.add_argument("--limit", type=float, default=1800.0, help="seconds to give up after")
    # A poll cut short when the bot stops is answered 500: expected, not news.
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
