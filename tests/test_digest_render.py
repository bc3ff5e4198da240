"""The digest message: one screen of Vietnamese HTML, people's text escaped, split cleanly."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.digest.aggregate import CadreRef, MeetingRow, Missing
from bot.digest.compose import collect
from bot.digest.periods import Period, PeriodKind, month_period
from bot.digest.render import period_label, render_digest, render_missing
from bot.formatting import TELEGRAM_TEXT_LIMIT
from storage.db import Database
from tests.test_digest_aggregate import CONFIG, MARCH
from tests.test_digest_fixtures import NOW, TZ, seed_committee

EXPECTED_MARCH = """\
📊 <b>TỔNG HỢP SINH HOẠT CHI BỘ</b> · tháng 03/2026
Số liệu đến 07:30 03/04/2026
(▲▼: so với tháng 02/2026)

📨 Báo cáo đã nhận: <b>5/7</b> (71%) ▲2
    đúng hạn 3 · nộp muộn 2 · chưa nộp 2 (quá hạn 2)
✅ Đạt chất lượng: <b>1</b> = · ❌ chưa đạt: <b>2</b> =
    xếp loại: Tốt 1 · Khá 1 · Trung bình 1
👥 Dự họp bình quân 89% ▲9 · thời lượng bình quân 103 phút
🚫 Không tổ chức: 2 buổi · hoãn: 2 buổi · cán bộ không dự được: 1
⚠️ Tiêu chí chưa đạt: C3 Các bước và nội dung (2) · C1 Tỷ lệ đảng viên dự họp (1)
✏️ Yêu cầu bổ sung: 1 đang chờ · 1 đã bổ sung

<b>Chưa báo cáo (2)</b>
• <b>Đảng bộ xã Minh Hòa</b>: Chi bộ Trạm Y tế — Trần Thị Bình, 02/03 (quá hạn 30 ngày)
• <b>Đảng bộ xã An Phú</b>: Chi bộ Trường THCS — Phạm Thị Dung, 27/03 (quá hạn 5 ngày)

<b>Cần chú ý</b>
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): chưa đạt 3 tháng liền
• Chi bộ xóm 1 (Đảng bộ xã An Phú): chưa đạt 2 tháng liền

<b>Kiến nghị, đề xuất</b>
• Chi bộ xóm 1 (Đảng bộ xã An Phú): «Tăng cường &lt;b&gt;kiểm tra&lt;/b&gt; &amp; giám sát»
• Chi bộ thôn Đông (Đảng bộ xã Minh Hòa): «Đề nghị cấp kinh phí sửa nhà văn hóa»
• Chi bộ thôn Tây (Đảng bộ xã Minh Hòa): «Xin bổ sung tài liệu sinh hoạt»"""


async def test_the_march_digest_reads_exactly_so(db: Database) -> None:
    await seed_committee(db)
    bundle = await collect(db, MARCH, CONFIG, now=NOW)
    assert bundle.text_parts() == [EXPECTED_MARCH]
    assert len(EXPECTED_MARCH.splitlines()) <= 30  # one phone screen, give or take a scroll


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
    assert "Chi bộ &lt;số 399&gt; &amp; co — Nguyễn Văn Cán Bộ Thứ 399" in text
    assert text.count("• ") == 400
    # The digest itself shows at most 12 of them and points to /chuanop.
    digest = (await collect(db, MARCH, CONFIG, now=NOW)).digest
    long = render_digest(replace(digest, current=many), TZ)
    assert len(long) == 1 and "… và 388 báo cáo khác: gõ /chuanop để xem đủ." in long[0]
