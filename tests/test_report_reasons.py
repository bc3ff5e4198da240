"""Why a report failed: each failed criterion with the measured value beside the threshold."""

from __future__ import annotations

from bot.questionnaire.model import load_questionnaire
from bot.report_reasons import reason_lines, reasons_from_answers

QUESTIONNAIRE = load_questionnaire()
STEPS = ["open", "review_prev", "plan_next", "discussion", "vote", "conclude"]
GOOD = {
    "status": "held", "meeting_type": "regular", "start_time": "19:30", "end_time": "21:30",
    "members_total": 28, "members_exempt": 0, "present": 28, "absent_excused": 0,
    "absent_unexcused": 0, "prep_secretary": "yes", "prep_committee": "yes", "prep_draft": "yes",
    "steps": STEPS, "speakers": 10, "minutes": "full", "principles": "good",
    "resolution_results": "ge90",
}  # fmt: skip


def test_attendance_shows_measured_and_threshold() -> None:
    """71 % attendance (20 of 28) fails C1: the line says 71 % and 85 %."""
    answers = {**GOOD, "present": 20, "absent_excused": 8}
    assert reasons_from_answers(QUESTIONNAIRE, ["C1"], answers) == ["C1 Tỷ lệ dự họp 71 % < 85 %"]


def test_every_failed_part_is_named() -> None:
    answers = {**GOOD, "end_time": "20:40", "steps": ["open", "vote"], "minutes": "none",
               "absent_unexcused": 1, "prep_committee": "no", "principles": "limited"}  # fmt: skip
    lines = reasons_from_answers(QUESTIONNAIRE, ["C1", "C2", "C3", "C4"], answers)
    assert lines == [
        "C1 Vắng không lý do 1 ≠ 0",
        "C2 Chi ủy họp trước để thống nhất nội dung: Không",
        "C3 Thời lượng (phút) 70 < 90; thiếu «Đánh giá nghị quyết tháng trước»; "
        "thiếu «Phương hướng tháng tới»; thiếu «Thảo luận»; thiếu «Kết luận»; "
        "Biên bản ghi chép: Không có",
        "C4 Nguyên tắc tập trung dân chủ, tự phê bình và phê bình: Còn hạn chế",
    ]


def test_unknown_values_and_criteria() -> None:
    """A value never given is said to be missing; an id the rubric lacks is kept as is."""
    answers = {key: value for key, value in GOOD.items() if key != "resolution_results"}
    lines = reason_lines(QUESTIONNAIRE, ["C5", "C9"], answers, {"resolution_rate": None})
    assert lines == ["C5 chưa có resolution_rate", "C9"]


def test_nothing_failed_nothing_said() -> None:
    assert reasons_from_answers(QUESTIONNAIRE, [], GOOD) == []
