"""A roster imported late in the month: the meetings already held are reportable at once."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from bot.admin_commands import import_command
from bot.calendar import DaysOff
from bot.clock import FakeClock
from bot.settings import Settings
from storage import meetings
from storage.db import Database
from tests.chat_driver import Person, inline_buttons
from tests.conftest import AN, SAMPLE_ROSTER
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication, running_bot

# Sunday 29/03/2026 09:00 in Hà Nội: thôn Đông met on the 5th, before the bot existed.
THE_29TH = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


@pytest.fixture
async def imported_late(db: Database, clock: FakeClock, settings: Settings) -> Database:
    clock.set(THE_29TH)
    out = io.StringIO()
    code = await import_command(settings, SAMPLE_ROSTER, dry_run=False, clock=clock, out=out)
    assert code == 0
    assert "Buổi sinh hoạt đã diễn ra trong kỳ báo cáo, chờ báo cáo: 21" in out.getvalue()
    return db


@pytest.fixture
async def late_app(
    settings: Settings, imported_late: Database, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    async with running_bot(settings, imported_late, clock, api) as application:
        yield application


async def test_a_roster_imported_on_the_29th_offers_the_meeting_of_the_5th(
    late_app: AnyApplication, api: FakeBotAPI, imported_late: Database, settings: Settings
) -> None:
    an = Person(api, AN)
    await an.share_contact("0912 000 001")
    (choices,) = await an.send("/baocao")
    assert "báo cáo buổi sinh hoạt nào?" in choices
    assert "Chi bộ thôn Đông — 05/03" in inline_buttons(an.last())
    (_, first) = await an.press("Chi bộ thôn Đông — 05/03", expect=2)
    assert "có diễn ra không?" in first
    dong = next(c for c in await meetings.list_cells(imported_late) if c.name.endswith("Đông"))
    found = await meetings.find_meeting_on(imported_late, dong.id, date(2026, 3, 5), settings.tz)
    assert found is not None and found.status == "held"


async def test_only_past_meetings_of_the_window_without_a_record_are_added(
    roster_db: Database, settings: Settings
) -> None:
    now = THE_29TH
    added = await meetings.record_past_meetings(
        roster_db, today=date(2026, 3, 29), window_days=35, days_off=DaysOff(),
        tz=settings.tz, now=now,
    )  # fmt: skip
    # One per cell in March, plus Trường THCS (last Friday) on 27/02: inside the 35 days too.
    assert added == 21
    again = await meetings.record_past_meetings(
        roster_db, today=date(2026, 3, 29), window_days=35, days_off=DaysOff(),
        tz=settings.tz, now=now,
    )  # fmt: skip
    assert again == 0  # a month that has its meeting is covered
