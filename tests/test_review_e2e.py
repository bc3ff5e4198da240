"""Review of a report end to end through the fake Bot API: «Yêu cầu bổ sung» in the committee
chat, the member's comment, the cadre's amendment, and the state in the export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from bot.clock import FakeClock
from bot.digest.spreadsheet import HEADER_ROW
from bot.settings import Settings
from storage import reports, review_requests
from storage.db import Database
from tests.chat_driver import Person, inline_buttons
from tests.conftest import ADMIN_ID, COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication, running_bot
from tests.test_digest_fixtures import NOW, Seed, seed_committee
from tests.test_leadership_e2e import GroupMember, files
from tests.test_report_e2e import forward_all, full_report

MEMBER, OTHER_MEMBER = 7001, 7002


@pytest.fixture
def member(app: AnyApplication, api: FakeBotAPI) -> GroupMember:
    return GroupMember(api, COMMITTEE_CHAT_ID, api.user(MEMBER, "Lê Thường Trực"))


async def submitted(an: Person, db: Database, clock: FakeClock, app: AnyApplication) -> None:
    await full_report(an)
    await an.press("📨 Gửi báo cáo")
    await forward_all(db, clock, app)


async def test_the_review_loop(
    an: Person,
    member: GroupMember,
    api: FakeBotAPI,
    planned_db: Database,
    clock: FakeClock,
    app: AnyApplication,
) -> None:
    await submitted(an, planned_db, clock, app)
    summary = member.messages[-1]
    assert inline_buttons(summary) == {"Yêu cầu bổ sung": "rv:1"}
    (ask,) = await member.press("rv:1")
    assert ask == (
        "✍️ Lê Thường Trực, xin ghi nội dung yêu cầu bổ sung báo cáo số BC-2026-00001 "
        "(Chi bộ thôn Đông, ngày 05/03/2026) bằng cách trả lời tin nhắn này. Gõ /huy để thôi."
    )
    prompt = member.messages[-1]
    assert f'<a href="tg://user?id={MEMBER}">Lê Thường Trực</a>' in prompt["text"]
    assert '"force_reply": true' in prompt["reply_markup"]
    assert '"selective": true' in prompt["reply_markup"]
    # Someone else chatting meanwhile is not taken for the comment.
    other = GroupMember(api, COMMITTEE_CHAT_ID, api.user(OTHER_MEMBER, "Trần Phó"))
    (sent,) = [*(await other.send("Đồng ý với đồng chí", expect=0)),
               *(await member.send("Đề nghị ghi rõ <số> đảng viên phát biểu"))]  # fmt: skip
    assert sent == "✅ Đã gửi yêu cầu bổ sung báo cáo số BC-2026-00001 tới đồng chí Nguyễn Văn An."
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.review_state == "returned"
    (request,) = await review_requests.for_report(planned_db, 1)
    assert (request.status, request.comment, request.requested_by) == (
        "sent", "Đề nghị ghi rõ <số> đảng viên phát biểu", str(MEMBER)
    )  # fmt: skip

    clock.advance(timedelta(days=3))  # past the deadline: only the request reopens the report
    await forward_all(planned_db, clock, app)
    assert an.last_text() == (
        "📝 Thường trực yêu cầu bổ sung báo cáo số BC-2026-00001 (Chi bộ thôn Đông, ngày "
        "05/03/2026): «Đề nghị ghi rõ <số> đảng viên phát biểu»\n"
        "Bấm nút bên dưới để mở lại báo cáo, sửa rồi gửi lại."
    )
    note, review = await an.press("✏️ Bổ sung báo cáo", expect=2)
    assert "Sửa báo cáo số BC-2026-00001" in note and "Xem lại báo cáo" in review
    await an.press("✏️ Sửa")
    await an.press("Phát biểu")
    await an.send("12")
    (receipt,) = await an.press("📨 Gửi báo cáo")
    assert "Đã cập nhật báo cáo BC-2026-00001 (lần 2)" in receipt
    await forward_all(planned_db, clock, app)
    update = member.messages[-1]
    assert "Báo cáo đã được cập nhật</b> · số BC-2026-00001 (lần 2)" in update["text"]
    assert "• Phát biểu: 10 → 12" in update["text"]
    assert inline_buttons(update) == {"Yêu cầu bổ sung": "rv:1"}  # may be asked again
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.review_state == "amended"
    (closed,) = await an.press("✏️ Bổ sung báo cáo")  # the old button: amended, past deadline
    assert closed == "Đã quá hạn sửa báo cáo này."

    await member.send("/xuat 03/2026", expect=0)
    (document,) = await files(api, "sendDocument", COMMITTEE_CHAT_ID, 1)
    book = load_workbook(BytesIO(document["document"]["bytes"]))
    (row,) = [
        r for r in book["Chi tiết"].iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0]
    ]
    assert (row[0], row[7], row[8]) == ("BC-2026-00001", "Đã bổ sung", 2)


async def test_cancel_and_a_stale_request(
    an: Person, member: GroupMember, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await submitted(an, planned_db, clock, app)
    await member.press("rv:1")
    assert await member.send("/huy") == ["Đã thôi yêu cầu bổ sung báo cáo số BC-2026-00001."]
    assert await member.send("/huy") == ["Không có yêu cầu bổ sung nào đang chờ nội dung."]
    await member.press("rv:1")
    clock.advance(timedelta(hours=2))  # the member never answered; later chat is just chat
    await member.send("Cảm ơn các đồng chí", expect=0)
    assert await member.send("/huy") == ["Đã thôi yêu cầu bổ sung báo cáo số BC-2026-00001."]
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.review_state == "submitted"
    statuses = [r.status for r in await review_requests.for_report(planned_db, 1)]
    assert statuses == ["cancelled", "cancelled"]
    assert await member.press("rv:999") == ["Không tìm thấy báo cáo này."]


@pytest.fixture
async def seeded_app(
    settings: Settings, db: Database, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[Seed]:
    clock.set(NOW)
    seed = await seed_committee(db)
    async with running_bot(settings, db, clock, api):
        yield seed


async def test_a_cadre_without_telegram(seeded_app: Seed, api: FakeBotAPI, db: Database) -> None:
    """Cường never linked Telegram: the report still goes back, and the committee is told to
    reach him directly."""
    member = GroupMember(api, COMMITTEE_CHAT_ID, api.user(MEMBER, "Lê Thường Trực"))
    report_id = seeded_app.report_ids["m_xom2/cuong"]
    await member.press(f"rv:{report_id}")
    (reply,) = await member.send("Xin nêu rõ lý do mất điện")
    assert reply == (
        "⚠️ Báo cáo số BC-2026-00009 đã chuyển sang «yêu cầu bổ sung», nhưng đồng chí Lê Văn "
        "Cường chưa liên kết Telegram nên chưa nhận được; xin liên hệ trực tiếp (0912 000 003)."
    )
    stored = await reports.get(db, report_id)
    assert stored is not None and stored.review_state == "returned"


async def test_an_admin_may_ask_privately(seeded_app: Seed, api: FakeBotAPI, db: Database) -> None:
    admin = Person(api, ADMIN_ID)
    report_id = seeded_app.report_ids["m_dong/an"]
    (ask,) = await admin.press_data(f"rv:{report_id}")
    assert "yêu cầu bổ sung báo cáo số BC-2026-00005" in ask
    (sent,) = await admin.send("Gửi kèm ảnh biên bản")
    assert sent == "✅ Đã gửi yêu cầu bổ sung báo cáo số BC-2026-00005 tới đồng chí Nguyễn Văn An."
    (request,) = await review_requests.for_report(db, report_id)
    assert (request.chat_id, request.comment) == (str(ADMIN_ID), "Gửi kèm ảnh biên bản")
    # Nothing pending any more: the admin's next text is an ordinary message again.
    (ordinary,) = await admin.send("xin chào")
    assert "chưa được liên kết" in ordinary
    await admin.press_data(f"rv:{report_id}")
    assert await admin.send("/huy") == ["Đã thôi yêu cầu bổ sung báo cáo số BC-2026-00005."]
    (ordinary,) = await admin.send("/huy")  # nothing pending: the usual answer
    assert "chưa được liên kết" in ordinary
