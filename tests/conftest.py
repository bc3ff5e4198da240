"""Shared fixtures: a real database per test (an SQLite file, and PostgreSQL when
`FIELDREPORT_TEST_POSTGRES_URL` is set), a fake clock, settings for a test deployment."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.calendar import DaysOff
from bot.clock import FakeClock
from bot.roster_import import run_import
from bot.settings import Settings, load_settings
from storage import meetings
from storage.db import Database
from storage.migrate import migrate
from tests import postgres_support
from tests.chat_driver import Person
from tests.fake_bot_api import FakeBotAPI
from tests.fake_zalo_api import FakeZaloAPI
from tests.harness import AnyApplication, running_bot

SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster" / "roster.xlsx"
COMMITTEE_CHAT_ID = -1001234567890
ADMIN_ID = 900001
# 09:00 on Tuesday 10 March 2026 in Hà Nội.
START = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


BACKENDS = ("sqlite", "postgresql")
T = TypeVar("T")


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/fieldreport.sqlite3"


def pytest_sessionstart(session: pytest.Session) -> None:
    """A PostgreSQL server that was asked for but cannot be reached stops the run at once."""
    server = postgres_support.server_url()
    if server is None:
        return
    try:
        _run_aside(postgres_support.check_reachable(server))
    except OSError as error:
        pytest.exit(f"PostgreSQL unreachable at {server}: {error}", returncode=3)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server the PostgreSQL variants are left out, with one line in the
    summary instead of hundreds of identical skips."""
    if postgres_support.server_url() is not None:
        return
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("backend") == "postgresql"
        (left_out if on_postgres else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        config.stash[_LEFT_OUT] = len(left_out)


_LEFT_OUT = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    left_out = config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(f"{left_out} {postgres_support.HOW_TO_RUN}")


def pytest_report_header(config: pytest.Config) -> str:
    server = postgres_support.server_url()
    return f"backends: sqlite, postgresql ({server})" if server else "backends: sqlite"


@pytest.fixture(scope="session")
def postgres_run_url() -> Iterator[str]:
    """This test run's own PostgreSQL database, migrated once, dropped at the end."""
    server = postgres_support.server_url()
    assert server is not None
    name = postgres_support.fresh_database_name()
    url = _run_aside(postgres_support.create_migrated_database(server, name))
    yield url
    _run_aside(postgres_support.drop_database(server, name))


def _run_aside(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a loop of its own, away from the tests' loops."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database on the test's backend: a new SQLite file, or this run's PostgreSQL
    database emptied of the previous test's rows (`db` migrates either)."""
    if backend == "sqlite":
        return sqlite_url(tmp_path)
    url = str(request.getfixturevalue("postgres_run_url"))
    _run_aside(postgres_support.empty_database(url))
    return url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(
        _env_file=None,
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_base_url="https://bot-api.test/bot",
        telegram_bot_username="fieldreport_test_bot",
        committee_chat_id=COMMITTEE_CHAT_ID,
        admin_telegram_ids=str(ADMIN_ID),
        database_url=database_url,
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
async def api(clock: FakeClock) -> FakeBotAPI:
    return FakeBotAPI(clock=clock)


@pytest.fixture
async def bot(
    settings: Settings, roster_db: Database, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    """The real PTB application polling the fake Bot API, on the sample roster."""
    async with running_bot(settings, roster_db, clock, api) as application:
        yield application


ZALO_ADMINS = ("za-admin-1", "za-admin-2")


@pytest.fixture
def zalo_settings(database_url: str) -> Settings:
    """A deployment on Zalo only."""
    return load_settings(
        _env_file=None,
        zalo_bot_token="zalo-test-token",
        zalo_base_url="https://zalo.test",
        zalo_admin_ids=",".join(ZALO_ADMINS),
        database_url=database_url,
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
