"""`bot.py meeting list|move|cancel` as the organising office runs them: the month's table, the
safety checks of a move, a cancellation's reason reaching the committee and the cadres."""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, date, datetime

import pytest

from bot.clock import FakeClock
from bot.meeting_commands import meeting_cancel_command, meeting_list_command, meeting_move_command
from bot.settings import Settings
from storage import cadres, meetings
from storage.db import Database
from storage.outbox import messages
from tests.test_bot_process import run_cli
from tests.test_calendar_commands import DONG, dong_on, planned
from tests.test_meetings_storage import insert_report

AN_PHONE = "+84912000001"
AN_TELEGRAM = 5001


async def link_an(db: Database, clock: FakeClock) -> int:
    an = await cadres.find_by_phone(db, AN_PHONE)
    assert an is not None
    async with db.transaction() as conn:
        await cadres.link_account(
            conn, cadre_id=an.id, messenger="telegram", user_id=str(AN_TELEGRAM),
            now=clock.now(), via="contact", replace_existing=False,
        )  # fmt: skip
    return an.id


# --- list -----------------------------------------------------------------------------------


async def test_list_shows_the_current_month(
    settings: Settings, clock: FakeClock, planned_db: Database
) -> None:
    dong = await dong_on(planned_db, date(2026, 3, 5))
    an = await cadres.find_by_phone(planned_db, AN_PHONE)
    assert dong is not None and an is not None
    await insert_report(planned_db, dong.id, an.id, outcome="held")
    out = io.StringIO()
    assert await meeting_list_command(settings, clock=clock, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("buổi sinh hoạt từ 01/03/2026 đến 31/03/2026:")
    assert lines[1].split() == [
        "Đảng", "bộ", "Chi", "bộ", "Ngày", "giờ", "họp", "Trạng", "thái", "Cán", "bộ", "dự",
        "Báo", "cáo",
    ]  # fmt: skip
    dong_row = next(line for line in lines if "thôn Đông" in line)
    assert "Thứ Năm 05/03/2026 19:30" in dong_row
    assert "Nguyễn Văn An" in dong_row and dong_row.rstrip().endswith("1/1")
    # Only March: the plan reaches May, the table does not.
    assert not any("/04/2026" in line for line in lines)
    assert len(lines) == 2 + 1 + int(lines[0].split()[0])  # title, header, rule, rows


async def test_list_filters_by_cell_period_and_status(
    settings: Settings, clock: FakeClock, planned_db: Database
) -> None:
    await meeting_cancel_command(
        settings, DONG, date(2026, 4, 6), reason="Mưa bão", clock=clock, out=io.StringIO()
    )
    out = io.StringIO()
    code = await meeting_list_command(
        settings, cell="thon dong", start=date(2026, 3, 1), end=date(2026, 5, 31),
        clock=clock, out=out,
    )  # fmt: skip
    assert code == 0
    rows = out.getvalue().splitlines()[3:]
    assert [re.findall(r"\d\d/\d\d/2026", row) for row in rows] == [
        ["05/03/2026"],
        ["06/04/2026"],
        ["05/05/2026"],
    ]
    assert "đã hủy" in rows[1]
    out = io.StringIO()
    await meeting_list_command(
        settings, start=date(2026, 3, 1), end=date(2026, 5, 31), statuses=["cancelled"],
        clock=clock, out=out,
    )  # fmt: skip
    assert out.getvalue().splitlines()[0] == "1 buổi sinh hoạt từ 01/03/2026 đến 31/05/2026:"


async def test_list_refusals_and_empty(settings: Settings, clock: FakeClock) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = await meeting_list_command(settings, clock=clock, out=out, err=err)
    assert code == 0 and out.getvalue() == (
        "Không có buổi sinh hoạt nào từ 01/03/2026 đến 31/03/2026.\n"
    )
    code = await meeting_list_command(
        settings, start=date(2026, 3, 9), end=date(2026, 3, 1), clock=clock, err=err
    )
    assert code == 1 and "Khoảng ngày không hợp lệ: 09/03/2026 sau 01/03/2026." in err.getvalue()


async def test_list_as_a_process(settings: Settings, clock: FakeClock, roster_db: Database) -> None:
    await planned(settings, clock)
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": settings.database_url}
    code, output = await run_cli(
        env, "meeting", "list", "--cell", "thôn Đông", "--from", "01/04/2026", "--to", "30/04/2026"
    )
    assert code == 0, output
    assert "Thứ Hai 06/04/2026 19:30" in output and "Traceback" not in output


# --- move -----------------------------------------------------------------------------------


async def test_move_by_the_nominal_date(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    # thôn Đông meets on the 5th; Sunday 05/04 moved it to Monday 06/04. Both dates name it.
    out = io.StringIO()
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 5), date(2026, 4, 8), clock=clock, out=out
    )
    assert code == 0, out.getvalue()
    assert "từ 19:30 06/04/2026 sang 19:30 08/04/2026" in out.getvalue()


