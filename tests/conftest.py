"""Shared fixtures: a real SQLite file per test, a fake clock, settings for a test deployment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.roster_import import run_import
from bot.settings import Settings, load_settings
from storage.db import Database
from storage.migrate import migrate
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication, running_bot

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster" / "roster.xlsx"
COMMITTEE_CHAT_ID = -1001234567890
ADMIN_ID = 900001
# 09:00 on Tuesday 10 March 2026 in Hà Nội.
START = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/fieldreport.sqlite3"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(database_url(tmp_path))
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        _env_file=None,
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_base_url="https://bot-api.test/bot",
        telegram_bot_username="fieldreport_test_bot",
        committee_chat_id=COMMITTEE_CHAT_ID,
        admin_telegram_ids=str(ADMIN_ID),
        database_url=database_url(tmp_path),
    )


@pytest.fixture
async def roster_db(db: Database, clock: FakeClock) -> Database:
    """The database with the sample roster imported (5 units, 20 cells, 10 cadres)."""
    code, message = await run_import(
        db, SAMPLE_ROSTER, dry_run=False, today=clock.now().date(), now=clock.now()
    )
    assert code == 0, message
    return db


@pytest.fixture
async def api() -> FakeBotAPI:
    return FakeBotAPI()


@pytest.fixture
async def bot(
    settings: Settings, roster_db: Database, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    """The real PTB application polling the fake Bot API, on the sample roster."""
    async with running_bot(settings, roster_db, clock, api) as application:
        yield application
