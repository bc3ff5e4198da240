"""One-tap answers of the default questionnaire: derived, defaulted, suggested, grouped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.questionnaire.engine import (
    Action,
    Answer,
    Choose,
    ChooseAll,
    Draft,
    Edit,
    QuestionScreen,
    ReviewScreen,
    Screen,
    Shortcut,
    Skip,
    progress,
    start,
    step,
)
from bot.questionnaire.model import (
    DEFAULT_PATH,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)

CONTEXT: dict[str, object] = {
    "meeting_date": "2026-03-05",
    "today": "2026-03-06",
    "members_roster": 25,
    "cell_committee": "unknown",
    "planned_start": "19:30",
    "previous": {},
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None)


def ask(screen: Screen) -> QuestionScreen:
    assert isinstance(screen, QuestionScreen), screen
    return screen


def until_exempt(q: Questionnaire, context: dict[str, object] = CONTEXT) -> tuple[Draft, Screen]:
    draft, screen = start(q, context)
    for action in (Choose("held"), Choose("regular"), Answer("19:30"), Answer("21:30")):
        draft, screen = step(q, draft, action, context)
    return draft, screen


def test_start_time_offers_the_planned_time(q: Questionnaire) -> None:
    draft, _ = start(q, CONTEXT)
    for action in (Choose("held"), Choose("regular")):
        draft, screen = step(q, draft, action, CONTEXT)
    asked = ask(screen)
    assert (asked.question.id, asked.prefill, asked.prefill_note) == (
        "start_time",
        "19:30",
        "theo lịch",
    )


def test_end_time_offers_three_times_after_the_start(q: Questionnaire) -> None:
    draft, _ = start(q, CONTEXT)
    for action in (Choose("held"), Choose("regular"), Answer("19h30")):
        draft, screen = step(q, draft, action, CONTEXT)
    assert ask(screen).suggestions == ("21:00", "21:30", "22:00")


def test_exempt_count_of_the_previous_report_is_offered(q: Questionnaire) -> None:
    _, screen = until_exempt(q, {**CONTEXT, "previous": {"members_exempt": 3}})
    asked = ask(screen)
    assert (asked.question.id, asked.prefill, asked.prefill_from_previous) == (
        "members_exempt", 3, True
    )  # fmt: skip
    _, screen = until_exempt(q)
    assert ask(screen).prefill is None  # no previous report: nothing to repeat


def test_preparation_shortcut_answers_the_three_questions(q: Questionnaire) -> None:
    draft, _ = until_exempt(q)
    for text in ("2", "21", "2"):
        draft, screen = step(q, draft, Answer(text), CONTEXT)
    asked = ask(screen)
    assert asked.question.id == "prep_secretary" and asked.shortcut == "✅ Có cả ba"
    assert len(asked.group_prompts) == 3
    after, screen = step(q, draft, Shortcut(), CONTEXT)
    assert ask(screen).question.id == "steps"
    assert [after.answers[k] for k in ("prep_secretary", "prep_committee", "prep_draft")] == [
        "yes", "yes", "yes"
    ]  # fmt: skip
    # Once one of them is answered one by one, the shortcut is no longer offered.
    one, screen = step(q, draft, Choose("no"), CONTEXT)
    assert ask(screen).shortcut is None
    unchanged, screen = step(q, one, Shortcut(), CONTEXT)
    assert unchanged == one and ask(screen).error is not None


def test_all_steps_in_one_tap(q: Questionnaire) -> None:
    draft, _ = until_exempt(q)
    for action in (Answer("2"), Answer("21"), Answer("2"), Shortcut()):
        draft, _ = step(q, draft, action, CONTEXT)
    draft, screen = step(q, draft, ChooseAll(), CONTEXT)
    assert draft.answers["steps"] == list(q.question("steps").option_ids)
    assert ask(screen).question.id == "speakers"


def test_closing_shortcut_skips_the_optional_texts_and_photos_wait_on_review(
    q: Questionnaire,
) -> None:
    draft, _ = until_exempt(q)
    actions: list[Action] = [
        Answer("2"), Answer("21"), Answer("2"), Shortcut(), ChooseAll(), Answer("8"),
        Choose("full"), Choose("good"), Choose("ge90"), Choose("tot"),
    ]  # fmt: skip
    for action in actions:
        draft, screen = step(q, draft, action, CONTEXT)
    assert ask(screen).shortcut == "Không có gì thêm"
    draft, review = step(q, draft, Shortcut(), CONTEXT)
    assert isinstance(review, ReviewScreen)
    assert {k: draft.answers[k] for k in ("situation", "remarks", "proposals", "photos")} == {
        "situation": None, "remarks": None, "proposals": None, "photos": None
    }  # fmt: skip
    assert review.extras == (("photos", "Ảnh"),)
    shown = {item.question_id: item.shown_value for item in review.items}
    assert "photos" not in shown and shown["members_total"] == "25"
    draft, screen = step(q, draft, Edit("photos"), CONTEXT)
    assert ask(screen).question.id == "photos"
    assert review.verdict is not None and review.verdict.score == 100


def test_the_total_never_shrinks_on_the_default_path(q: Questionnaire) -> None:
    draft, _ = start(q, CONTEXT)
    path: list[Action] = [
        Choose("held"), Choose("regular"), Answer("19:30"), Answer("21:30"), Answer("2"),
        Answer("21"), Answer("2"), Choose("yes"), Choose("yes"), Choose("yes"), ChooseAll(),
        Answer("8"), Choose("full"), Choose("good"), Choose("ge90"), Choose("tot"), Skip(), Skip(),
    ]  # fmt: skip
    seen = [progress(q, draft, CONTEXT)]
    for action in path:
        draft, _ = step(q, draft, action, CONTEXT)
        seen.append(progress(q, draft, CONTEXT))
    assert [n for n, _ in seen] == list(range(1, len(seen) + 1))
    assert {total for _, total in seen} == {19}
    # A thematic meeting adds its topic: the total grows, it never shrinks.
    draft, _ = start(q, CONTEXT)
    draft, _ = step(q, draft, Choose("held"), CONTEXT)
    draft, _ = step(q, draft, Choose("thematic"), CONTEXT)
    assert progress(q, draft, CONTEXT) == (3, 20)


def test_every_question_has_a_short_label(q: Questionnaire) -> None:
    assert all(question.short for question in q.questions)
    assert q.question("remarks").prompt == "Nhận xét của đồng chí về buổi sinh hoạt?"
    assert q.question("situation").prompt.startswith("Tình hình nổi bật ở cơ sở")
    assert q.index("thematic_topic") == q.index("meeting_type") + 1


def test_a_draft_of_the_previous_questionnaire_continues(q: Questionnaire) -> None:
    # Saved under 2026.2: unexcused absences were asked, members_total was typed.
    old = Draft(
        answers={
            "status": "held",
            "meeting_type": "regular",
            "start_time": "19:30",
            "end_time": "21:30",
            "members_total": 24,
            "members_exempt": 2,
            "present": 20,
            "absent_excused": 2,
            "absent_unexcused": 0,
        },
        current="absent_unexcused",
        returning_to_review=False,
    )
    draft, screen = step(q, old, Shortcut(), CONTEXT)
    assert "absent_unexcused" not in draft.answers
    assert draft.answers["members_total"] == 24  # the cadre's own number is kept
    assert ask(screen).question.id == "steps"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["questions"][0].update(group="nope"), "group 'nope' is not in `groups`"),
        (lambda d: d["questions"][-1].update(required=True), "must be optional"),
        (lambda d: d["questions"][0].update(all_label="x"), "all_label only applies"),
        (lambda d: d["questions"][0].update(short="x" * 25), "at most 24 characters"),
        (
            lambda d: (
                d["groups"].append({"id": "bad", "shortcut": "x", "value": "maybe"})
                or d["questions"][0].update(group="bad")
            ),
            "not an option",
        ),
    ],
)
def test_new_features_are_validated(change: object, problem: str, tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert callable(change)
    change(data)
    with pytest.raises(QuestionnaireError, match=problem):
        parse_questionnaire(data)
