"""The committee's copy of a report, read as a leader reads it on a phone."""

from __future__ import annotations

import re
from datetime import datetime

from bot.questionnaire.model import load_questionnaire
from bot.questionnaire.rubric import derived_values
from bot.questionnaire.verdict import judge
from bot.report_summary import ReportHeading, committee_summary

Q = load_questionnaire()
STEPS = ["open", "review_prev", "plan_next", "discussion", "vote", "conclude"]
CONTEXT = {"meeting_date": "2026-03-05", "today": "2026-03-06", "members_roster": 28}
HEADING = ReportHeading(
    receipt_no="BC-2026-00042", cell_name="Chi bộ thôn Đông", unit_name="Đảng bộ xã Minh Hòa",
    meeting_start=datetime(2026, 3, 5, 19, 30), cadre_name="Nguyễn Văn An", late=False,
    deadline=datetime(2026, 3, 7, 19, 30),
)  # fmt: skip
# 20 of 28 members present (71 %), 70 minutes, a thematic meeting, two photos.
ANSWERS = {
    "status": "held", "meeting_type": "thematic", "start_time": "19:30", "end_time": "20:40",
    "members_total": 28, "members_exempt": 0, "present": 20, "absent_excused": 8,
    "absent_unexcused": 0, "prep_secretary": "yes", "prep_committee": "yes", "prep_draft": "yes",
    "steps": STEPS, "speakers": 8, "minutes": "full",
    "thematic_topic": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "principles": "good", "resolution_results": "ge90", "cell_rating": "tot",
    "photos": ["PHOTO-1", "PHOTO-2"],
}  # fmt: skip


def summary(late: bool = False) -> str:
    derived = derived_values(Q, ANSWERS, CONTEXT)
    verdict = judge(Q, ANSWERS, derived, CONTEXT)
    heading = HEADING if not late else ReportHeading(**{**HEADING.__dict__, "late": True})
    return committee_summary(Q, heading, ANSWERS, derived, verdict)


def test_71_percent_attendance_reads_with_its_threshold() -> None:
    text = summary()
    assert "Dự họp: 20/28 đảng viên (71%)" in text
    assert "    – Dự họp 71 % &lt; 85 %" in text.splitlines()
    assert "    – Thời gian 70 phút &lt; 90" in text.splitlines()


def test_topic_self_rating_photos_and_timeliness() -> None:
    lines = summary().splitlines()
    assert "Chuyên đề: «Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh»" in lines
    verdict = next(n for n, line in enumerate(lines) if line.startswith("Đánh giá: "))
    assert lines[verdict + 1].startswith("Chi bộ tự xếp loại: Tốt")  # beside the verdict
    assert "Ảnh: 2 ảnh (gửi kèm bên dưới)" in lines
    assert lines[-1] == "🕑 Nộp đúng hạn"
    assert summary(late=True).splitlines()[-1] == (
        "⏰ <b>Nộp muộn</b> (hạn: Thứ Bảy, 07/03/2026, 19:30)"
    )


def test_fits_a_phone_screen_across() -> None:
    """No line over 60 characters, except the people's own text (the topic here)."""
    for line in summary().splitlines():
        plain = re.sub(r"<[^>]+>", "", line).replace("&lt;", "<").replace("&gt;", ">")
        assert len(plain) <= 60 or plain.startswith("Chuyên đề"), plain
