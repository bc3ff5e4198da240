"""Why a stored report failed: each failed criterion with the measured value beside the
threshold, in the rubric's own phrases."""

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
    assert reasons_from_answers(QUESTIONNAIRE, ["C1"], answers) == ["C1 Dự họp 71 % < 85 %"]


def test_each_criterion_on_its_line_with_every_failed_check() -> None:
    answers = {**GOOD, "end_time": "20:40", "minutes": "none", "present": 27,
               "prep_committee": "no"}  # fmt: skip
    lines = reasons_from_answers(QUESTIONNAIRE, ["C1", "C2", "C3"], answers)
    assert len(lines) == 3
    assert lines[0] == "C1 Vắng không lý do 1 đảng viên > 0"
    assert lines[1].startswith("C2 Chi ủy")
    assert lines[2].startswith("C3 Thời gian 70 phút < 90, ")


def test_a_criterion_that_no_longer_fails_is_named() -> None:
    """Stored under an older rubric: the id and name, nothing invented."""
    assert reasons_from_answers(QUESTIONNAIRE, ["C4", "C9"], GOOD) == [
        "C4 Nguyên tắc sinh hoạt đảng",
        "C9",
    ]


def test_nothing_failed_nothing_said() -> None:
    assert reasons_from_answers(QUESTIONNAIRE, [], GOOD) == []
    assert reason_lines(None) == []
