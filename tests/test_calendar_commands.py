"""`bot.py plan`, `holidays add|remove|list` and `meeting move|cancel`, as an admin runs them."""

from __future__ import annotations

import io
import os
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.admin_commands import import_command
from bot.calendar_commands import (
    holidays_add_command,
    holidays_list_command,
    holidays_remove_command,
    parse_day,
    plan_command,
)
from bot.clock import FakeClock
from bot.meeting_commands import match_cell, meeting_cancel_command, meeting_move_command
from bot.settings import Settings
from storage import cadres, calendar_exceptions, meetings
from storage.db import Database
from storage.meetings import CellRef, MeetingInfo
from storage.outbox import OutboxMessage, messages
from tests.conftest import COMMITTEE_CHAT_ID, SAMPLE_ROSTER
from tests.test_bot_process import run_cli
from tests.test_meetings_storage import insert_report, queue

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DONG = "Chi bộ thôn Đông"


async def dong_on(db: Database, day: date) -> MeetingInfo | None:
    (cell,) = match_cell(await meetings.list_cells(db), DONG)
    return await meetings.find_meeting_on(db, cell.id, day, TZ)


async def notices(db: Database) -> list[OutboxMessage]:
    return await messages(db, kind="committee_notice")


async def planned(settings: Settings, clock: FakeClock) -> None:
    assert await plan_command(settings, clock=clock, out=io.StringIO()) == 0


# --- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["17/02/2026", "17/2/2026", "2026-02-17", " 17/02/2026 "])
def test_parse_day(written: str) -> None:
    assert parse_day(written) == date(2026, 2, 17)


@pytest.mark.parametrize("written", ["31/02/2026", "2026/02/17", "17/02", "hôm nay", ""])
def test_parse_day_refuses(written: str) -> None:
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_day(written)


CELLS = [
    CellRef(1, "Chi bộ thôn Đông", "Đảng bộ xã Minh Hòa"),
    CellRef(2, "Chi bộ Trường Tiểu học", "Đảng bộ xã Minh Hòa"),
    CellRef(3, "Chi bộ Trường Tiểu học", "Đảng bộ xã Hồng Phong"),
]


@pytest.mark.parametrize(
    ("written", "ids"),
    [
        ("Chi bộ thôn Đông", [1]),
        ("chi bo thon dong", [1]),
        ("thôn Đông", [1]),
        ("Đảng bộ xã Minh Hòa/Chi bộ thôn Đông", [1]),
        ("Đảng bộ xã Hồng Phong / Chi bộ Trường Tiểu học", [3]),
        ("Chi bộ Trường Tiểu học", [2, 3]),
        ("Chi bộ thôn Tây", []),
        ("Đảng bộ xã An Phú/Chi bộ thôn Đông", []),
    ],
)
def test_match_cell(written: str, ids: list[int]) -> None:
    assert [cell.id for cell in match_cell(CELLS, written)] == ids


# --- plan and holidays ----------------------------------------------------------------------


@pytest.mark.usefixtures("roster_db")
async def test_plan_prints_what_it_did(settings: Settings, clock: FakeClock) -> None:
    out = io.StringIO()
    assert await plan_command(settings, clock=clock, out=out) == 0
    assert out.getvalue() == (
        "Đã lập lịch sinh hoạt đến 11/05/2026: thêm 40 buổi, cập nhật 0 buổi.\n"
    )
    out = io.StringIO()
    await plan_command(settings, clock=clock, out=out)
    assert "thêm 0 buổi, cập nhật 0 buổi" in out.getvalue()


async def test_holidays_add_list_remove_replan(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await planned(settings, clock)
    out = io.StringIO()
    code = await holidays_add_command(
        settings, date(2026, 4, 6), note="Lễ hội làng", clock=clock, out=out
    )
    assert code == 0
    # Both of An's cells met on Monday 06/04: they move to Tuesday, and each move is named.
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "Đã ghi 06/04/2026 là ngày nghỉ (Lễ hội làng).",
        "Đã lập lịch sinh hoạt đến 11/05/2026: thêm 0 buổi, cập nhật 7 buổi.",
    ]
    assert len(lines) == 2 + 7
    assert "  Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): 06/04 → 07/04 (Thứ Hai → Thứ Ba)" in lines
    assert all("06/04 → 07/04 (Thứ Hai → Thứ Ba)" in line for line in lines[2:])
    moved = await dong_on(roster_db, date(2026, 4, 7))
    assert moved is not None and moved.rule_date == date(2026, 4, 5)

    out = io.StringIO()
    await holidays_add_command(settings, date(2026, 4, 4), working=True, clock=clock, out=out)
    assert out.getvalue().startswith("Đã ghi 04/04/2026 là ngày làm việc.\n")

    out = io.StringIO()
    assert await holidays_list_command(settings, clock=clock, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "Ngày nghỉ lễ, Tết theo quy định và ngày nghỉ, ngày làm việc riêng năm 2026 "
        "(ngoài thứ Bảy, Chủ nhật):"
    )
    # The committee's days among the public holidays, by date.
    assert lines[lines.index("Thứ Bảy 04/04/2026: ngày làm việc riêng") + 1 :][:3] == [
        "Thứ Hai 06/04/2026: ngày nghỉ riêng (Lễ hội làng)",
        "Chủ nhật 26/04/2026: nghỉ lễ — Ngày Giỗ Tổ Hùng Vương",
        "Thứ Hai 27/04/2026: nghỉ lễ — Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
    ]
    assert "Thứ Ba 17/02/2026: nghỉ lễ — Tết Nguyên Đán" in lines

    out = io.StringIO()
    assert await holidays_remove_command(settings, date(2026, 4, 6), clock=clock, out=out) == 0
    assert "Đã lập lịch sinh hoạt" in out.getvalue()  # the meetings go back to Monday
    assert await dong_on(roster_db, date(2026, 4, 6)) is not None
    out = io.StringIO()
    assert await holidays_remove_command(settings, date(2026, 4, 6), clock=clock, out=out) == 1
    assert "không có trong danh sách" in out.getvalue()


