"""Cadres and admins on Zalo, end to end: our Zalo client against the fake Zalo Bot API, with
the real inbox worker, handlers, outbox sender and database."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.admin_commands import invite_command
from bot.clock import FakeClock
from bot.runtime import BotRuntime
from bot.settings import Settings
from storage import cadres, inbox, reports
from storage.db import Database
from storage.tables import audit_log
from tests.conftest import ZALO_ADMINS
from tests.fake_zalo_api import TEXT_LIMIT, FakeZaloAPI, ZaloUser
from tests.harness import running_zalo_bot

AN_ZALO = "z-an-5001"
AN_PHONE = "0912 000 001"
STEPS = ("Đánh giá nghị quyết", "Phương hướng", "Thảo luận", "Biểu quyết", "Kết luận")


@pytest.fixture
async def zbot(
    zalo_settings: Settings, planned_db: Database, clock: FakeClock, zapi: FakeZaloAPI
) -> AsyncIterator[BotRuntime]:
    async with running_zalo_bot(zalo_settings, planned_db, clock, zapi) as runtime:
        yield runtime


async def zalo_code(settings: Settings, clock: FakeClock, phone: str) -> str:
    out = io.StringIO()
    code = await invite_command(
        settings, phone=phone, everyone=False, messenger="zalo", clock=clock, out=out
    )
    assert code == 0
    match = re.search(r"mã ([A-Z0-9]{10}) — nhắn mã này cho bot trên Zalo", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


@pytest.fixture
async def an(
    zbot: BotRuntime, zapi: FakeZaloAPI, zalo_settings: Settings, clock: FakeClock
) -> ZaloUser:
    """Nguyễn Văn An, linked on Zalo by sending his printed code."""
    person = zapi.user(AN_ZALO, "Nguyễn Văn An")
    (welcome,) = await person.send(await zalo_code(zalo_settings, clock, AN_PHONE))
    assert "Xin chào đồng chí Nguyễn Văn An! Tài khoản đã được liên kết thành công." in welcome
    return person


async def refusals(db: Database) -> list[str]:
    async with db.read() as conn:
        rows = (await conn.execute(select(audit_log.c.detail, audit_log.c.action))).all()
    return [str(row.detail) for row in rows if row.action == "link_refused"]


async def test_a_cadre_links_by_sending_the_printed_code(
    an: ZaloUser, planned_db: Database
) -> None:
    cadre = await cadres.find_by_account(planned_db, "zalo", AN_ZALO)
    assert cadre is not None and cadre.full_name == "Nguyễn Văn An"
    assert "Chi bộ thôn Đông" in an.last_text()  # his cells are listed


async def test_a_forged_or_reused_code_links_nobody(
    an: ZaloUser, zapi: FakeZaloAPI, zalo_settings: Settings, clock: FakeClock,
    planned_db: Database,
) -> None:  # fmt: skip
    stranger = zapi.user("z-stranger")
    (forged,) = await stranger.send("ABCDEFGHJK")
    assert "Mã mời không đúng, đã được dùng hoặc đã hết hạn" in forged
    code = await zalo_code(zalo_settings, clock, AN_PHONE)
    (first,) = await an.send(f"/start {code}")  # his own, again: still him
    assert "Nguyễn Văn An" in first
    (reused,) = await stranger.send(f"/start {code}")
    assert "Mã mời không đúng" in reused
    assert await cadres.find_by_account(planned_db, "zalo", "z-stranger") is None
    audited = await refusals(planned_db)  # as on Telegram: every refusal is audited
    assert any('"reason": "unknown"' in row for row in audited)
    assert any('"reason": "used"' in row for row in audited)
    (hello,) = await stranger.send("xin chào")
    assert "gửi cho bot mã mời" in hello and "Chia sẻ số điện thoại" not in hello


async def open_dong(an: ZaloUser) -> None:
    (menu,) = await an.send("/baocao")
    assert "4. Chi bộ thôn Đông — 05/03" in menu and "5. 📅 Ngày khác" in menu
    replies = await an.pick("Chi bộ thôn Đông — 05/03", expect=2)
    assert "Buổi sinh hoạt chi bộ có diễn ra không?" in replies[1]
    assert "1. Có, đã diễn ra" in replies[1] and "(Trả lời bằng số, ví dụ: 1)" in replies[1]


async def answer_default_report(
    an: ZaloUser,
    remarks: str = "Chi bộ sinh hoạt <nghiêm túc> & đúng giờ",
    review_parts: int = 1,
    proposals: str = "Đề nghị cấp kinh phí sửa nhà văn hóa",
) -> str:
    """The whole default questionnaire, typed; the review screen (its last part)."""
    await open_dong(an)
    (kind,) = await an.send("co")  # «Có, đã diễn ra», typed without accents
    assert "Thường kỳ" in kind
    await an.pick("Thường kỳ")
    await an.send("19h30")
    (exempt,) = await an.send("21:45")
    assert "#1. ◀️ Quay lại" in exempt  # a typed answer: choices need a #
    for value in ("2", "28", "2"):  # exempt, present, excused (of 32 on the roster)
        await an.send(value)
    for _ in range(3):
        await an.pick("Có")
    numbers = " ".join(an.number_of(f"▫️ {step}") for step in STEPS)
    (ticked,) = await an.send(numbers)
    assert all(f"✅ {step}" in ticked for step in STEPS)
    await an.pick("✔️ Xong")
    await an.send("10 người")
    for label in ("Đầy đủ", "Thực hiện tốt", "≥ 90 %", "Tốt"):
        await an.pick(label)
    await an.pick("Bỏ qua")  # the situation at the grassroots
    await an.send(remarks)
    await an.send(proposals)
    await an.pick("📎 Gửi kèm ảnh")
    await an.send_photo("https://photo.zalo.test/1.jpg")
    await an.send_photo("https://photo.zalo.test/2.jpg")
    *_, review = await an.pick("✔️ Xong", expect=review_parts)
    return review


async def test_the_default_report_typed_as_numbers_reaches_every_zalo_admin(
    an: ZaloUser, zapi: FakeZaloAPI, planned_db: Database
) -> None:
    review = await answer_default_report(an)
    assert "Xem lại báo cáo trước khi gửi" in review and "Tỷ lệ dự họp: 93,3%" in review
    (receipt,) = await an.pick("📨 Gửi báo cáo")
    assert "Số biên nhận: BC-2026-00001" in receipt
    for admin in ZALO_ADMINS:
        await zapi.wait_for(lambda admin=admin: len(zapi.texts_to(admin)) == 2)  # type: ignore[misc]
        forward, caption = zapi.texts_to(admin)
        assert caption.startswith("Ảnh kèm báo cáo số BC-2026-00001")
        assert forward.startswith("📋 BÁO CÁO DỰ SINH HOẠT CHI BỘ · số BC-2026-00001")
        assert "«Chi bộ sinh hoạt <nghiêm túc> & đúng giờ»" in forward  # plain text on Zalo
        assert "1. Yêu cầu bổ sung" in forward
    await zapi.wait_for(lambda: len(zapi.calls_of("sendPhoto")) == 2 * len(ZALO_ADMINS))
    photos = {(c.body["chat_id"], c.body["photo"]) for c in zapi.calls_of("sendPhoto")}
    assert (ZALO_ADMINS[0], "https://photo.zalo.test/2.jpg") in photos
    assert all(len(c.body.get("text", "")) <= TEXT_LIMIT for c in zapi.calls)
    assert not [call for call in zapi.calls if not call.ok]
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.meets_standard


async def test_a_number_that_fits_nothing_gets_the_valid_numbers(an: ZaloUser) -> None:
    await open_dong(an)
    (reprompt,) = await an.send("7")
    assert "Không có lựa chọn này. Hãy gõ một trong các số: 1, 2, 3, 4" in reprompt
    (kind,) = await an.send("số 1")
    assert "Loại buổi sinh hoạt" in kind or "Thường kỳ" in kind


async def test_a_redelivered_update_is_applied_once(
    an: ZaloUser, zapi: FakeZaloAPI, planned_db: Database
) -> None:
    await an.send("/baocao")
    zapi.replay_last()  # Zalo sends the same message again
    await zapi.wait_for(lambda: zapi.pending_updates == 0)
    await an.send("/lich")  # handled after the replay: it was not answered twice
    counts = await inbox.counts(planned_db)
    assert counts.get("done") == 3  # the code, /baocao and /lich; the replay is ignored
    assert sum("Chi bộ thôn Đông — 05/03" in text for text in an.texts) == 1


async def test_stickers_and_unsupported_messages_are_explained(an: ZaloUser) -> None:
    await open_dong(an)
    (note, question) = await an.send_sticker(expect=2)
    assert "chưa đọc được loại tin nhắn này" in note
    assert "1. Có, đã diễn ra" in question


async def test_polling_survives_server_errors(an: ZaloUser, zapi: FakeZaloAPI) -> None:
    zapi.fail_next("getUpdates", 502, 500)
    (reply,) = await an.send("/lich")
    assert "thôn Đông" in reply
    assert len([c for c in zapi.calls_of("getUpdates") if not c.ok]) == 2


async def test_a_refused_token_stops_start_up(
    zalo_settings: Settings, db: Database, clock: FakeClock, zapi: FakeZaloAPI
) -> None:
    from bot.transports.zalo_api import ZaloUnauthorized
    from tests.harness import zalo_tuning

    zapi.token = "another-token"
    runtime = BotRuntime(zalo_settings, db, clock, zalo_tuning(zapi))
    with pytest.raises(ZaloUnauthorized):
        await runtime.start()
    await runtime.stop()


async def test_zalo_admins_receive_the_scheduled_digest_without_a_public_url(
    zbot: BotRuntime, zapi: FakeZaloAPI, zalo_settings: Settings, clock: FakeClock,
    planned_db: Database,
) -> None:  # fmt: skip
    from bot.digest_jobs import enqueue_due_digests

    assert await enqueue_due_digests(planned_db, clock, zalo_settings) == 2  # week and month
    zbot.outbox_wake.set()
    for admin in ZALO_ADMINS:
        await zapi.wait_for(lambda admin=admin: len(zapi.texts_to(admin)) >= 7)  # type: ignore[misc]
        texts = zapi.texts_to(admin)
        assert sum(text.startswith("📊 TỔNG HỢP SINH HOẠT CHI BỘ") for text in texts) == 2
        unavailable = [text for text in texts if "không gửi được qua Zalo" in text]
        # Two charts, the monthly trend chart and two spreadsheets, each explained.
        assert len(unavailable) == 5
        assert all(t.startswith(("📊 Biểu đồ", "📈 Xu hướng", "📎 Bảng tổng hợp"))
                   for t in unavailable)  # fmt: skip
    assert not zapi.calls_of("sendPhoto")


async def submitted(an: ZaloUser, zapi: FakeZaloAPI) -> None:
    await answer_default_report(an)
    await an.pick("📨 Gửi báo cáo")
    # The summary, then the photos and their caption.
    await zapi.wait_for(lambda: all(len(zapi.texts_to(admin)) == 2 for admin in ZALO_ADMINS))


async def test_a_zalo_admin_asks_for_more_by_number_and_the_cadre_is_told(
    an: ZaloUser, zapi: FakeZaloAPI, planned_db: Database
) -> None:
    await submitted(an, zapi)
    admin = zapi.user(ZALO_ADMINS[0], "Trần Thị Thường Trực")
    (ask,) = await admin.pick("Yêu cầu bổ sung")
    assert "xin ghi nội dung yêu cầu bổ sung báo cáo số BC-2026-00001" in ask
    before = len(an.texts)
    (sent,) = await admin.send("Yêu cầu ghi rõ số đảng viên phát biểu")  # words, not a label
    assert "Đã gửi yêu cầu bổ sung báo cáo số BC-2026-00001 tới đồng chí Nguyễn Văn An" in sent
    await zapi.wait_for(lambda: len(an.texts) > before)
    request = an.texts[-1]
    assert "«Yêu cầu ghi rõ số đảng viên phát biểu»" in request
    assert "1. ✏️ Bổ sung báo cáo" in request
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.review_state == "returned"


async def test_a_long_review_is_split_on_lines_in_order(an: ZaloUser, zapi: FakeZaloAPI) -> None:
    remarks = "Ý kiến dài. " * 83  # 996 characters
    before = len(an.texts)
    review = await answer_default_report(
        an, remarks=remarks.strip(), review_parts=2, proposals=remarks.strip()
    )
    first = an.texts[-2]
    assert first.startswith("Xem lại báo cáo trước khi gửi") and len(first) <= TEXT_LIMIT
    assert review.endswith("(Trả lời bằng số, ví dụ: 1)") and "3. 📨 Gửi báo cáo" in review
    assert len(first) + len(review) > TEXT_LIMIT
    assert all(len(text) <= TEXT_LIMIT for text in an.texts[before:])
    assert not [call for call in zapi.calls if not call.ok]


async def test_export_on_zalo_without_a_public_url_says_where_to_get_the_file(
    zbot: BotRuntime, zapi: FakeZaloAPI
) -> None:
    admin = zapi.user(ZALO_ADMINS[0])
    replies = await admin.send("/xuat 03/2026")
    assert "không gửi được qua Zalo" in replies[-1] and "python bot.py export" in replies[-1]
    stranger = zapi.user("z-stranger")
    (refused,) = await stranger.send("/xuat")
    assert "không gửi được qua Zalo" not in refused


async def test_pause_and_resume_after_a_restart(
    an: ZaloUser, zapi: FakeZaloAPI, zbot: BotRuntime, zalo_settings: Settings,
    planned_db: Database, clock: FakeClock,
) -> None:  # fmt: skip
    await open_dong(an)
    await an.send("co")
    (confirm,) = await an.send("/huy")
    assert "Tạm dừng báo cáo?" in confirm and "1. ⏸ Tạm dừng" in confirm
    (paused,) = await an.pick("⏸ Tạm dừng")
    assert "Đã lưu nháp" in paused
    await zbot.stop()  # the process goes away; the draft and the numbers are in the database
    async with running_zalo_bot(zalo_settings, planned_db, clock, zapi):
        (resumed, question) = await an.send("xin chào", expect=2)
        assert "Tiếp tục báo cáo đang làm dở" in resumed
        assert "Loại sinh hoạt" in question or "Thường kỳ" in question
        (start,) = await an.pick("Thường kỳ")
        assert "bắt đầu lúc mấy giờ?" in start
