"""`copy-data`: a deployment moves from SQLite to PostgreSQL and back with every row intact."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from bot.calendar import DaysOff
from bot.clock import FakeClock
from bot.data_commands import copy_data_command
from bot.messages import Attachment
from bot.roster_import import run_import
from bot.settings import Settings
from storage import attachments, conversations, invites, meetings, reports
from storage.db import Database
from storage.migrate import migrate
from storage.reports import ReportFacts
from storage.tables import metadata, units
from tests.conftest import SAMPLE_ROSTER, sqlite_url
from tests.test_bot_process import run_cli


async def _seed(db: Database, clock: FakeClock, settings: Settings) -> None:
    """A little of everything: roster, meetings, a report, a draft, a chart, an invite."""
    now = clock.now()
    code, message = await run_import(db, SAMPLE_ROSTER, dry_run=False, today=now.date(), now=now)
    assert code == 0, message
    await meetings.plan_meetings(
        db, today=date(2026, 2, 1), horizon_days=60, days_off=DaysOff(), tz=settings.tz, now=now
    )
    facts = ReportFacts(
        outcome="held", answers={"present": 21, "remarks": "Tốt <b>"}, derived={"ratio": 0.84},
        meets_standard=False, failing_criteria=("C2",), score=70, grade="Khá",
        questionnaire_id="default", questionnaire_version="1", rubric_version="1", late=True,
    )  # fmt: skip
    async with db.transaction() as conn:
        await reports.submit(conn, meeting_id=1, cadre_id=1, facts=facts, now=now)
        await attachments.store(conn, Attachment("chart.png", "image/png", b"\x89PNG\0\xff"), now)
        await conversations.save(
            conn, cadre_id=2, state={"phase": "asking", "q": "Số đảng viên"}, expected_version=0,
            now=now,
        )  # fmt: skip
    await invites.create_invite(
        db, cadre_id=3, code_hash="d" * 64, now=now, expires_at=now + timedelta(days=7)
    )


async def _contents(url: str) -> dict[str, list[Any]]:
    db = Database(url)
    try:
        async with db.read() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in await conn.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in metadata.sorted_tables
            }
    finally:
        await db.close()


def _fresh_sqlite(path: Path) -> str:
    path.mkdir()
    return sqlite_url(path)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_sqlite_to_postgresql_and_back_keeps_every_row(
    tmp_path: Path, database_url: str, clock: FakeClock, settings: Settings
) -> None:
    original = _fresh_sqlite(tmp_path / "original")
    source = Database(original)
    await migrate(source)
    await _seed(source, clock, settings)
    await source.close()
    out = io.StringIO()

    assert await copy_data_command(original, database_url, out=out) == 0
    assert "units: 5 dòng" in out.getvalue() and "số dòng từng bảng khớp" in out.getvalue()
    assert await _contents(database_url) == await _contents(original)

    back = _fresh_sqlite(tmp_path / "back")
    assert await copy_data_command(database_url, back, out=io.StringIO()) == 0
    copied_back = await _contents(back)
    assert copied_back == await _contents(original)
    assert sum(len(rows) for rows in copied_back.values()) > 100
    assert copied_back["attachments"][0][3] == b"\x89PNG\0\xff"

    # PostgreSQL hands out the next id after the copied ones, not 1.
    pg = Database(database_url)
    async with pg.transaction() as conn:
        new_id = (
            await conn.execute(
                insert(units)
                .values(name="Đảng bộ mới", created_at=clock.now())
                .returning(units.c.id)
            )
        ).scalar_one()
    await pg.close()
    assert new_id == 6


async def test_a_target_with_data_is_refused_and_left_alone(
    tmp_path: Path, db: Database, database_url: str, clock: FakeClock, settings: Settings
) -> None:
    """Into the test's database (SQLite or PostgreSQL) that already holds a roster."""
    await _seed(db, clock, settings)
    before = await _contents(database_url)
    source = _fresh_sqlite(tmp_path / "other")
    other = Database(source)
    await migrate(other)
    async with other.transaction() as conn:
        await conn.execute(insert(units).values(name="Đảng bộ khác", created_at=clock.now()))
    await other.close()
    err = io.StringIO()
    assert await copy_data_command(source, database_url, err=err) == 1
    assert "không trống (bảng" in err.getvalue() and "không sao chép gì" in err.getvalue()
    assert await _contents(database_url) == before


async def test_the_command_line_copies_from_database_url(tmp_path: Path, clock: FakeClock) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    db = Database(f"sqlite+aiosqlite:///{source}")
    await migrate(db)
    async with db.transaction() as conn:
        await conn.execute(insert(units).values(name="Đảng bộ xã", created_at=clock.now()))
    await db.close()
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": f"sqlite+aiosqlite:///{source}"}
    target_url = f"sqlite+aiosqlite:///{target}"
    code, output = await run_cli(env, "copy-data", "--to", target_url)
    assert code == 0, output
    assert "Đã sao chép 1 dòng của" in output
    assert (await _contents(target_url))["units"][0][1] == "Đảng bộ xã"
    code, output = await run_cli(env, "copy-data", "--to", "mysql://x/y")
    assert code == 1 and "Địa chỉ cơ sở dữ liệu không hợp lệ" in output
    code, output = await run_cli(env, "copy-data", "--to", target_url)
    assert code == 1 and "không trống (bảng units có 1 dòng)" in output
