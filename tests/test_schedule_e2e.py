"""`/lich` end to end: a linked cadre asks for their meetings over the fake Bot API."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import delete

from bot.calendar import DaysOff
from bot.calendar_commands import holidays_add_command
from bot.clock import FakeClock
from bot.meeting_commands import meeting_cancel_command, meeting_move_command
from bot.runtime import BotRuntime
from bot.settings import Settings
from storage import cadres, meetings
from storage.db import Database
from storage.tables import assignments
from tests.fake_bot_api import FakeBotAPI
from tests.test_calendar_commands import dong_on
from tests.test_linking_e2e import AN, AN_PHONE, say, share
from tests.test_meetings_storage import TZ, insert_report

DONG, TAY = "Chi bộ thôn Đông", "Chi bộ thôn Tây"
TAGS = re.compile(r"<[^>]+>")


def entries(text: str) -> list[tuple[str, str]]:
    """(first line without tags, status line) of every meeting in a /lich answer."""
    lines = TAGS.sub("", text).splitlines()
    return [(line[2:], lines[i + 1].strip()) for i, line in enumerate(lines) if line[:2] == "• "]


async def schedule(api: FakeBotAPI) -> list[tuple[str, str]]:
    return entries(await say(api, AN, "/lich"))


@pytest.mark.usefixtures("bot")
async def test_lich_lists_the_coming_meetings(api: FakeBotAPI) -> None:
    await share(api, AN, AN_PHONE)
    text = await say(api, AN, "/lich")
    assert text.startswith("📅 <b>Lịch sinh hoạt chi bộ</b> từ 03/03/2026 đến 11/05/2026:")
    # Nobody ran `plan`: /lich planned An's cells itself. 05/04 is a Sunday.
    assert entries(text) == [
        (f"Thứ Hai 06/04/2026, 07:30 — {TAY} (Đảng bộ xã Minh Hòa), tại Nhà văn hóa thôn Tây",
         "⏳ sắp tới"),
        (f"Thứ Hai 06/04/2026, 19:30 — {DONG} (Đảng bộ xã Minh Hòa), tại Nhà văn hóa thôn Đông",
         "⏳ sắp tới"),
        (f"Thứ Hai 04/05/2026, 07:30 — {TAY} (Đảng bộ xã Minh Hòa), tại Nhà văn hóa thôn Tây",
         "⏳ sắp tới"),
        (f"Thứ Ba 05/05/2026, 19:30 — {DONG} (Đảng bộ xã Minh Hòa), tại Nhà văn hóa thôn Đông",
         "⏳ sắp tới"),
    ]  # fmt: skip
    assert "/lich" in await say(api, AN, "/trogiup")


async def test_lich_shows_report_status_and_changes(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock, bot: BotRuntime
) -> None:
    # The daily planning ran on 01/03, so the meeting of 05/03 exists.
    await meetings.plan_meetings(
        roster_db, today=date(2026, 3, 1), horizon_days=62, days_off=DaysOff(), tz=TZ,
        now=clock.now(),
    )  # fmt: skip
    await share(api, AN, AN_PHONE)
    first = await schedule(api)
    assert first[0] == (f"Thứ Năm 05/03/2026, 19:30 — {DONG} (Đảng bộ xã Minh Hòa), "
                        "tại Nhà văn hóa thôn Đông", "❗ chưa báo cáo")  # fmt: skip
    assert [status for _, status in first[1:]] == ["⏳ sắp tới"] * 4

    an = await cadres.find_by_phone(roster_db, "+84912000001")
    march = await dong_on(roster_db, date(2026, 3, 5))
    assert an is not None and march is not None
    await insert_report(roster_db, march.id, an.id)
    quiet = io.StringIO()
    received = len(api.messages_to(AN))
    assert (
        await meeting_cancel_command(settings, TAY, date(2026, 4, 6), clock=clock, out=quiet) == 0
    )
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), date(2026, 4, 8), clock=clock, out=quiet
    )
    assert code == 0
    await holidays_add_command(settings, date(2026, 5, 5), note="Lễ hội", clock=clock, out=quiet)
    # The cancellation and the move are told to An directly; then he asks for his schedule.
    bot.outbox_wake.set()
    notices = await api.wait_for_messages(AN, received + 2)
    assert "bị hủy" in str(notices[received]["text"])
    assert "đã chuyển từ" in str(notices[received + 1]["text"])

    assert [(line.split(" — ")[0], line.split(" — ")[1].split(" (")[0], status)
            for line, status in await schedule(api)] == [
        ("Thứ Năm 05/03/2026, 19:30", DONG, "✅ đã báo cáo"),
        ("Thứ Hai 06/04/2026, 07:30", TAY, "✖️ đã hủy"),
        ("Thứ Tư 08/04/2026, 19:30", DONG, "⏳ sắp tới (lịch đã thay đổi)"),
        ("Thứ Hai 04/05/2026, 07:30", TAY, "⏳ sắp tới"),
        ("Thứ Tư 06/05/2026, 19:30", DONG, "⏳ sắp tới"),
    ]  # fmt: skip

    # The day after the moved meeting, without a report, it is due.
    clock.set(clock.now().replace(month=4, day=9))
    later = await schedule(api)
    assert later[0][1] == "✖️ đã hủy" and later[1][1] == "❗ chưa báo cáo"


@pytest.mark.usefixtures("bot")
async def test_lich_without_assignments(api: FakeBotAPI, roster_db: Database) -> None:
    await share(api, AN, AN_PHONE)
    an = await cadres.find_by_phone(roster_db, "+84912000001")
    assert an is not None
    async with roster_db.transaction() as conn:
        await conn.execute(delete(assignments).where(assignments.c.cadre_id == an.id))
    assert await say(api, AN, "/schedule") == (
        "Không có buổi sinh hoạt chi bộ nào từ 03/03/2026 đến 11/05/2026."
    )
