"""Property tests: random input sequences never break the engine's invariants."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.questionnaire.answers import check_value
from bot.questionnaire.engine import (
    Action,
    Answer,
    Back,
    Choose,
    ChooseAll,
    Done,
    DoneScreen,
    Draft,
    Edit,
    Photo,
    QuestionScreen,
    ReviewScreen,
    Screen,
    Shortcut,
    Skip,
    Submit,
    Toggle,
    relevant_questions,
    start,
    step,
)
from bot.questionnaire.model import Question, QuestionType, load_questionnaire
from bot.questionnaire.rubric import environment

Q = load_questionnaire(None)
CONTEXT: dict[str, object] = {
    "meeting_date": "2026-03-05",
    "today": "2026-03-06",
    "members_roster": 25,
    "cell_committee": "unknown",
}
TEXTS = [
    "0", "1", "2", "3", "5", "8", "20", "21", "23", "25", "25 người", "-1", "2.5", "hai", "",
    "   ", "501", "19h30", "21:15", "7h", "19:00", "24:00", "5/3", "12/03/2026", "31/02/2026",
    "2026-04-01", "Mưa bão", "Đề nghị hỗ trợ", "x" * 600, "held", "yes",
]  # fmt: skip
OPTION_IDS = sorted({option.id for question in Q.questions for option in question.options})
QUESTION_IDS = [question.id for question in Q.questions]

random_actions: st.SearchStrategy[Action] = st.one_of(
    st.sampled_from(TEXTS).map(Answer),
    st.sampled_from([*OPTION_IDS, "nope"]).map(Choose),
    st.sampled_from([*OPTION_IDS, "nope"]).map(Toggle),
    st.just(Done()),
    st.sampled_from(["p1", "p2", "p3", "p4", "p5", "p6", "p7"]).map(Photo),
    st.just(Back()),
    st.just(Skip()),
    st.sampled_from([*QUESTION_IDS, "nope"]).map(Edit),
    st.just(Submit()),
    st.just(ChooseAll()),
    st.just(Shortcut()),
)


# One consistent held report: offered first, so random runs reach review and submit.
GOOD: dict[str, Action] = {
    "status": Choose("held"),
    "new_date": Answer("10/03/2026"),
    "reason": Answer("Mưa bão"),
    "meeting_type": Choose("regular"),
    "start_time": Answer("19h30"),
    "end_time": Answer("21:15"),
    "members_total": Answer("25"),
    "members_exempt": Answer("2"),
    "present": Answer("21"),
    "absent_excused": Answer("2"),
    "speakers": Answer("8"),
    "thematic_topic": Answer("Chủ đề năm 2026"),
    "situation": Shortcut(),  # "nothing more": skips the closing group
    "remarks": Answer("Ý kiến"),
    "proposals": Skip(),
    "photos": Photo("p1"),
}
VARIANTS = {
    QuestionType.INTEGER: ["0", "1", "3", "20", "23", "25"],
    QuestionType.TIME: ["18:00", "19h30", "21:15", "22h"],
    QuestionType.DATE: ["10/03/2026", "4/3", "1/6/2026"],
    QuestionType.TEXT: ["Mưa bão", "Chủ đề năm 2026"],
}


def helpful(
    question: Question | None,
) -> tuple[st.SearchStrategy[Action], st.SearchStrategy[Action]]:
    """(good, variant) inputs that fit the open question, so random runs get deep."""
    if question is None:
        return st.just(Submit()), st.sampled_from(QUESTION_IDS).map(Edit)
    ids = list(question.option_ids)
    good = [GOOD[question.id]] if question.id in GOOD else []
    variants: st.SearchStrategy[Action]
    match question.type:
        case QuestionType.CHOICE | QuestionType.YES_NO:
            good = good or [Choose(ids[0])]
            variants = st.sampled_from(ids).map(Choose)
        case QuestionType.MULTI_CHOICE:
            good = [Toggle(ids[0]), Done()]
            variants = st.sampled_from(ids).map(Toggle)
        case QuestionType.PHOTOS:
            variants = st.one_of(st.sampled_from(["p1", "p2"]).map(Photo), st.just(Done()))
            good = [Done(), *good]
        case _:
            variants = st.sampled_from(VARIANTS[question.type]).map(Answer)
    return st.sampled_from(good), variants


def check_invariants(before: Draft, action: Action, draft: Draft, screen: Screen) -> None:
    relevant = relevant_questions(Q, draft.answers, CONTEXT)
    relevant_ids = {question.id for question in relevant}
    # every stored answer belongs to a currently relevant question and has a valid value
    assert set(draft.answers) <= relevant_ids
    for question_id, value in draft.answers.items():
        check_value(Q.question(question_id), value)
    # the open question is relevant; the screen shows it
    assert draft.current is None or draft.current in relevant_ids
    if isinstance(screen, QuestionScreen):
        assert screen.question.id == draft.current
    else:
        assert draft.current is None
        assert relevant_ids <= set(draft.answers)  # review only when nothing is left to ask
    # the draft survives storage as JSON
    assert Draft.from_json(json.loads(json.dumps(draft.to_json()))) == draft
    # a refused input changes nothing (Submit may move to the question it blames)
    if getattr(screen, "error", None) is not None and not isinstance(action, Submit):
        assert draft == before
    # an option of another question is never written anywhere
    if (
        isinstance(action, Choose | Toggle)
        and before.current is not None
        and action.option_id not in Q.question(before.current).option_ids
    ):
        assert draft == before
    if isinstance(screen, DoneScreen):
        assert isinstance(action, Submit)
        assert set(screen.answers) == relevant_ids
        env = environment(Q, screen.answers, CONTEXT)
        for question in relevant:
            if question.required:
                assert screen.answers[question.id] is not None
            for check in question.checks:  # a submitted report passes every cross-field check
                assert check.rule.evaluate(env) is not False, (question.id, check.rule.text)
    if isinstance(action, Submit) and before.current is not None:
        assert not isinstance(screen, DoneScreen)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_random_inputs_keep_invariants(data: st.DataObject) -> None:
    draft, screen = start(Q, CONTEXT)
    check_invariants(draft, Back(), draft, screen)
    steps = data.draw(st.integers(5, 40), label="steps")
    for _ in range(steps):
        question = Q.question(draft.current) if draft.current is not None else None
        good, variant = helpful(question)
        roll = data.draw(st.integers(0, 99), label="roll")
        # Mostly the consistent report, so runs reach review, edits and submit; often not.
        chosen = random_actions if roll < 15 else variant if roll < 35 else good
        action = data.draw(chosen)
        before = draft
        draft, screen = step(Q, draft, action, CONTEXT)
        check_invariants(before, action, draft, screen)
        assert isinstance(screen, QuestionScreen | ReviewScreen | DoneScreen)


@settings(max_examples=50, deadline=None)
@given(st.lists(random_actions, max_size=25))
def test_purely_random_sequences_keep_invariants(actions: list[Action]) -> None:
    draft, _ = start(Q, CONTEXT)
    for action in actions:
        before = draft
        draft, screen = step(Q, draft, action, CONTEXT)
        check_invariants(before, action, draft, screen)
