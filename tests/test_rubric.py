"""The default verdict rule (C1–C5): partial scores, explained failures, thresholds as data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.questionnaire.model import (
    DEFAULT_PATH,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)
from bot.questionnaire.rubric import derived_values
from bot.questionnaire.verdict import Verdict, evaluate, judge

CONTEXT: dict[str, object] = {"meeting_date": "2026-03-05", "members_roster": 25}
COMPLIANT: dict[str, object] = {
    "status": "held",
    "meeting_type": "regular",
    "start_time": "19:30",
    "end_time": "21:00",  # exactly 90 minutes
    "members_total": 22,
    "members_exempt": 2,
    "present": 17,  # 17/20 = exactly 85%
    "absent_excused": 3,
    "absent_unexcused": 0,
    "prep_secretary": "yes",
    "prep_committee": "no_committee",  # a cell without a committee does not fail C2
    "prep_draft": "yes",
    "steps": ["review_prev", "plan_next", "discussion", "vote", "conclude"],
    "speakers": 6,  # 6/17 ≈ 35%
    "minutes": "partial",
    "principles": "good",
    "resolution_results": "ge90",
    "cell_rating": "tot",
    "remarks": None,
    "proposals": None,
    "photos": None,
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None)


def verdict(q: Questionnaire, **changes: object) -> Verdict | None:
    answers = {**COMPLIANT, **changes}
    return evaluate(q.rubric, answers, derived_values(q, answers, CONTEXT), CONTEXT)


def test_compliant_report_meets_standard(q: Questionnaire) -> None:
    result = verdict(q)
    assert result is not None
    assert (result.meets_standard, result.failing, result.reasons) == (True, (), ())
    assert (result.score, result.grade) == (100, "Tốt")
    assert [c.earned for c in result.criteria] == [20, 20, 20, 20, 20]


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        # C1 attendance
        ({"present": 16, "absent_excused": 4}, "C1"),  # 80%
        ({"absent_excused": 2, "absent_unexcused": 1}, "C1"),
        ({"present": 16, "absent_excused": 3, "absent_unexcused": 1}, "C1"),
        # C2 preparation
        ({"prep_secretary": "no"}, "C2"),
        ({"prep_committee": "no"}, "C2"),
        ({"prep_draft": "no"}, "C2"),
        # C3 steps and content
        ({"end_time": "20:59"}, "C3"),
        ({"steps": ["review_prev", "plan_next", "discussion", "vote"]}, "C3"),
        ({"steps": ["open", "plan_next", "discussion", "vote", "conclude"]}, "C3"),
        ({"speakers": 5}, "C3"),  # 5/17 < 30%
        ({"minutes": "none"}, "C3"),
        # C4 principles
        ({"principles": "limited"}, "C4"),
        ({"principles": "violation"}, "C4"),
        # C5 results
        ({"resolution_results": "50to70"}, "C5"),
        ({"resolution_results": "lt50"}, "C5"),
        ({"resolution_results": "not_assessed"}, "C5"),  # missing data never passes
    ],
)
def test_each_criterion_fails_on_its_own(
    q: Questionnaire, changes: dict[str, object], failing: str
) -> None:
    result = verdict(q, **changes)
    assert result is not None
    assert not result.meets_standard
    assert [criterion_id for criterion_id, _ in result.failing] == [failing]
    # One failed sub-check costs only its share of the criterion, never more than 20 points.
    assert result.score is not None and 80 <= result.score < 100
    (failed_criterion,) = [c for c in result.criteria if not c.passed]
    assert failed_criterion.failed and all(f.phrase for f in failed_criterion.failed)


def test_failing_criteria_carry_names_and_grade_drops(q: Questionnaire) -> None:
    result = verdict(q, prep_draft="no", principles="violation", resolution_results="lt50")
    assert result is not None and not result.meets_standard
    assert result.failing == (
        ("C2", "Công tác chuẩn bị"),
        ("C4", "Nguyên tắc sinh hoạt đảng"),
        ("C5", "Kết quả thực hiện nghị quyết"),
    )
    # C2 keeps two of its three checks: 13.3 of 20; C4 and C5 earn nothing.
    assert [round(c.earned, 1) for c in result.criteria] == [20, 13.3, 20, 0, 0]
    assert (result.score, result.grade) == (53, "Trung bình")
    assert result.reasons == (
        "Không có dự thảo kết luận / nghị quyết",
        "Nguyên tắc tập trung dân chủ, tự phê bình và phê bình chưa thực hiện tốt",
        "Kết quả NQ 0 % < 70 %",
    )


def test_attendance_71_percent_is_measured_against_85_and_loses_points(q: Questionnaire) -> None:
    # 17 of 24 = 70.8 %: shown as 71 % against 85 %, partial credit for C1.
    result = verdict(q, members_total=24, members_exempt=0, present=17, absent_excused=7)
    assert result is not None and not result.meets_standard
    c1 = result.criteria[0]
    assert [(f.label, f.phrase) for f in c1.failed] == [("Dự họp", "Dự họp 71 % < 85 %")]
    assert c1.failed[0].measured == pytest.approx(17 / 24)
    assert c1.failed[0].threshold == 0.85
    assert 15 < c1.earned < 20
    assert result.score == 98


def test_short_meeting_states_minutes_against_threshold(q: Questionnaire) -> None:
    result = verdict(q, end_time="20:40")  # 70 minutes
    assert result is not None
    assert result.reasons == ("Thời gian 70 phút < 90",)
    assert result.criteria[2].earned == pytest.approx(20 * (7 / 8 + (70 / 90) / 8))


def test_not_assessed_is_a_reason(q: Questionnaire) -> None:
    result = verdict(q, resolution_results="not_assessed")
    assert result is not None
    assert result.reasons == ("Kết quả NQ chưa đánh giá",)
    (failure,) = result.criteria[4].failed
    assert (failure.measured, failure.threshold) == (None, 0.7)


def test_resolution_70_to_89_percent_meets_the_standard_but_not_full_marks(
    q: Questionnaire,
) -> None:
    result = verdict(q, resolution_results="70to90")
    assert result is not None
    assert (result.meets_standard, result.reasons) == (True, ())
    assert result.criteria[4].earned == pytest.approx(20 * 0.7 / 0.9)
    assert result.score == 95


def test_value_rounding_onto_the_threshold_keeps_a_decimal(q: Questionnaire) -> None:
    changes = {"members_exempt": 0, "present": 11, "absent_excused": 2, "speakers": 4}
    result = verdict(q, members_total=13, **changes)
    assert result is not None
    assert result.reasons == ("Dự họp 84,6 % < 85 %",)


def test_unexcused_absence_is_counted_against_zero(q: Questionnaire) -> None:
    result = verdict(q, absent_excused=2, absent_unexcused=1)
    assert result is not None
    assert result.reasons == ("Vắng không lý do 1 đảng viên > 0",)


def test_result_bins_do_not_overlap(q: Questionnaire) -> None:
    labels = [o.label for o in q.question("resolution_results").options]
    assert labels == ["≥ 90 %", "70–89 %", "50–69 %", "< 50 %", "Chưa đánh giá"]


def test_self_rating_is_shown_and_disagreement_noted(q: Questionnaire) -> None:
    def judged(**changes: object) -> Verdict:
        answers = {**COMPLIANT, **changes}
        result = judge(q, answers, derived_values(q, answers, CONTEXT), CONTEXT)
        assert result is not None
        return result

    agree = judged()
    assert (agree.self_rating, agree.grade, agree.rating_disagrees) == ("Tốt", "Tốt", False)
    differ = judged(cell_rating="tot", principles="violation", prep_draft="no")
    assert (differ.self_rating, differ.grade, differ.rating_disagrees) == ("Tốt", "Khá", True)
    unrated = judged(cell_rating="chua")
    assert (unrated.self_rating, unrated.rating_disagrees) == ("Chưa xếp loại", False)


def test_missing_answers_fail_their_criteria(q: Questionnaire) -> None:
    result = evaluate(q.rubric, {"status": "held"}, {}, CONTEXT)
    assert result is not None
    assert [c for c, _ in result.failing] == ["C1", "C2", "C3", "C4", "C5"]
    assert (result.score, result.grade) == (0, "Kém")
    assert "Dự họp chưa đánh giá" in result.reasons


@pytest.mark.parametrize("status", ["postponed", "cancelled", "absent", None])
def test_no_verdict_when_the_meeting_did_not_happen(q: Questionnaire, status: str | None) -> None:
    assert evaluate(q.rubric, {"status": status}, {}, CONTEXT) is None


def copy_with(tmp_path: Path, **parameters: object) -> Questionnaire:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["rubric"]["parameters"].update(parameters)
    path = tmp_path / "province.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_questionnaire(path)


@pytest.mark.parametrize(
    ("parameters", "changes", "before", "after"),
    [
        ({"attendance_min": 0.8}, {"present": 16, "absent_excused": 4}, ["C1"], []),
        ({"attendance_min": 0.9}, {}, [], ["C1"]),
        ({"duration_min": 60}, {"end_time": "20:40"}, ["C3"], []),
        ({"duration_min": 120}, {}, [], ["C3"]),
        ({"speakers_min": 0.25}, {"speakers": 5}, ["C3"], []),
        ({"results_min": 0.5}, {"resolution_results": "50to70"}, ["C5"], []),
        ({"results_min": 0.95}, {}, [], ["C5"]),
    ],
)
def test_thresholds_in_a_yaml_copy_change_the_verdict(
    q: Questionnaire,
    tmp_path: Path,
    parameters: dict[str, object],
    changes: dict[str, object],
    before: list[str],
    after: list[str],
) -> None:
    province = copy_with(tmp_path, **parameters)
    default_result = verdict(q, **changes)
    province_result = verdict(province, **changes)
    assert default_result is not None and province_result is not None
    assert [c for c, _ in default_result.failing] == before
    assert [c for c, _ in province_result.failing] == after


def test_rubric_without_points_has_no_score(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for criterion in data["rubric"]["criteria"]:
        criterion.pop("points")
    data["rubric"].pop("grades")
    path = tmp_path / "no_points.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plain = load_questionnaire(path)
    result = verdict(plain)
    assert result is not None
    assert (result.meets_standard, result.score, result.grade) == (True, None, None)


def test_all_or_nothing_criterion_by_holds_still_loads(q: Questionnaire) -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["rubric"]["criteria"][3] = {
        "id": "C4", "name": "Nguyên tắc", "points": 20, "holds": "principles == 'good'"
    }  # fmt: skip
    older = parse_questionnaire(data)
    result = verdict(older, principles="limited")
    assert result is not None
    assert result.failing == (("C4", "Nguyên tắc"),)
    assert result.reasons == ("Nguyên tắc: chưa đạt",)
    assert result.score == 80


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ({"label": "x", "holds": "present > 0", "value": "present", "at_least": 1}, "not both"),
        ({"label": "x", "value": "present"}, "one of at_least"),
        ({"label": "x", "value": "present", "at_least": 1, "at_most": 3}, "one of at_least"),
        ({"label": "x", "value": "present", "at_most": 3, "proportional": True}, "proportional"),
        ({"label": "x", "value": "nobody", "at_least": 1}, "unknown question 'nobody'"),
    ],
)
def test_malformed_checks_are_refused_at_load(check: dict[str, object], problem: str) -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["rubric"]["criteria"][0]["checks"] = [check]
    with pytest.raises(QuestionnaireError, match=problem):
        parse_questionnaire(data)
