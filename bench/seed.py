"""Bulk-seeded databases for the benchmarks: written straight into the tables (executemany),
never through the importer, so seeding a large roster takes seconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bench.report_script import MEMBER_COUNT
from storage.db import Database
from storage.tables import assignments, cadres, cells, meetings, units

FIRST_USER_ID = 100_000_000
CHUNK = 5_000  # rows per executemany


async def _insert_many(conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await conn.execute(insert(table), list(rows[start : start + CHUNK]))


async def _ids(conn: AsyncConnection, table: Table) -> list[int]:
    return list((await conn.execute(select(table.c.id).order_by(table.c.id))).scalars())


async def seed_roster(
    db: Database, *, cadres_count: int, cells_count: int, now: datetime, linked: bool = True
) -> list[int]:
    """One unit per 25 cells, `cells_count` cells meeting on the 6th at 19:30, and
    `cadres_count` cadres (Telegram ids from FIRST_USER_ID when `linked`), cadre n assigned
    to cells n, n + cadres_count, … (every cadre has at least one cell). Returns the cadres'
    Telegram user ids (empty when not linked)."""
    async with db.transaction() as conn:
        unit_rows = [
            {"name": f"Đảng bộ Bench {n}", "created_at": now}
            for n in range((cells_count + 24) // 25)
        ]
        await _insert_many(conn, units, unit_rows)
        unit_ids = await _ids(conn, units)
        cell_rows = [
            {"unit_id": unit_ids[n // 25], "name": f"Chi bộ Bench {n}",
             "member_count": MEMBER_COUNT, "meeting_day": 6, "meeting_weekday": None,
             "meeting_nth": None, "meeting_time": "19:30", "place": "Nhà văn hóa",
             "holiday_shift": "next", "created_at": now}
            for n in range(cells_count)
        ]  # fmt: skip
        await _insert_many(conn, cells, cell_rows)
        cell_ids = await _ids(conn, cells)
        people = [
            {"full_name": f"Cán bộ {n}", "phone": f"+849{n:08d}", "position": "Chuyên viên",
             "telegram_user_id": FIRST_USER_ID + n if linked else None, "zalo_user_id": None,
             "active": True, "created_at": now}
            for n in range(cadres_count)
        ]  # fmt: skip
        await _insert_many(conn, cadres, people)
        cadre_ids = await _ids(conn, cadres)
        links = [
            {"cadre_id": cadre_ids[n % cadres_count], "cell_id": cell_id,
             "document_ref": None, "starts_on": None, "ends_on": None, "created_at": now}
            for n, cell_id in enumerate(cell_ids)
        ]  # fmt: skip
        await _insert_many(conn, assignments, links)
    return [FIRST_USER_ID + n for n in range(cadres_count)] if linked else []


async def seed_reporting_cadres(db: Database, count: int, now: datetime) -> list[int]:
    """`count` linked cadres, each with a cell of its own whose meeting was held ten days ago
    and is waiting for their report (`/baocao` goes straight to it; the report will be late).
    Ten days: past the last overdue notice, so no reminder of it is sent while a benchmark
    runs. Their Telegram ids."""
    user_ids = await seed_roster(db, cadres_count=count, cells_count=count, now=now)
    started = now - timedelta(days=10)
    async with db.transaction() as conn:
        cell_ids = await _ids(conn, cells)
        rows = [
            {"cell_id": cell_id, "rule_date": _local_day(started), "starts_at": started,
             "place": "Nhà văn hóa", "status": "planned", "changed_manually": False,
             "created_at": now}
            for cell_id in cell_ids
        ]  # fmt: skip
        await _insert_many(conn, meetings, rows)
    return user_ids


def _local_day(at: datetime) -> date:
    # Hà Nội is UTC+7 all year; the rule date only labels the meeting.
    return (at + timedelta(hours=7)).date()