async def test_holidays_list_when_empty(settings: Settings, clock: FakeClock) -> None:
    out = io.StringIO()
    assert await holidays_list_command(settings, year=2027, clock=clock, out=out) == 0
    lines = out.getvalue().splitlines()
    assert "năm 2027" in lines[0]
    # Tết 2027 falls on Saturday 06/02; the holidays package knows the whole break.
    assert "Thứ Bảy 06/02/2027: nghỉ lễ — Tết Nguyên Đán" in lines
    assert lines[-1] == "Chưa có ngày nghỉ hay ngày làm việc riêng nào."


async def test_holidays_list_as_a_process(settings: Settings, clock: FakeClock) -> None:
    await holidays_add_command(
        settings, date(2026, 9, 3), note="Nghỉ bù", clock=clock, out=io.StringIO()
    )
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": settings.database_url}
    code, output = await run_cli(env, "holidays", "list", "--year", "2026")
    assert code == 0, output
    assert "Thứ Năm 03/09/2026: ngày nghỉ riêng (Nghỉ bù)" in output


# --- meeting move and cancel ----------------------------------------------------------------


async def test_move_changes_the_meeting_and_tells_the_committee(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await planned(settings, clock)
    meeting = await dong_on(roster_db, date(2026, 4, 6))
    assert meeting is not None
    await queue(roster_db, meeting.id, f"remind:{meeting.id}:1:before", "remind_before")
    out = io.StringIO()
    code = await meeting_move_command(
        settings, "thôn Đông", date(2026, 4, 6), date(2026, 4, 8), at=time(20), clock=clock,
        out=out,
    )  # fmt: skip
    assert code == 0
    assert out.getvalue().splitlines() == [
        "Đã dời buổi sinh hoạt của Chi bộ thôn Đông (Đảng bộ xã Minh Hòa) từ 19:30 06/04/2026 "
        "sang 20:00 08/04/2026.",
        "Nhóm Thường trực sẽ nhận được thông báo.",
    ]
    moved = await meetings.get_meeting(roster_db, meeting.id)
    assert moved is not None
    assert moved.starts_at == datetime(2026, 4, 8, 13, 0, tzinfo=UTC)
    assert (moved.status, moved.changed_manually) == ("planned", True)
    assert [m.status for m in await messages(roster_db, kind="remind_before")] == ["cancelled"]
    (notice,) = await notices(roster_db)
    assert notice.idempotency_key == f"meeting_changed:{meeting.id}:2026-04-08T13:00:00+00:00"
    assert (notice.messenger, notice.chat_id, notice.status) == (
        "telegram",
        str(COMMITTEE_CHAT_ID),
        "pending",
    )
    assert notice.meeting_id == meeting.id and notice.due_at == clock.now()
    assert notice.payload == {
        "text": "📅 Lịch sinh hoạt <b>Chi bộ thôn Đông</b> (Đảng bộ xã Minh Hòa) chuyển từ "
        "19:30 06/04/2026 sang 20:00 08/04/2026."
    }


async def test_move_keeps_the_time_by_default(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), date(2026, 4, 9), clock=clock, out=io.StringIO()
    )
    assert code == 0  # planned on the way: nobody had run `plan` yet
    moved = await dong_on(roster_db, date(2026, 4, 9))
    assert moved is not None and moved.starts_at == datetime(2026, 4, 9, 12, 30, tzinfo=UTC)


