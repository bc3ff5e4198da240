"""Loading questionnaires: the shipped default, and one clear line for every kind of mistake."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.questionnaire.model import (
    DEFAULT_PATH,
    QuestionnaireError,
    QuestionType,
    load_questionnaire,
    parse_questionnaire,
)

Data = dict[str, Any]

MINIMAL = """
id: mini
version: "1"
title: Mini
context: [meeting_date]
questions:
  - id: status
    type: choice
    prompt: Có họp không?
    options:
      - {id: held, label: Có}
      - {id: cancelled, label: Không}
  - id: present
    type: integer
    prompt: Số có mặt
    min: 0
    max: 100
    when: status == 'held'
derived:
  - {id: double, expr: present * 2, label: Gấp đôi}
rubric:
  id: r
  version: "1"
  applies_when: status == 'held'
  parameters: {present_min: 5}
  criteria:
    - {id: C1, name: Đủ người, holds: present >= present_min, points: 100}
  grades: [{min: 50, label: Đạt}, {min: 0, label: Chưa đạt}]
"""


def default_data() -> Data:
    loaded = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def questions(data: Data) -> dict[str, Data]:
    return {item["id"]: item for item in data["questions"]}


def write(tmp_path: Path, data: Data | str, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, data: Data | str) -> str:
    path = write(tmp_path, data)
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    message = str(info.value)
    assert "\n" not in message  # one line for the admin's terminal
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def test_default_loads() -> None:
    q = load_questionnaire(None)
    assert (q.id, q.version) == ("regular_meeting", "2026.2")
    assert (q.rubric.id, q.rubric.version) == ("hd12-2018", "2018.2")
    assert q.context == ("meeting_date", "today", "members_roster")
    assert [question.id for question in q.questions] == [
        "status", "new_date", "reason", "meeting_type", "start_time", "end_time",
        "members_total", "members_exempt", "present", "absent_excused", "absent_unexcused",
        "prep_secretary", "prep_committee", "prep_draft", "steps", "speakers", "minutes",
        "thematic_topic", "principles", "resolution_results", "cell_rating", "remarks",
        "proposals", "photos",
    ]  # fmt: skip
    assert q.question("status").option_ids == ("held", "postponed", "cancelled", "absent")
    assert q.question("prep_secretary").type is QuestionType.YES_NO
    assert [o.label for o in q.question("prep_secretary").options] == ["Có", "Không"]
    assert q.question("reason").max_length == 500
    assert q.question("photos").max_photos == 5
    optional = {question.id for question in q.questions if not question.required}
    assert optional == {"remarks", "proposals", "photos"}
    assert [c.id for c in q.rubric.criteria] == ["C1", "C2", "C3", "C4", "C5"]
    assert [c.name for c in q.rubric.criteria] == [
        "Tỷ lệ đảng viên dự họp",
        "Công tác chuẩn bị",
        "Các bước và nội dung",
        "Nguyên tắc sinh hoạt đảng",
        "Kết quả thực hiện nghị quyết",
    ]
    assert all(c.points == 20 for c in q.rubric.criteria)
    assert q.rubric.parameters == {
        "attendance_min": 0.85,
        "duration_min": 90,
        "speakers_min": 0.3,
        "results_min": 0.7,
        "results_full": 0.9,
    }
    assert [(g.min, g.label) for g in q.rubric.grades] == [
        (90, "Tốt"),
        (70, "Khá"),
        (50, "Trung bình"),
        (0, "Kém"),
    ]


def test_default_full_report_questions_depend_on_status() -> None:
    q = load_questionnaire(None)
    for question in q.questions[3:]:
        assert question.when is not None
        assert "status == 'held'" in question.when.text, question.id
    thematic = q.question("thematic_topic").when
    assert thematic is not None and "meeting_type == 'thematic'" in thematic.text


def test_load_none_is_the_shipped_file() -> None:
    assert load_questionnaire(None) == load_questionnaire(DEFAULT_PATH)


def test_minimal_file_loads(tmp_path: Path) -> None:
    q = load_questionnaire(write(tmp_path, MINIMAL, "mini.yaml"))
    assert q.question("present").min == 0
    assert q.has_question("status") and not q.has_question("nope")
    assert q.index("present") == 1
    with pytest.raises(KeyError):
        q.question("nope")


def test_unquoted_versions_and_yes_no_ids_are_understood(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace('version: "1"\ntitle', "version: 2026.1\ntitle")
        .replace("{id: held, label: Có}", "{id: yes, label: Có}")
        .replace("status == 'held'", "status == 'yes'")
    )
    q = load_questionnaire(write(tmp_path, text))
    assert q.version == "2026.1"
    assert q.question("status").option_ids == ("yes", "cancelled")


def mutate(change: Callable[[Data], None]) -> Data:
    data = copy.deepcopy(default_data())
    change(data)
    return data


def _set(question_id: str, **fields: object) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        questions(data)[question_id].update(fields)

    return change


def _append_question(**fields: object) -> Callable[[Data], None]:
    return lambda data: data["questions"].append(dict(fields))


CASES: list[tuple[str, Callable[[Data], None], str]] = [
    (
        "unknown type",
        _set("present", type="number"),
        "question 'present': unknown type 'number' (expected one of: 'choice', 'multi_choice'",
    ),
    (
        "duplicate question",
        _append_question(id="present", type="integer", prompt="Lại?"),
        "duplicate id: question 'present' is used twice",
    ),
    (
        "duplicate option",
        lambda d: questions(d)["status"]["options"].append({"id": "held", "label": "Lại"}),
        "question 'status': duplicate option id 'held'",
    ),
    (
        "duplicate derived",
        lambda d: d["derived"].append({"id": "eligible", "expr": "1"}),
        "duplicate id: derived value 'eligible' is used twice",
    ),
    (
        "derived named like a question",
        lambda d: d["derived"].append({"id": "present", "expr": "1"}),
        "duplicate id: derived value 'present' is also a question",
    ),
    (
        "duplicate criterion",
        lambda d: d["rubric"]["criteria"].append(dict(d["rubric"]["criteria"][0])),
        "duplicate id: rubric criterion 'C1' is used twice",
    ),
    (
        "bad when syntax",
        _set("present", when="status = 'held'"),
        "question 'present': when: expression \"status = 'held'\": invalid syntax",
    ),
    (
        "forbidden when",
        _set("present", when="status.upper() == 'HELD'"),
        "question 'present': when: expression \"status.upper() == 'HELD'\": attribute access",
    ),
    (
        "unknown name in when",
        _set("absent_excused", when="status == 'held' and presnt > 0"),
        "question 'absent_excused': condition names unknown question 'presnt'",
    ),
    (
        "when on a later question",
        _set("members_total", when="present > 0"),
        "question 'members_total': condition names question 'present' which is not asked before it",
    ),
    (
        "when on itself",
        _set("present", when="present > 0"),
        "question 'present': condition names question 'present' which is not asked before it",
    ),
    (
        "when with a wrong option id",
        _set("present", when="status == 'helf'"),
        "question 'present': condition compares 'status' with 'helf', which is not one of its"
        " options (held, postponed, cancelled, absent)",
    ),
    (
        "check with unknown name",
        _set("present", checks=[{"rule": "present <= membres_total", "message": "Sai"}]),
        "question 'present': check 1 names unknown question 'membres_total'",
    ),
    (
        "check message with unknown placeholder",
        _set("present", checks=[{"rule": "present <= 5", "message": "Tối đa {limit}"}]),
        "question 'present': check 1 message names unknown question 'limit'",
    ),
    (
        "check message with a bad placeholder",
        _set("present", checks=[{"rule": "present <= 5", "message": "Tối đa {a.b}"}]),
        "question 'present': check 1: message: expression 'a.b': attribute access",
    ),
    (
        "derived with unknown name",
        lambda d: d["derived"].append({"id": "x", "expr": "nothing + 1"}),
        "derived 'x': expression names unknown question 'nothing'",
    ),
    (
        "derived bad syntax",
        lambda d: d["derived"].append({"id": "x", "expr": "present +"}),
        "derived 'x': expr: expression 'present +': invalid syntax",
    ),
    (
        "criterion with unknown name",
        lambda d: d["rubric"]["criteria"][0]["checks"][0].update(value="attendance"),
        "rubric criterion 'C1': expression names unknown question 'attendance'",
    ),
    (
        "criterion with a wrong option id",
        lambda d: d["rubric"]["criteria"][3]["checks"][0].update(holds="principles == 'tot'"),
        "rubric criterion 'C4': expression compares 'principles' with 'tot'",
    ),
    (
        "applies_when with unknown name",
        lambda d: d["rubric"].update(applies_when="held"),
        "rubric: applies_when names unknown question 'held'",
    ),
    (
        "choice without options",
        _set("minutes", options=[]),
        "question 'minutes': choice questions need options",
    ),
    (
        "options on an integer",
        _set("present", options=[{"id": "a", "label": "A"}]),
        "question 'present': integer questions cannot have options",
    ),
    ("min above max", _set("present", min=10, max=5), "question 'present': min (10) is greater"),
    (
        "multi min above the options",
        _set("steps", min=11),
        "question 'steps': min (11) is more than the number of options (10)",
    ),
    (
        "min on a text",
        _set("reason", min=1),
        "question 'reason': min/max only apply to integer and multi_choice questions",
    ),
    (
        "bad option id",
        lambda d: questions(d)["status"]["options"].append({"id": "Bad Id", "label": "x"}),
        "question 'status': option 'Bad Id': id: String should match pattern",
    ),
    (
        "bad question id",
        _append_question(id="Present", type="integer", prompt="?"),
        "question 'Present': id: String should match pattern",
    ),
    (
        "reserved question id",
        _append_question(id="len", type="integer", prompt="?"),
        "question 'len': 'len' is a reserved word",
    ),
    ("typo in a field", _set("present", whn="x"), "question 'present': unknown field 'whn'"),
    (
        "missing prompt",
        lambda d: questions(d)["present"].pop("prompt"),
        "question 'present': missing field 'prompt'",
    ),
    (
        "grades out of order",
        lambda d: d["rubric"].update(grades=[{"min": 50, "label": "B"}, {"min": 90, "label": "A"}]),
        "rubric grades must go from the highest min to the lowest: [50, 90]",
    ),
    (
        "no criteria",
        lambda d: d["rubric"].update(criteria=[]),
        "rubric: criteria: Tuple should have at least 1 item",
    ),
    ("no rubric", lambda d: d.pop("rubric"), "missing field 'rubric'"),
    (
        "yes_no with other options",
        _set("prep_draft", options=[{"id": "co", "label": "Có"}, {"id": "khong", "label": "K"}]),
        "question 'prep_draft': yes_no options must be exactly 'yes' and 'no'",
    ),
    (
        "parameter named like a question",
        lambda d: d["rubric"]["parameters"].update(present=1),
        "duplicate id: rubric parameter 'present' is also a question",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_file_names_file_question_and_problem(
    tmp_path: Path, change: Callable[[Data], None], expected: str
) -> None:
    assert expected in load_error(tmp_path, mutate(change))


def test_when_may_use_derived_values_of_earlier_questions(tmp_path: Path) -> None:
    ok = MINIMAL.replace(
        "derived:\n", "  - {id: note, type: text, prompt: Ghi chú, when: double > 4}\nderived:\n"
    )
    assert load_questionnaire(write(tmp_path, ok)).question("note").when is not None
    late = MINIMAL.replace(
        "  - id: present\n",
        "  - {id: note, type: text, prompt: Ghi chú, when: double > 4}\n  - id: present\n",
    )
    assert "condition names derived value 'double' which needs a question not asked before it" in (
        load_error(tmp_path, late)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: [unclosed", "invalid YAML at line 1"),
        ("- just\n- a list\n", "the file must be a mapping"),
        ("", "the file must be a mapping"),
    ],
)
def test_not_a_questionnaire(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in load_error(tmp_path, text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"nowhere\.yaml: cannot read the file"):
        load_questionnaire(tmp_path / "nowhere.yaml")


def test_parse_questionnaire_names_the_source() -> None:
    with pytest.raises(QuestionnaireError, match=r"^inline: missing field 'id'"):
        parse_questionnaire({"version": "1"}, source="inline")
