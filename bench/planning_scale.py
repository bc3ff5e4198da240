"""Benchmark: planning a large synthetic roster, and how long it holds the write lock.

Fills a fresh SQLite database with `--cells` cells (one unit per 25, meeting days spread over
the month, one cell in ten on «the first Monday»), then plans their meetings over the default
62-day horizon (about two per cell) with the real planner, while a probe writes one small row
every 20 ms as the outbox sender would. Prints the total time, the number of write
transactions, the longest one beside the 100 ms limit (as a ratio) and the probe's longest
wait for the lock. Asserts nothing.

Run from the project root: `.venv/bin/python -m bench.planning_scale [--cells N]`
(default 300,000 cells ≈ 600,000 meetings; `--cells 30000` for a quick run).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.calendar import DaysOff
from storage import meetings
from storage.db import Database
from storage.migrate import migrate
from storage.tables import cells, units

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)
LIMIT_SECONDS = 0.100  # issue 9: planning never holds the write lock longer than this
CELLS_PER_UNIT, FILL_CHUNK, PROBE_EVERY = 25, 20_000, 0.020


class TimedDatabase(Database):
    """Records how long each write transaction is open (on SQLite: holds the write lock)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.durations: list[float] = []

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with super().transaction() as conn:
            started = time.perf_counter()
            yield conn
        self.durations.append(time.perf_counter() - started)


def fill(path: Path, cell_count: int) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        unit_count = -(-cell_count // CELLS_PER_UNIT)
        conn.execute(
            insert(units), [{"name": f"Đảng bộ {u}", "created_at": NOW} for u in range(unit_count)]
        )
        for start in range(0, cell_count, FILL_CHUNK):
            rows = []
            for n in range(start, min(start + FILL_CHUNK, cell_count)):
                first_monday = n % 10 == 0
                rows.append(
                    {
                        "unit_id": n // CELLS_PER_UNIT + 1, "name": f"Chi bộ {n}",
                        "member_count": 20 + n % 30,
                        "meeting_day": None if first_monday else n % 28 + 1,
                        "meeting_weekday": 0 if first_monday else None,
                        "meeting_nth": 1 if first_monday else None,
                        "meeting_time": "19:30", "place": None, "holiday_shift": "next",
                        "created_at": NOW,
                    }
                )  # fmt: skip
            conn.execute(insert(cells), rows)
    engine.dispose()


async def probe(db: Database, stop: asyncio.Event, waits: list[float]) -> None:
    """A small write every PROBE_EVERY seconds: how long it waits for the lock."""
    while not stop.is_set():
        started = time.perf_counter()
        async with Database.transaction(db) as conn:
            await conn.execute(text("SELECT 1"))
        waits.append(time.perf_counter() - started)
        if waits[-1] > LIMIT_SECONDS:
            print(f"  probe waited {waits[-1] * 1000:.0f} ms at {time.perf_counter():.2f}")
        await asyncio.sleep(PROBE_EVERY)


async def run(cell_count: int, folder: Path) -> None:
    path = folder / "bench.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    setup = Database(url)
    await migrate(setup)
    await setup.close()
    fill(path, cell_count)
    db = TimedDatabase(url)
    stop, waits = asyncio.Event(), []
    prober = asyncio.create_task(probe(db, stop, waits))
    started = time.perf_counter()
    print(f"  planning starts at {started:.2f}")
    result = await meetings.plan_meetings(
        db, today=TODAY, horizon_days=62, days_off=DaysOff(), tz=TZ, now=NOW
    )
    total = time.perf_counter() - started
    stop.set()
    await prober
    await db.close()
    longest = max(db.durations)
    median = sorted(db.durations)[len(db.durations) // 2]
    print(f"cells: {cell_count:,}, meetings planned: {result.added:,}")
    print(f"total planning time: {total:.1f} s")
    print(f"write transactions: {len(db.durations):,} of up to {meetings.PLAN_WRITE_CHUNK:,} rows")
    print(f"median write transaction: {median * 1000:.1f} ms")
    print(
        f"longest write transaction: {longest * 1000:.1f} ms "
        f"(limit {LIMIT_SECONDS * 1000:.0f} ms, ratio {longest / LIMIT_SECONDS:.2f})"
    )
    print(
        f"concurrent writer ({len(waits)} small writes): longest wait "
        f"{max(waits, default=0) * 1000:.1f} ms "
        f"(ratio to the limit {max(waits, default=0) / LIMIT_SECONDS:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.cells, Path(folder)))


if __name__ == "__main__":
    main()
