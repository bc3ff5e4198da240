"""The digest message: one screen of Vietnamese HTML, people's text escaped, split cleanly."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.digest.aggregate import CadreRef, MeetingRow, Missing
from bot.digest.compose import collect
from bot.digest.periods import Period, PeriodKind, month_period
from bot.digest.render import change, period_label, render_digest, render_missing
from bot.formatting import TELEGRAM_TEXT_LIMIT
from storage.db import Database
from tests.test_digest_aggregate import CONFIG, MARCH
from tests.test_digest_fixtures import NOW, TZ, seed_committee

EXPECTED_MARCH = """\
📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b>
<b>tháng 03/2026</b>
Số liệu tính đến 07:30 ngày 03/04
(▲ tăng, ▼ giảm so với tháng 02/2026)

📨 Đã nhận <b>5/7</b> báo cáo (71%) · ▲ 2 so với tháng trước
    đúng hạn 3 · muộn 2 · chưa nộp 2 (quá hạn 2)
✅ Đạt chất lượng: <b>1</b> · không đổi
❌ Chưa đạt: <b>2</b> · không đổi
    xếp loại: Tốt 1 · Khá 1 · Trung bình 1
👥 Dự họp bình quân 89% · ▲ 9
⏱ Thời lượng bình quân 103 phút
🚫 Không tổ chức: 2 buổi · hoãn: 2 buổi
    cán bộ không dự được: 1
⚠️ Tiêu chí chưa đạt:
    C3 Các bước và nội dung: 2
    C1 Tỷ lệ đảng viên dự họp: 1
✏️ Yêu cầu bổ sung: 1 chờ · 1 đã bổ sung

<b>Chưa báo cáo (2)</b>
<b>Đảng bộ xã Minh Hòa</b>
• Trần Thị Bình — Chi bộ Trạm Y tế, 02/03, quá hạn 30 ngày
<b>Đảng bộ xã An Phú</b>
• Phạm Thị Dung — Chi bộ Trường THCS, 27/03, quá hạn 5 ngày

<b>Cần chú ý</b>
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): chưa đạt 3 tháng liền
• Chi bộ xóm 1 (Đảng bộ xã An Phú): chưa đạt 2 tháng liền

<b>Kiến nghị, đề xuất</b>
• Chi bộ xóm 1 (Đảng bộ xã An Phú): «Tăng cường &lt;b&gt;kiểm tra&lt;/b&gt; &amp; giám sát»
• Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): «Đề nghị cấp kinh phí sửa nhà văn hóa»
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): «Xin bổ sung tài liệu sinh hoạt»"""

EXPECTED_WEEK = """\
📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b>
<b>tuần 02/03 – 08/03/2026</b>
Số liệu tính đến 07:30 ngày 03/04
(▲ tăng, ▼ giảm so với tuần 23/02 – 01/03/2026)

📨 Đã nhận <b>3/4</b> báo cáo (75%) · ▲ 1 so với tuần trước
    đúng hạn 1 · muộn 2 · chưa nộp 1 (quá hạn 1)
✅ Đạt chất lượng: <b>1</b> · ▲ 1
❌ Chưa đạt: <b>1</b> · không đổi
    xếp loại: Tốt 1 · Trung bình 1
👥 Dự họp bình quân 84% · ▼ 16
⏱ Thời lượng bình quân 108 phút
🚫 Không tổ chức: 1 buổi · hoãn: 0 buổi
    cán bộ không dự được: 0
⚠️ Tiêu chí chưa đạt:
    C1 Tỷ lệ đảng viên dự họp: 1
    C3 Các bước và nội dung: 1
✏️ Yêu cầu bổ sung: 1 chờ · 0 đã bổ sung

<b>Chưa báo cáo (1)</b>
<b>Đảng bộ xã Minh Hòa</b>
• Trần Thị Bình — Chi bộ Trạm Y tế, 02/03, quá hạn 30 ngày

<b>Cần chú ý</b>
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): chưa đạt 3 tháng liền
• Chi bộ xóm 1 (Đảng bộ xã An Phú): chưa đạt 2 tháng liền

