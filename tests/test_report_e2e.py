"""A cadre reports on a meeting from their phone, end to end through the fake Bot API."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.clock import FakeClock
from bot.sender import OutboxSender
from bot.settings import Settings
from bot.transports.telegram import delivery
from storage import meetings, outbox, reports
from storage.db import Database
from storage.reports import ReportFacts
from storage.tables import assignments
from tests.chat_driver import Person, inline_buttons
from tests.conftest import ADMIN_ID, AN, COMMITTEE_CHAT_ID, MORNING_AFTER
from tests.fake_bot_api import Failure, FakeBotAPI
from tests.harness import AnyApplication, running_bot

BINH = 5002


HELD_FACTS = ReportFacts(
    outcome="held", answers={"status": "held"}, derived={}, meets_standard=True,
    failing_criteria=(), score=100, grade="Tốt", questionnaire_id="regular_meeting",
    questionnaire_version="1", rubric_version="1", late=False,
)  # fmt: skip


async def forward_all(db: Database, clock: FakeClock, app: AnyApplication) -> int:
    return await OutboxSender(db, clock, "telegram", delivery(app.bot)).drain_once()


def committee(api: FakeBotAPI) -> list[str]:
    return [str(message["text"]) for message in api.messages_to(COMMITTEE_CHAT_ID)]


async def open_dong(an: Person) -> None:
    await an.send("/baocao")
    replies = await an.press("Chi bộ thôn Đông — 05/03", expect=2)
    assert "Câu 1/" in replies[1] and "Buổi sinh hoạt chi bộ có diễn ra không?" in replies[1]


ATTENDANCE = ["2", "28", "2"]  # exempt, present, excused (of 32 on the roster)


async def answer_until_steps(an: Person) -> None:
    await an.press("Có, đã diễn ra")
    await an.press("Thường kỳ")
    await an.send("19h30")
    await answer_times_to_preparation(an, end="21:45")


async def answer_times_to_preparation(
    an: Person, end: str, attendance: list[str] = ATTENDANCE
) -> None:
    """From the end time (the start is answered) to the three preparation questions."""
    await an.send(end)
    for value in attendance:
        await an.send(value)
    await an.press("Có")  # the secretary prepared
    await an.press("Có")  # the committee met beforehand
    await an.press("Có")  # a draft resolution


async def answer_rest(
    an: Person, remarks: str = "Chi bộ sinh hoạt <nghiêm túc> & đúng giờ", rating: str = "Tốt"
) -> str:
    for step in ("Đánh giá nghị quyết", "Phương hướng", "Thảo luận", "Biểu quyết", "Kết luận"):
        await an.tick(f"▫️ {step}")
    await an.press("✔️ Xong")
    await an.send("10 người")
    await an.press("Đầy đủ")
    await an.press("Thực hiện tốt")
    await an.press("≥ 90 %")
    await an.press(rating)
    await an.press("Bỏ qua")  # the situation at the grassroots
    await an.send(remarks)
    await an.send("Đề nghị cấp kinh phí sửa nhà văn hóa")
    await an.press("📎 Gửi kèm ảnh")
    await an.send_photo("PHOTO-1")
    await an.send_photo("PHOTO-2")
    (review,) = await an.press("✔️ Xong")
    return review


async def full_report(an: Person) -> str:
    await open_dong(an)
    await answer_until_steps(an)
    return await answer_rest(an)


EXPECTED_SUMMARY = (
    "📋 <b>BÁO CÁO DỰ SINH HOẠT CHI BỘ</b> · số BC-2026-00001\n"
    "<b>Chi bộ thôn Đông</b> — Đảng bộ xã Minh Hòa\n"
    "Ngày họp: Thứ Năm, 05/03/2026, 19:30\n"
    "Cán bộ dự: Nguyễn Văn An\n"
    "Dự họp: 28/30 đảng viên (93%)\n"
    "Thời gian: 19:30–21:45 (135 phút)\n"
    "Loại sinh hoạt: Thường kỳ\n"
    "Đánh giá: ✅ <b>Đạt chất lượng</b> — 100 điểm, Tốt\n"
    "Chi bộ tự xếp loại: Tốt\n"
    "Nhận xét của cán bộ: «Chi bộ sinh hoạt &lt;nghiêm túc&gt; &amp; đúng giờ»\n"
    "Kiến nghị, đề xuất: «Đề nghị cấp kinh phí sửa nhà văn hóa»\n"
    "Ảnh: 2 ảnh (gửi kèm bên dưới)\n"
    "🕑 Nộp đúng hạn"
)


async def test_a_complete_report_reaches_the_committee_with_its_verdict(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    review = await full_report(an)
    assert "Xem lại báo cáo trước khi gửi" in review
    assert "Tỷ lệ dự họp: 93,3%" in review and "Thời lượng (phút): 135" in review
    assert "Đạt chất lượng — 100 điểm, Tốt" in review
    (receipt,) = await an.press("📨 Gửi báo cáo")
    assert "Số biên nhận: BC-2026-00001" in receipt
    # The forward and its album were queued with the receipt; the outbox sender sends them.
    await api.wait_for(lambda: len(committee(api)) == 1 and bool(api.calls_of("sendMediaGroup")))
    assert committee(api) == [EXPECTED_SUMMARY]
    (album,) = api.calls_of("sendMediaGroup")
    assert int(album.params["chat_id"]) == COMMITTEE_CHAT_ID
    assert '"PHOTO-1"' in album.params["media"] and '"PHOTO-2"' in album.params["media"]
    stored = await reports.get(planned_db, 1)
    assert stored is not None and stored.meets_standard and not stored.late
    assert stored.review_state == "submitted" and stored.revision == 1


async def test_low_attendance_shows_measure_and_threshold_and_loses_points(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await open_dong(an)
    await an.press("Có, đã diễn ra")
    await an.press("Thường kỳ")
    await an.send("19h30")
    # 22 of 31 members who must attend: 71 %, below the 85 % of C1.
    await answer_times_to_preparation(an, end="20:40", attendance=["1", "22", "9"])
    review = await answer_rest(an, rating="Khá")
    assert "Dự họp 71 % < 85 %" in review
    await an.press("📨 Gửi báo cáo")
    await forward_all(planned_db, clock, app)
    (summary,) = committee(api)
    assert "❌ <b>Chưa đạt chất lượng</b>" in summary
    assert "Dự họp 71 % &lt; 85 %" in summary and "Thời gian 70 phút &lt; 90" in summary
    assert "100 điểm" not in summary and "97 điểm" in summary
    assert "Chi bộ tự xếp loại: Khá\n(khác với đánh giá của bot: Tốt)" in summary
    stored = await reports.get(planned_db, 1)
    assert stored is not None and not stored.meets_standard


async def test_back_skip_and_edit_from_review(an: Person, api: FakeBotAPI) -> None:
    await open_dong(an)
    await an.press("Có, đã diễn ra")
    await an.press("Thường kỳ")
    await an.send("19h30")
    (back,) = await an.press("◀️ Quay lại")
    assert "bắt đầu lúc mấy giờ?" in back and "Câu trả lời hiện tại: 19:30" in back
    await an.send("19:00")
    # After «Quay lại» the planned time is still offered next to the current answer.
    (back,) = await an.press("◀️ Quay lại")
    assert "19:30 (theo lịch)" in inline_buttons(an.last())
    await an.send("19:00")
    await answer_times_to_preparation(an, end="21:00")
    for step in ("Đánh giá nghị quyết", "Phương hướng", "Thảo luận", "Biểu quyết", "Kết luận"):
        await an.tick(f"▫️ {step}")
    await an.press("✔️ Xong")
    await an.send("10")
    await an.press("Đầy đủ")
    await an.press("Thực hiện tốt")
    await an.press("≥ 90 %")
    await an.press("Tốt")
    await an.press("Bỏ qua ⏭")  # the situation at the grassroots
    await an.press("Bỏ qua ⏭")  # remarks
    (review,) = await an.press("Bỏ qua ⏭")  # proposals: photos are offered on the review
    assert "Nhận xét: (bỏ qua)" in review
    assert "Thời lượng (phút): 120" in review
    assert "📎 Gửi kèm ảnh" in inline_buttons(an.last())
    (menu,) = await an.press("✏️ Sửa")
    assert "Đồng chí muốn sửa câu nào?" in menu
    rows = json.loads(an.last()["reply_markup"])["inline_keyboard"]
    assert (
        all(len(row) == 2 for row in rows[:-2]) and rows[-1][0]["text"] == "◀️ Về màn hình xem lại"
    )
    (question,) = await an.press("Kết thúc")
    assert "Câu trả lời hiện tại: 21:00" in question
    (review,) = await an.send("21:30")
    assert "Xem lại báo cáo" in review and "Thời lượng (phút): 150" in review
    # An edit that makes a new question relevant asks it, then returns to the review.
    await an.press("✏️ Sửa")
    await an.press("Loại sinh hoạt")
    (topic,) = await an.press("Thường kỳ kết hợp chuyên đề")
    assert "Chủ đề sinh hoạt chuyên đề" in topic
    (review,) = await an.send("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    assert "Xem lại báo cáo" in review and "Chủ đề: Học tập" in review


async def test_wrong_answers_are_refused_with_clear_messages(an: Person) -> None:
    await open_dong(an)
    await an.press("Có, đã diễn ra")
    await an.press("Thường kỳ")
    await an.send("19h30")
    (refused,) = await an.send("18:00")
    assert "Giờ kết thúc phải sau giờ bắt đầu (19:30)" in refused
    await an.send("21:00")
    (refused,) = await an.send("hai")
    assert "Vui lòng nhập một số nguyên" in refused
    (refused,) = await an.send("33")  # more exempt than the 32 members on the roster
    assert "không thể lớn hơn tổng số đảng viên (32)" in refused
    await an.send("2")
    (refused,) = await an.send("31")
    assert "không thể lớn hơn số đảng viên phải dự (30 = 32 − 2 được miễn)" in refused
    await an.send("28")
    (refused,) = await an.send("3")
    assert "Số có mặt và vắng có lý do (31) không thể lớn hơn số đảng viên phải dự (30)" in refused
    (sticker_note, question) = await an.send_sticker()
    assert "chưa đọc được loại tin nhắn này" in sticker_note and "vắng có lý do" in question
    (refused,) = await an.send("x" * 5000)
    assert "vắng có lý do" in refused and "⚠️" in refused


async def test_a_restart_in_the_middle_resumes_at_the_same_question(
    settings: Settings, planned_db: Database, clock: FakeClock, api: FakeBotAPI
) -> None:
    an = Person(api, AN)
    async with running_bot(settings, planned_db, clock, api):
        await an.share_contact("0912 000 001")
        await open_dong(an)
        await an.press("Có, đã diễn ra")
        await an.press("Thường kỳ")
        await an.send("19h30")
    clock.advance(timedelta(days=1))
    async with running_bot(settings, planned_db, clock, api):  # a new process, same database
        note, question = await an.send("/baocao", expect=2)
        assert "Tiếp tục báo cáo đang làm dở: Chi bộ thôn Đông, ngày 05/03/2026" in note
        assert "kết thúc lúc mấy giờ?" in question
        (back,) = await an.press("◀️ Quay lại")
        assert "Câu trả lời hiện tại: 19:30" in back


async def test_stale_doubled_and_foreign_presses_change_nothing(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await open_dong(an)
    first_question = an.last()
    await an.press("Có, đã diễn ra")
    # An old button of an earlier screen: refused, the current question shown again.
    note, current = await an.press("Không tổ chức", message=first_question, expect=2)
    assert "Nút này đã cũ" in note and "thường kỳ hay chuyên đề" in current
    # Someone else pressing An's button (a forwarded message) touches only their own state.
    binh = Person(api, BINH)
    await binh.share_contact("0912 000 002")
    (refused,) = await binh.press_data(an.button("Thường kỳ"))
    assert "Nút này đã cũ" in refused
    (question,) = await an.press("Thường kỳ")
    assert "bắt đầu lúc mấy giờ?" in question
    await an.send("19h30")
    await answer_times_to_preparation(an, end="21:45")
    await answer_rest(an)
    submit = an.button("📨 Gửi báo cáo")
    (receipt,) = await an.press_data(submit)
    assert "BC-2026-00001" in receipt
    (again,) = await an.press_data(submit)  # pressed twice
    assert "Nút này đã cũ" in again
    assert (
        len(
            await reports.for_cadre(
                planned_db, 1, meetings_since=MORNING_AFTER - timedelta(days=60)
            )
        )
        == 1
    )
    await forward_all(planned_db, clock, app)
    assert len(committee(api)) == 1


async def test_a_forward_that_fails_twice_goes_out_exactly_once(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await full_report(an)
    # Only the committee's copy fails (the bot's own sender may be the one to try it).
    committee_failures = (Failure(status, chat_id=COMMITTEE_CHAT_ID) for status in (502, 503))
    api.fail_next("sendMessage", *committee_failures)
    await an.press("📨 Gửi báo cáo")
    sender = OutboxSender(planned_db, clock, "telegram", delivery(app.bot))
    for _ in range(4):
        await sender.drain_once()
        # Past each retry's backoff, within a claim's lease: the bot's own sender runs too,
        # and a row it is sending must not be released to this one.
        clock.advance(timedelta(minutes=2))
    assert committee(api) == [EXPECTED_SUMMARY]
    assert len(api.calls_of("sendMediaGroup")) == 1
    rows = await outbox.messages(planned_db, kind="forward")
    assert [row.status for row in rows] == ["sent", "sent"] and rows[0].attempts == 3


async def test_an_amendment_is_a_new_revision_and_the_committee_sees_what_changed(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await full_report(an)
    await an.press("📨 Gửi báo cáo")
    await forward_all(planned_db, clock, app)
    await an.send("/baocao")
    assert "✏️ Sửa báo cáo: Chi bộ thôn Đông — 05/03" in inline_buttons(an.last())
    _note, review = await an.press("✏️ Sửa báo cáo: Chi bộ thôn Đông", expect=2)
    assert "Xem lại báo cáo" in review
    await an.press("✏️ Sửa")
    await an.press("Phát biểu")
    await an.send("12")
    (receipt,) = await an.press("📨 Gửi báo cáo")
    assert "Đã cập nhật báo cáo BC-2026-00001 (lần 2)" in receipt
    await forward_all(planned_db, clock, app)
    update = committee(api)[-1]
    assert "Báo cáo đã được cập nhật</b> · số BC-2026-00001 (lần 2)" in update
    assert "• Phát biểu: 10 → 12" in update
    assert len(api.calls_of("sendMediaGroup")) == 1  # photos are not sent again
    assert [answers["speakers"] for answers in await reports.revisions(planned_db, 1)] == [10, 12]


async def test_cannot_attend_ends_in_a_short_forwarded_report(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await open_dong(an)
    (reason,) = await an.press("Tôi không dự được")
    assert "Lý do" in reason
    (review,) = await an.send("Đi công tác tỉnh")
    assert "Xem lại báo cáo" in review
    await an.press("📨 Gửi báo cáo")
    await forward_all(planned_db, clock, app)
    (summary,) = committee(api)
    assert "Cán bộ <b>không dự được</b>. Lý do: «Đi công tác tỉnh»" in summary
    assert "Đánh giá" not in summary
    assert "Cán bộ dự" not in summary and "Cán bộ được phân công: Nguyễn Văn An" in summary


async def test_postponed_moves_the_meeting_and_tells_the_committee(
    an: Person,
    api: FakeBotAPI,
    planned_db: Database,
    clock: FakeClock,
    app: AnyApplication,
    settings: Settings,
) -> None:
    await open_dong(an)
    (ask,) = await an.press("Hoãn sang ngày khác")
    assert "hoãn sang ngày nào?" in ask
    (refused,) = await an.send("01/03/2026")
    assert "⚠️" in refused
    await an.send("12/3")
    (saved,) = await an.press("📨 Gửi báo cáo")
    assert "hoãn sang 19:30 12/03/2026" in saved
    meeting = await meetings.find_meeting_on(planned_db, 1, date(2026, 3, 12), settings.tz)
    assert meeting is not None and meeting.cell_name == "Chi bộ thôn Đông"
    await forward_all(planned_db, clock, app)
    (notice,) = committee(api)
    assert "ĐƯỢC HOÃN" in notice and "Hoãn sang: <b>Thứ Năm, 12/03/2026, 19:30</b>" in notice


async def test_cannot_attend_from_a_reminder_before_the_meeting(
    an: Person,
    api: FakeBotAPI,
    planned_db: Database,
    clock: FakeClock,
    app: AnyApplication,
    settings: Settings,
) -> None:
    clock.set(datetime(2026, 3, 5, 2, 0, tzinfo=UTC))  # 09:00 on the day, the meeting at 19:30
    meeting = await meetings.find_meeting_on(planned_db, 1, date(2026, 3, 5), settings.tz)
    assert meeting is not None
    _intro, reason = await an.press_data(f"rm:{meeting.id}:absent", expect=2)
    assert "Lý do" in reason
    await an.send("Họp Hội đồng nhân dân xã")
    (receipt,) = await an.press("📨 Gửi báo cáo")
    assert "Số biên nhận" in receipt
    await forward_all(planned_db, clock, app)
    (summary,) = committee(api)
    assert "không dự được</b>. Lý do: «Họp Hội đồng nhân dân xã»" in summary


async def test_a_meeting_someone_reported_cannot_be_postponed(
    an: Person, planned_db: Database, clock: FakeClock, settings: Settings
) -> None:
    meeting = await meetings.find_meeting_on(planned_db, 1, date(2026, 3, 5), settings.tz)
    assert meeting is not None
    # A colleague (cadre 2) already reported this meeting as held.
    async with planned_db.transaction() as conn:
        await reports.submit(
            conn, meeting_id=meeting.id, cadre_id=2, facts=HELD_FACTS, now=clock.now()
        )
    await open_dong(an)
    await an.press("Hoãn sang ngày khác")
    await an.send("12/3")
    (refused,) = await an.press("📨 Gửi báo cáo")
    assert "đã có cán bộ khác báo cáo" in refused
    again = await meetings.get_meeting(planned_db, meeting.id)
    assert again is not None and again.starts_at == meeting.starts_at


async def test_another_day_moves_the_months_shifted_meeting_to_that_day(
    an: Person, planned_db: Database, clock: FakeClock, settings: Settings
) -> None:
    # Thôn Đông meets on the 5th; 05/04/2026 is a Sunday, so the plan says Monday 06/04.
    clock.set(datetime(2026, 4, 7, 2, 0, tzinfo=UTC))
    await an.send("/baocao")
    await an.press("📅 Ngày khác")
    await an.press("Chi bộ thôn Đông")
    intro, _question = await an.send("05/04/2026", expect=2)
    assert "Chi bộ thôn Đông lúc 19:30 05/04/2026" in intro
    assert await meetings.find_meeting_on(planned_db, 1, date(2026, 4, 6), settings.tz) is None


async def test_another_day_before_the_assignment_started_is_refused(
    an: Person, planned_db: Database
) -> None:
    async with planned_db.transaction() as conn:
        await conn.execute(update(assignments).values(starts_on=date(2026, 3, 1)))
    await an.send("/baocao")
    await an.press("📅 Ngày khác")
    await an.press("Chi bộ thôn Đông")
    (refused,) = await an.send("20/02/2026")
    assert "không còn chờ báo cáo" in refused


@pytest.mark.parametrize(
    "forged", ["rm:²:report", "rm:99999999999999999999:report", "r:²:m:1", "r:1:m:²", "rv:²"]
)
async def test_forged_button_data_gets_an_answer_not_a_crash(
    an: Person, api: FakeBotAPI, forged: str
) -> None:
    await an.press_data(forged)
    stranger = Person(api, 5999)
    await stranger.press_data(forged)
    assert api.messages_to(ADMIN_ID) == []  # no error was reported to the admins


async def test_the_receipt_carries_the_local_year(
    an: Person, planned_db: Database, clock: FakeClock, settings: Settings
) -> None:
    # 00:30 on 1 January 2027 in Hà Nội is still 2026 in UTC.
    clock.set(datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    async with planned_db.transaction() as conn:
        _id, receipt, _revision = await reports.submit(
            conn, meeting_id=1, cadre_id=1, facts=HELD_FACTS,
            now=clock.now().astimezone(settings.tz),
        )  # fmt: skip
    assert receipt == "BC-2027-00001"


async def test_photos_added_in_an_amendment_reach_the_committee(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    await full_report(an)
    await an.press("📨 Gửi báo cáo")
    await forward_all(planned_db, clock, app)
    await an.send("/baocao")
    await an.press("✏️ Sửa báo cáo: Chi bộ thôn Đông", expect=2)
    await an.press("✏️ Sửa")
    await an.press("📎 Gửi kèm ảnh")
    await an.send_photo("PHOTO-3")
    await an.press("✔️ Xong")
    await an.press("📨 Gửi báo cáo")
    await api.wait_for(lambda: len(api.calls_of("sendMediaGroup")) == 2)
    first, second = api.calls_of("sendMediaGroup")
    assert '"PHOTO-3"' in second.params["media"] and '"PHOTO-1"' not in second.params["media"]
    assert '"PHOTO-3"' not in first.params["media"]


async def test_ticking_a_box_updates_the_list_in_place(an: Person, api: FakeBotAPI) -> None:
    await open_dong(an)
    await answer_until_steps(an)
    before = len(an.messages)
    shown = await an.tick("▫️ Thảo luận")
    assert len(an.messages) == before  # no new message: the list itself changed
    assert "✅ Thảo luận" in inline_buttons(an.last())
    assert "đã thực hiện những bước nào" in shown
    # When Telegram refuses the edit (the message is gone), a new message carries the list.
    api.fail_next(
        "editMessageText", Failure(400, description="Bad Request: message to edit not found")
    )
    (fresh,) = await an.press("▫️ Kết luận")
    assert "đã thực hiện những bước nào" in fresh
    assert "✅ Kết luận" in inline_buttons(an.last()) and "✅ Thảo luận" in inline_buttons(
        an.last()
    )


async def test_a_standard_report_takes_at_most_18_inputs(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    """Held, regular, nothing unusual: every one-tap default taken, from /baocao to receipt."""
    inputs = 0
    shown: list[str] = []

    async def tap(label: str, expect: int = 1) -> list[str]:
        nonlocal inputs
        inputs += 1
        replies = await an.press(label, expect)
        shown.extend(replies)
        return replies

    async def type_(text: str) -> list[str]:
        nonlocal inputs
        inputs += 1
        replies = await an.send(text)
        shown.extend(replies)
        return replies

    await type_("/baocao")
    await tap("Chi bộ thôn Đông — 05/03", expect=2)
    await tap("Có, đã diễn ra")
    await tap("Thường kỳ")
    await tap("19:30 (theo lịch)")
    (end_question,) = shown[-1:]
    assert "kết thúc lúc mấy giờ?" in end_question
    assert {"21:00", "21:30", "22:00"} <= set(inline_buttons(an.last()))
    await tap("21:30")
    await type_("2")  # exempt: the cell has no earlier report to repeat
    await type_("28")
    await type_("2")
    (steps,) = await tap("✅ Có cả ba")
    assert "đã thực hiện những bước nào?" in steps
    await tap("✅ Đủ tất cả các bước")
    await type_("10")
    await tap("Đầy đủ")
    await tap("Thực hiện tốt")
    await tap("≥ 90 %")
    await tap("Tốt")
    (review,) = await tap("Không có gì thêm")
    assert "Tổng số đảng viên: 32" in review and "Vắng không lý do: 0" in review
    assert "Dự thảo nghị quyết: Có" in review and "Các bước: Khai mạc" in review
    assert "Đạt chất lượng — 100 điểm, Tốt" in review
    (receipt,) = await tap("📨 Gửi báo cáo")
    assert "Số biên nhận: BC-2026-00001" in receipt
    assert inputs <= 18, inputs
    # The counter only moves forward and its total never shrinks on this path.
    positions = [
        (int(number), int(total))
        for text in shown
        for number, total in re.findall(r"Câu (\d+)/(\d+)\.", text)
    ]
    assert [n for n, _ in positions] == sorted({n for n, _ in positions})
    totals = [total for _, total in positions]
    assert totals == sorted(totals) and len(positions) >= 10


async def test_another_day_has_back_and_cancel_and_understands_yesterday(
    an: Person, planned_db: Database, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 12, 2, 0, tzinfo=UTC))  # Thursday 12/03, 09:00
    await an.send("/baocao")
    (cells,) = await an.press("📅 Ngày khác")
    assert "Buổi sinh hoạt của chi bộ nào?" in cells
    (back,) = await an.press("◀️ Quay lại")
    assert "báo cáo buổi sinh hoạt nào?" in back  # the list of meetings again
    await an.press("📅 Ngày khác")
    (ask,) = await an.press("Chi bộ thôn Đông")
    assert "hôm qua" in ask and "✖️ Thôi" in inline_buttons(an.last())
    (closed,) = await an.press("✖️ Thôi")
    assert "Đã đóng danh sách" in closed
    await an.send("/baocao")
    await an.press("📅 Ngày khác")
    await an.press("Chi bộ thôn Đông")
    intro, question = await an.send("hôm qua", expect=2)
    assert "Chi bộ thôn Đông lúc 19:30 11/03/2026" in intro and "có diễn ra không?" in question


async def test_start_and_schedule_mention_an_open_draft(an: Person) -> None:
    (greeting,) = await an.send("/start")
    assert "làm dở" not in greeting
    await open_dong(an)
    await an.press("Có, đã diễn ra")
    (greeting,) = await an.send("/start")
    assert "Báo cáo đang làm dở: Chi bộ thôn Đông, ngày 05/03/2026" in greeting
    (schedule,) = await an.send("/lich")
    assert "Báo cáo đang làm dở: Chi bộ thôn Đông, ngày 05/03/2026" in schedule
    assert "chưa báo cáo" in schedule  # the meetings still awaiting a report


async def test_my_reports_lists_and_opens_my_own_reports(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock
) -> None:
    (none,) = await an.send("/cuatoi")
    assert "chưa gửi báo cáo nào" in none
    await full_report(an)
    await an.press("📨 Gửi báo cáo")
    async with planned_db.transaction() as conn:  # another cadre's report is not listed
        await reports.submit(conn, meeting_id=2, cadre_id=2, facts=HELD_FACTS, now=clock.now())
    (listing,) = await an.send("/cuatoi")
    assert "BC-2026-00001 · Chi bộ thôn Đông · 05/03/2026 · Đạt · Đã gửi" in listing
    assert "BC-2026-00002" not in listing
    (opened,) = await an.press("📄 BC-2026-00001")
    assert "Có mặt: 28" in opened and "Kết thúc: 21:45" in opened
    (refused,) = await an.press_data("my:2")  # someone else's receipt, forged
    assert "Không tìm thấy báo cáo này." in refused