async def test_move_into_the_past_is_refused(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await planned(settings, clock)
    before = await dong_on(roster_db, date(2026, 4, 6))
    err = io.StringIO()
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), date(2026, 3, 9), clock=clock, err=err
    )
    assert code == 1
    assert err.getvalue() == (
        "Không dời được sang 19:30 09/03/2026: thời điểm đó đã qua. Xin chọn một ngày sắp tới.\n"
    )
    assert await dong_on(roster_db, date(2026, 4, 6)) == before
    assert await messages(roster_db) == []


@pytest.mark.parametrize(
    ("new_day", "why"),
    [
        (date(2026, 4, 12), "Chủ nhật"),
        (date(2026, 4, 30), "Ngày Chiến thắng"),
    ],
)
async def test_move_onto_a_day_off_needs_force(
    settings: Settings, clock: FakeClock, roster_db: Database, new_day: date, why: str
) -> None:
    await planned(settings, clock)
    err = io.StringIO()
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), new_day, clock=clock, err=err
    )
    assert code == 1
    assert f"là ngày nghỉ ({why}). Nếu vẫn muốn họp ngày này, chạy lại lệnh với --force." in (
        err.getvalue()
    )
    assert await dong_on(roster_db, new_day) is None
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), new_day, force=True, clock=clock, out=io.StringIO()
    )
    assert code == 0
    assert await dong_on(roster_db, new_day) is not None


async def test_move_tells_the_linked_cadres(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    an_id = await link_an(roster_db, clock)
    code = await meeting_move_command(
        settings, DONG, date(2026, 4, 6), date(2026, 4, 8), clock=clock, out=io.StringIO()
    )
    assert code == 0
    (notice,) = await messages(roster_db, kind="meeting_notice")
    assert (notice.chat_id, notice.cadre_id, notice.status) == (str(AN_TELEGRAM), an_id, "pending")
    assert notice.payload["text"].startswith(
        "📅 Buổi sinh hoạt <b>Chi bộ thôn Đông</b> (Đảng bộ xã Minh Hòa) mà đồng chí được phân "
        "công dự đã chuyển từ 19:30 06/04/2026 sang <b>19:30 08/04/2026</b>."
    )


# --- cancel ---------------------------------------------------------------------------------


async def test_cancel_with_a_reason_reaches_committee_and_cadres(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    an_id = await link_an(roster_db, clock)
    out = io.StringIO()
    code = await meeting_cancel_command(
        settings, DONG, date(2026, 4, 6), reason="Bão số 3 <khẩn>", clock=clock, out=out
    )
    assert code == 0
    (committee,) = await messages(roster_db, kind="committee_notice")
    assert committee.payload["text"].endswith("đã bị hủy.\nLý do: Bão số 3 &lt;khẩn&gt;")
    (cadre,) = await messages(roster_db, kind="meeting_notice")
    assert cadre.cadre_id == an_id and cadre.chat_id == str(AN_TELEGRAM)
    assert cadre.payload["text"] == (
        "📅 Buổi sinh hoạt <b>Chi bộ thôn Đông</b> (Đảng bộ xã Minh Hòa) lúc 19:30 06/04/2026 "
        "mà đồng chí được phân công dự đã bị hủy.\nLý do: Bão số 3 &lt;khẩn&gt;"
    )
    meeting = await dong_on(roster_db, date(2026, 4, 6))
    assert meeting is not None and meeting.status == "cancelled"


async def test_cancel_without_linked_cadres_queues_only_the_committee_notice(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    code = await meeting_cancel_command(
        settings, DONG, date(2026, 4, 6), clock=clock, out=io.StringIO()
    )
    assert code == 0
    assert [m.kind for m in await messages(roster_db)] == ["committee_notice"]
    (committee,) = await messages(roster_db)
    assert "Lý do" not in committee.payload["text"]


async def test_a_cancelled_meeting_keeps_its_reason_in_the_audit_log(
    settings: Settings, clock: FakeClock, roster_db: Database
) -> None:
    await meeting_cancel_command(
        settings, DONG, date(2026, 4, 6), reason="Mưa", clock=clock, out=io.StringIO()
    )
    meeting = await dong_on(roster_db, date(2026, 4, 6))
    assert meeting is not None
    from storage.tables import audit_log

    async with roster_db.read() as conn:
        details = [
            row.detail
            for row in await conn.execute(
                audit_log.select().where(audit_log.c.action == "meeting_cancelled")
            )
        ]
    assert len(details) == 1 and '"reason": "Mưa"' in details[0]
    assert meeting.starts_at == datetime(2026, 4, 6, 12, 30, tzinfo=UTC)
    assert await meetings.has_report(roster_db, meeting.id) is False