<b>Kiến nghị, đề xuất</b>
• Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): «Đề nghị cấp kinh phí sửa nhà văn hóa»
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): «Xin bổ sung tài liệu sinh hoạt»"""

EXPECTED_EMPTY = """\
📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b>
<b>tháng 11/2025</b>
Số liệu tính đến 07:30 ngày 03/04

Trong kỳ này không có buổi sinh hoạt nào phải báo cáo."""


async def test_the_march_digest_reads_exactly_so(db: Database) -> None:
    await seed_committee(db)
    bundle = await collect(db, MARCH, CONFIG, now=NOW)
    assert bundle.text_parts() == [EXPECTED_MARCH]
    assert len(EXPECTED_MARCH.splitlines()) <= 35  # one phone screen, give or take a scroll
    plain = re.sub(r"<[^>]+>", "", EXPECTED_MARCH.split("<b>Cần chú ý")[0])
    assert max(len(line) for line in plain.splitlines()) <= 60  # no sideways reading


async def test_the_weekly_digest_reads_exactly_so(db: Database) -> None:
    await seed_committee(db)
    week = Period(PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9))
    assert (await collect(db, week, CONFIG, now=NOW)).text_parts() == [EXPECTED_WEEK]


async def test_a_period_with_nothing_expected_says_so(db: Database) -> None:
    """Never «all submitted» when nothing was due."""
    await seed_committee(db)
    bundle = await collect(db, month_period(2025, 11), CONFIG, now=NOW)
    assert bundle.text_parts() == [EXPECTED_EMPTY]


def test_changes_are_words_or_arrows_never_a_bare_equals() -> None:
    assert [change(5, 2), change(2, 5), change(3, 3), change(None, 3)] == [
        "▲ 3", "▼ 3", "không đổi", ""
    ]  # fmt: skip


def test_period_labels() -> None:
    assert period_label(month_period(2026, 3)) == "tháng 03/2026"
    week = Period(PeriodKind.WEEK, datetime(2026, 3, 2).date(), datetime(2026, 3, 9).date())
    assert period_label(week) == "tuần 02/03 – 08/03/2026"
    days = Period(PeriodKind.RANGE, datetime(2026, 2, 27).date(), datetime(2026, 4, 4).date())
    assert period_label(days) == "27/02 – 03/04/2026"


def _missing(n: int) -> Missing:
    starts = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    meeting = MeetingRow(n, n, f"Chi bộ <số {n}> & co", n % 7, f"Đảng bộ xã {n % 7}", 30,
                         starts, "planned")  # fmt: skip
    cadre = CadreRef(n, f"Nguyễn Văn Cán Bộ Thứ {n}", "+84912000001", 5000 + n)
    return Missing(meeting, cadre, starts + timedelta(days=2), 30)


async def test_a_long_list_is_split_at_line_boundaries(db: Database) -> None:
    await seed_committee(db)
    figures = (await collect(db, MARCH, CONFIG, now=NOW)).digest.current
    many = replace(figures, missing=tuple(_missing(n) for n in range(400)))
    parts = render_missing(many, TZ, NOW)
    assert len(parts) > 1 and all(len(part) <= TELEGRAM_TEXT_LIMIT for part in parts)
    for part in parts:  # every tag opened on a line is closed on it
        for line in part.splitlines():
            assert len(re.findall(r"<b>", line)) == len(re.findall(r"</b>", line))
    text = "\n".join(parts)
    assert "• Nguyễn Văn Cán Bộ Thứ 399 — Chi bộ &lt;số 399&gt; &amp; co, 01/03" in text
    assert text.count("• ") == 400
    # The digest itself shows at most 12 of them and points to /chuanop.
    digest = (await collect(db, MARCH, CONFIG, now=NOW)).digest
    long = render_digest(replace(digest, current=many), TZ)
    assert len(long) == 1 and long[0].count("• Nguyễn Văn Cán Bộ") == 12
    assert "\n+388 nữa — /chuanop\n" in long[0]
