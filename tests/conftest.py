"""Shared fixtures: a real SQLite file per test, a fake clock, settings for a test deployment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.calendar import DaysOff
from bot.clock import FakeClock
from bot.roster_import import run_import
from bot.settings import Settings, load_settings
from storage import meetings
from storage.db import Database
from storage.migrate import migrate
from tests.chat_driver import Person
from tests.fake_bot_api import FakeBotAPI
from tests.fake_zalo_api import FakeZaloAPI
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


ZALO_ADMINS = ("za-admin-1", "za-admin-2")


@pytest.fixture
def zalo_settings(tmp_path: Path) -> Settings:
    """A deployment on Zalo only."""
    return load_settings(
        _env_file=None,
        zalo_bot_token="zalo-test-token",
        zalo_base_url="https://zalo.test",
        zalo_admin_ids=",".join(ZALO_ADMINS),
        database_url=database_url(tmp_path),
    )


@pytest.fixture
def zapi(clock: FakeClock) -> FakeZaloAPI:
    return FakeZaloAPI(clock)


# Friday 06/03/2026 09:00 in Hà Nội: the day after thôn Đông's meeting of 05/03 at 19:30.
MORNING_AFTER = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)
AN = 5001  # Nguyễn Văn An's Telegram id in the end-to-end tests


@pytest.fixture
async def planned_db(roster_db: Database, clock: FakeClock, settings: Settings) -> Database:
    """The sample roster with its meetings planned from February: last month's are there to
    report on. The clock stands on the morning after thôn Đông's meeting of 05/03."""
    clock.set(MORNING_AFTER)
    await meetings.plan_meetings(
        roster_db, today=date(2026, 2, 1), horizon_days=90, days_off=DaysOff(),
        tz=settings.tz, now=clock.now(),
    )  # fmt: skip
    return roster_db


@pytest.fixture
async def app(
    settings: Settings, planned_db: Database, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    async with running_bot(settings, planned_db, clock, api) as application:
        yield application


@pytest.fixture
async def an(app: AnyApplication, api: FakeBotAPI) -> Person:
    """Nguyễn Văn An, linked by sharing his contact."""
    person = Person(api, AN)
    await person.share_contact("0912 000 001")
    return person
