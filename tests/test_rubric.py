"""The default verdict rule (C1–C5), scores and grades, and thresholds as data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.questionnaire.model import DEFAULT_PATH, Questionnaire, load_questionnaire
from bot.questionnaire.rubric import Verdict, derived_values, evaluate

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
    "resolution_results": "70to90",
    "cell_rating": "kha",
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
    assert verdict(q) == Verdict(meets_standard=True, failing=(), score=100, grade="Tốt")


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
    assert (result.score, result.grade) == (80, "Khá")


def test_failing_criteria_carry_names_and_grade_drops(q: Questionnaire) -> None:
    result = verdict(q, prep_draft="no", principles="violation", resolution_results="lt50")
    assert result == Verdict(
        meets_standard=False,
        failing=(
            ("C2", "Công tác chuẩn bị"),
            ("C4", "Nguyên tắc sinh hoạt đảng"),
            ("C5", "Kết quả thực hiện nghị quyết"),
        ),
        score=40,
        grade="Kém",
    )
    assert verdict(q, prep_draft="no", principles="violation") == Verdict(
        meets_standard=False,
        failing=(("C2", "Công tác chuẩn bị"), ("C4", "Nguyên tắc sinh hoạt đảng")),
        score=60,
        grade="Trung bình",
    )


def test_missing_answers_fail_their_criteria(q: Questionnaire) -> None:
    result = evaluate(q.rubric, {"status": "held"}, {}, CONTEXT)
    assert result is not None
    assert [c for c, _ in result.failing] == ["C1", "C2", "C3", "C4", "C5"]
    assert (result.score, result.grade) == (0, "Kém")


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
        ({"results_min": 0.9}, {}, [], ["C5"]),
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
    assert verdict(plain) == Verdict(meets_standard=True, failing=(), score=None, grade=None)