async def test_cancel_tells_the_committee_once(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await planned(settings, clock)
    meeting = await dong_on(roster_db, date(2026, 4, 6))
    assert meeting is not None
    await queue(roster_db, meeting.id, "remind:x", "remind_before")
    out = io.StringIO()
    code = await meeting_cancel_command(settings, DONG, date(2026, 4, 6), clock=clock, out=out)
    assert code == 0
    assert out.getvalue().startswith(
        "Đã hủy buổi sinh hoạt của Chi bộ thôn Đông (Đảng bộ xã Minh Hòa) lúc 19:30 06/04/2026.\n"
    )
    cancelled = await meetings.get_meeting(roster_db, meeting.id)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert [m.status for m in await messages(roster_db, kind="remind_before")] == ["cancelled"]
    (notice,) = await notices(roster_db)
    assert notice.idempotency_key == f"meeting_changed:{meeting.id}:cancelled"
    assert notice.payload["text"] == (
        "📅 Buổi sinh hoạt <b>Chi bộ thôn Đông</b> (Đảng bộ xã Minh Hòa) lúc 19:30 06/04/2026 "
        "đã bị hủy."
    )
    out = io.StringIO()
    assert await meeting_cancel_command(settings, DONG, date(2026, 4, 6), clock=clock, out=out) == 0
    assert "đã bị hủy trước đó" in out.getvalue()
    assert len(await notices(roster_db)) == 1
    # A cancelled meeting cannot be moved.
    err = io.StringIO()
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), date(2026, 4, 8), clock=clock, err=err
    )
    assert code == 1 and "đã bị hủy" in err.getvalue()


async def test_no_committee_chat_no_notice(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    quiet = settings.model_copy(update={"committee_chat_id": None})
    out = io.StringIO()
    assert await meeting_cancel_command(quiet, DONG, date(2026, 4, 6), clock=clock, out=out) == 0
    assert "Chưa đặt COMMITTEE_CHAT_ID" in out.getvalue()
    assert await notices(roster_db) == []


@pytest.mark.parametrize(
    ("cell", "day", "expected"),
    [
        ("Chi bộ thôn Nam", date(2026, 4, 6), "Không tìm thấy chi bộ «Chi bộ thôn Nam»"),
        (
            "Chi bộ Trường Tiểu học",
            date(2026, 4, 3),
            "Có nhiều chi bộ tên «Chi bộ Trường Tiểu học»; xin ghi rõ một trong các tên:\n"
            "  Đảng bộ xã Hồng Phong/Chi bộ Trường Tiểu học\n"
            "  Đảng bộ xã Minh Hòa/Chi bộ Trường Tiểu học\n",
        ),
        (
            DONG,
            date(2026, 4, 15),
            "Chi bộ thôn Đông (Đảng bộ xã Minh Hòa) không có buổi sinh hoạt nào ngày 15/04/2026. "
            "(Lịch chỉ được lập trước 62 ngày.)\n"
            "Buổi gần nhất của chi bộ này: Thứ Hai 19:30 06/04/2026.",
        ),
    ],
    ids=["unknown", "ambiguous", "no-meeting"],
)
@pytest.mark.usefixtures("roster_db")
async def test_refusals(
    settings: Settings, clock: FakeClock, cell: str, day: date, expected: str
) -> None:
    for command in (meeting_cancel_command, meeting_move_command):
        out, err = io.StringIO(), io.StringIO()
        if command is meeting_move_command:
            code = await meeting_move_command(
                settings, cell, day, date(2026, 4, 9), clock=clock, out=out, err=err
            )
        else:
            code = await meeting_cancel_command(settings, cell, day, clock=clock, out=out, err=err)
        assert code == 1
        assert expected in err.getvalue() and out.getvalue() == ""


async def test_a_reported_meeting_is_not_changed(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await planned(settings, clock)
    meeting = await dong_on(roster_db, date(2026, 4, 6))
    an = await cadres.find_by_phone(roster_db, "+84912000001")
    assert meeting is not None and an is not None
    await insert_report(roster_db, meeting.id, an.id, outcome="postponed")
    err = io.StringIO()
    code = await meeting_cancel_command(settings, DONG, date(2026, 4, 6), clock=clock, err=err)
    assert code == 1 and "đã có báo cáo" in err.getvalue()
    assert await meetings.get_meeting(roster_db, meeting.id) == meeting
    assert await notices(roster_db) == []
    assert await calendar_exceptions.list_all(roster_db) == []


async def test_an_import_that_changes_a_meeting_day_names_the_moves(
    settings: Settings, clock: FakeClock, roster_db: Database, tmp_path: Path
) -> None:
    await planned(settings, clock)
    folder = tmp_path / "roster"
    shutil.copytree(SAMPLE_ROSTER.parent, folder, ignore=shutil.ignore_patterns("*.xlsx", "*.py"))
    cells_csv = folder / "chi_bo.csv"
    cells_csv.write_text(
        cells_csv.read_text(encoding="utf-8-sig").replace(
            "Chi bộ thôn Đông,32,5,19h30", "Chi bộ thôn Đông,32,8,19h30"
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert await import_command(settings, folder, dry_run=False, clock=clock, out=out) == 0
    lines = out.getvalue().splitlines()
    assert "Đã lập lịch sinh hoạt đến 11/05/2026: thêm 0 buổi, cập nhật 2 buổi." in lines
    assert lines[-2:] == [
        "  Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): 06/04 → 08/04 (Thứ Hai → Thứ Tư)",
        "  Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): 05/05 → 08/05 (Thứ Ba → Thứ Sáu)",
    ]
    # A dry run changes nothing and plans nothing.
    out = io.StringIO()
    assert await import_command(settings, folder, dry_run=True, clock=clock, out=out) == 0
    assert "Đã lập lịch" not in out.getvalue()
