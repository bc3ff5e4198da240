"""The handler-level benchmark really completes reports: its script matches the default
questionnaire, alone and side by side (figures about time are never asserted)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.answers import fresh_database
from bench.handler_level import Cadre, HandlerLevel
from bench.report_script import REPORT_STEPS
from bench.seed import FIRST_USER_ID, seed_reporting_cadres
from bench.updates import UpdateMaker
from bot.settings import Settings
from storage.db import Database


async def test_every_cadre_submits_a_report_alone_and_side_by_side(
    db: Database, settings: Settings
) -> None:
    user_ids = await seed_reporting_cadres(db, 3, datetime.now(UTC))
    maker = UpdateMaker()
    cadres = [Cadre(user_id, maker) for user_id in user_ids]
    bench = HandlerLevel(db, settings)
    await bench.start()
    alone = await bench.measure(cadres[:1], bench.one_at_a_time)
    together = await bench.measure(cadres[1:], bench.side_by_side)
    assert (alone.reports, alone.answers) == (1, len(REPORT_STEPS))
    assert (together.reports, together.answers) == (2, 2 * len(REPORT_STEPS))
    assert together.retried_updates == 0 and together.locked_errors == 0
    assert alone.cpu_seconds > 0 and len(together.latencies) == together.answers


async def test_the_benchmark_gets_an_empty_migrated_sqlite_database(tmp_path: Path) -> None:
    async with fresh_database("sqlite", tmp_path, postgres_url="") as url:
        assert url is not None
        db = Database(url)
        assert await seed_reporting_cadres(db, 1, datetime.now(UTC)) == [FIRST_USER_ID]
        await db.close()


@pytest.mark.skipif(
    not os.environ.get("FIELDREPORT_TEST_POSTGRES_URL"), reason="no PostgreSQL to test against"
)
async def test_on_postgresql_a_database_of_its_own_is_made_and_dropped() -> None:
    server_url = os.environ["FIELDREPORT_TEST_POSTGRES_URL"]
    async with fresh_database("postgresql", Path(), server_url) as url:
        assert url is not None and "fieldreport_bench_" in url
        db = Database(url)
        assert await seed_reporting_cadres(db, 1, datetime.now(UTC)) == [FIRST_USER_ID]
        await db.close()
    server = create_async_engine(server_url)
    async with server.connect() as conn:
        names = (await conn.execute(text("SELECT datname FROM pg_database"))).scalars().all()
    await server.dispose()
    assert url.rsplit("/", 1)[-1] not in names
