"""The database fails under a cadre's typing: locked past the busy timeout, or the disk full.

Each time the update that could not be handled is retried, the chat's later answers wait
behind it, and every answer ends up under the question it answered. The faults are SQLite's
(another process holding the file's write lock, its "disk is full", a read-only file), so
these proofs run on SQLite only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import storage.db
from bot.clock import FakeClock
from bot.settings import Settings
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate
from tests.chat_driver import Person
from tests.conftest import AN
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot
from tests.reliability.support import LogWatch, draft_answers, watching_logs
from tests.test_report_e2e import open_dong

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

BUSY_TIMEOUT_MS = 200  # the production 5 s made short; the lock is held far longer


@pytest.fixture
async def impatient_db(
    planned_db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Database]:
    """The planned database, opened again with a short busy timeout."""
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)
    database = Database(database_url)
    yield database
    await database.close()


def after_accepting(monkeypatch: pytest.MonkeyPatch, text: str, then: Callable[[], None]) -> None:
    """Run `then` right after the message `text` is committed to the inbox, before anything
    else (no await in between: the inbox worker cannot have seen it yet)."""
    accept = inbox.accept
    quoted = f'"text": "{text}"'

    async def accepting(
        db: Database, messenger: str, updates: Sequence[IncomingUpdate], now: datetime
    ) -> int:
        new = await accept(db, messenger, updates, now)
        if new and any(quoted in item.payload for item in updates):
            then()
        return new

    monkeypatch.setattr(inbox, "accept", accepting)


class AnotherWriter:
    """Another process's connection to the database file, which can hold its write lock."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=10)

    def lock(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def unlock(self) -> None:
        self.conn.execute("ROLLBACK")


@contextmanager
def another_writer(path: Path) -> Iterator[AnotherWriter]:
    writer = AnotherWriter(path)
    try:
        yield writer
    finally:
        writer.conn.close()  # rolls back whatever it still holds


async def two_answers_through_a_fault(
    an: Person,
    db: Database,
    clock: FakeClock,
    logs: LogWatch,
    monkeypatch: pytest.MonkeyPatch,
    start_fault: Callable[[], None],
    end_fault: Callable[[], None],
    failure_line: str,
) -> None:
    """The fault starts right after the start time is stored in the inbox; the end time is
    typed ahead while it lasts, before its question could be shown; then the fault ends.

    The start time is stored in place. The end time typed ahead waits behind it, then is not
    taken for a question the cadre had not seen yet (the bot cannot know what it answered):
    the cadre is told, by the text typed, and sees the question again. Typed again, it is
    stored in place. Nothing lands under the wrong question, nothing disappears unsaid."""
    before = len(an.messages)
    after_accepting(monkeypatch, "19h30", start_fault)
    an.api.user(AN).send("19h30")
    await logs.wait_for(failure_line)  # the worker tried, and failed
    an.api.user(AN).send("21:15")  # typed while the database is unusable
    await logs.wait_for("polling Telegram failed")  # …and Telegram keeps it meanwhile
    end_fault()
    clock.advance(timedelta(minutes=5))  # past the retry's backoff
    question, note, again = await an._replies(before, 3)
    assert "kết thúc lúc mấy giờ?" in question and "kết thúc lúc mấy giờ?" in again
    assert "«21:15»" in note and "câu hỏi trước" in note
    assert (await draft_answers(db, 1)).get("end_time") is None  # not under another question
    (question,) = await an.send("21:15")
    assert "được miễn sinh hoạt?" in question  # the question after the end time


async def test_a_database_locked_past_the_busy_timeout_stores_both_answers_in_place(
    settings: Settings,
    impatient_db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    an = Person(api, AN)
    async with running_bot(settings, impatient_db, clock, api) as app:
        await an.share_contact("0912 000 001")
        await open_dong(an)
        await an.press("Có, đã diễn ra")
        await an.press("Thường kỳ")
        with watching_logs() as logs, another_writer(tmp_path / "fieldreport.sqlite3") as other:

            def release() -> None:
                other.unlock()
                app.worker.wake.set()

            await two_answers_through_a_fault(
                an,
                impatient_db,
                clock,
                logs,
                monkeypatch,
                other.lock,
                release,
                "failed (attempt 1)",
            )
        assert any("database is locked" in line for line in logs.lines)
        assert not any("19h30" in line for line in logs.lines)  # what An typed stays private
    answers = await draft_answers(impatient_db, 1)
    assert (answers["start_time"], answers["end_time"]) == ("19:30", "21:15")


async def test_a_full_disk_loses_no_answer_and_misplaces_none(
    settings: Settings,
    impatient_db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    an = Person(api, AN)
    full = {"on": False}

    @event.listens_for(impatient_db.engine.sync_engine, "commit")
    def no_room_left(_conn: Any) -> None:
        # What SQLite says when the disk fills up: the writes are done, the commit fails.
        if full["on"]:
            raise sqlite3.OperationalError("database or disk is full")

    async with running_bot(settings, impatient_db, clock, api) as app:
        await an.share_contact("0912 000 001")
        await open_dong(an)
        await an.press("Có, đã diễn ra")
        await an.press("Thường kỳ")

        def fill() -> None:
            full["on"] = True

        def free() -> None:
            full["on"] = False
            app.worker.wake.set()

        with watching_logs() as logs:
            await two_answers_through_a_fault(
                an, impatient_db, clock, logs, monkeypatch, fill, free, "failed (attempt 1)"
            )
        assert any("full" in line for line in logs.lines)
    answers = await draft_answers(impatient_db, 1)
    assert (answers["start_time"], answers["end_time"]) == ("19:30", "21:15")


async def test_a_read_only_database_logs_a_clear_error_and_telegram_keeps_the_update(
    settings: Settings,
    roster_db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # SQLite's URI form; `Database` makes the parent folder of the path it is given, so the
    # working directory is the test's own.
    monkeypatch.chdir(tmp_path)
    read_only = Database(
        f"sqlite+aiosqlite:///file:{tmp_path}/fieldreport.sqlite3?mode=ro&uri=true"
    )
    stranger = Person(api, 8401)
    try:
        with watching_logs() as logs:
            async with running_bot(settings, read_only, clock, api) as app:
                update_id = api.user(stranger.id).send("/start")
                await logs.wait_for("readonly database")
                assert not app.stop_event.is_set()  # the bot is still running
        line = next(line for line in logs.lines if "readonly database" in line)
        assert line.startswith("polling Telegram failed")  # one clear line, no traceback
        assert "/start" not in line and "\n" not in line  # not what people typed, nor SQL
        # Not confirmed to Telegram: the update is still there to be fetched.
        assert update_id in [update["update_id"] for update in api._updates]
        assert stranger.messages == []
    finally:
        await read_only.close()
    async with running_bot(settings, roster_db, clock, api):  # the disk is writable again
        await stranger.expect_text("Chia sẻ số điện thoại")
