"""The questionnaire engine driven like a cadre would: answers, back, skip, edit, submit."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.questionnaire.engine import (
    CANNOT_EDIT,
    CANNOT_SKIP,
    FOREIGN_OPTION,
    ON_REVIEW,
    SUBMIT_TOO_EARLY,
    USE_BUTTONS,
    Action,
    Answer,
    Back,
    Choose,
    Done,
    DoneScreen,
    Draft,
    Edit,
    Photo,
    QuestionScreen,
    ReviewScreen,
    Screen,
    Skip,
    Submit,
    Toggle,
    derived_values,
    display_value,
    relevant_questions,
    start,
    step,
)
from bot.questionnaire.engine import screen as engine_screen
from bot.questionnaire.model import Questionnaire, load_questionnaire

CONTEXT: dict[str, object] = {
    "meeting_date": "2026-03-05",
    "today": "2026-03-06",
    "members_roster": 25,
}
COMPLIANT_STEPS = ["open", "review_prev", "plan_next", "discussion", "vote", "conclude"]


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(None)


def full_report() -> list[Action]:
    """A complete, fully compliant report of a held regular meeting."""
    return [
        Choose("held"),
        Choose("regular"),
        Answer("19h30"),
        Answer("21:15"),
        Answer("25"),
        Answer("2"),
        Answer("21 người"),
        Answer("2"),
        Answer("0"),
        Choose("yes"),
        Choose("yes"),
        Choose("yes"),
        *[Toggle(step_id) for step_id in COMPLIANT_STEPS],
        Done(),
        Answer("8"),
        Choose("full"),
        Choose("good"),
        Choose("ge90"),
        Choose("tot"),
        Skip(),
        Answer("  Đề nghị cấp trên hỗ trợ tài liệu  "),
        Photo("photo-1"),
        Photo("photo-2"),
        Done(),
    ]


def run(
    q: Questionnaire, actions: Sequence[Action], draft: Draft | None = None
) -> tuple[Draft, Screen]:
    """Apply the actions, failing loudly on any error shown on the way."""
    screen: Screen
    if draft is None:
        draft, screen = start(q, CONTEXT)
    for action in actions:
        draft, screen = step(q, draft, action, CONTEXT)
        error = getattr(screen, "error", None)
        assert error is None, (action, error)
    return draft, screen


def ask(screen: Screen) -> QuestionScreen:
    assert isinstance(screen, QuestionScreen), screen
    return screen


def answer_until(q: Questionnaire, question_id: str) -> tuple[Draft, QuestionScreen]:
    """Answer the compliant report until `question_id` is the open question."""
    draft, screen = start(q, CONTEXT)
    for action in full_report():
        if ask(screen).question.id == question_id:
            return draft, ask(screen)
        draft, screen = step(q, draft, action, CONTEXT)
    raise AssertionError(f"never reached {question_id}")


def test_start_asks_status(q: Questionnaire) -> None:
    draft, screen = start(q, CONTEXT)
    screen = ask(screen)
    assert screen.question.id == "status"
    assert (screen.can_go_back, screen.can_skip, screen.error) == (False, False, None)
    assert draft == Draft(answers={}, current="status", returning_to_review=False)


def test_complete_report_ends_in_done_screen(q: Questionnaire) -> None:
    draft, review = run(q, full_report())
    assert isinstance(review, ReviewScreen)
    shown = {item.question_id: item.shown_value for item in review.items}
    assert shown["status"] == "Có, đã diễn ra"
    assert shown["remarks"] == "(bỏ qua)"
    assert shown["photos"] == "2 ảnh"
    assert "thematic_topic" not in shown and "new_date" not in shown
    assert review.derived == (
        ("Số đảng viên phải dự", "23"),
        ("Thời lượng (phút)", "105"),
        ("Tỷ lệ dự họp", "91,3%"),
        ("Tỷ lệ đảng viên phát biểu", "38,1%"),
    )
    _, done = step(q, draft, Submit(), CONTEXT)
    assert isinstance(done, DoneScreen)
    assert done.answers == {
        "status": "held",
        "meeting_type": "regular",
        "start_time": "19:30",
        "end_time": "21:15",
        "members_total": 25,
        "members_exempt": 2,
        "present": 21,
        "absent_excused": 2,
        "absent_unexcused": 0,
        "prep_secretary": "yes",
        "prep_committee": "yes",
        "prep_draft": "yes",
        "steps": COMPLIANT_STEPS,
        "speakers": 8,
        "minutes": "full",
        "principles": "good",
        "resolution_results": "ge90",
        "cell_rating": "tot",
        "remarks": None,
        "proposals": "Đề nghị cấp trên hỗ trợ tài liệu",
        "photos": ["photo-1", "photo-2"],
    }
    assert done.derived == {
        "eligible": 23,
        "duration_minutes": 105,
        "attendance_ratio": 21 / 23,
        "speakers_ratio": 8 / 21,
        "resolution_rate": 0.9,
    }
    assert done.verdict is not None
    assert (done.verdict.meets_standard, done.verdict.failing) == (True, ())
    assert (done.verdict.score, done.verdict.grade, done.verdict.self_rating) == (100, "Tốt", "Tốt")


def test_failing_report_lists_criteria(q: Questionnaire) -> None:
    actions = full_report()
    actions[3] = Answer("20:30")  # one hour only: C3
    actions[8] = Answer("1")  # one unexcused absence ...
    actions[7] = Answer("1")  # ... and one fewer excused, so the total still adds up: C1
    draft, _ = run(q, actions)
    _, done = step(q, draft, Submit(), CONTEXT)
    assert isinstance(done, DoneScreen)
    verdict = done.verdict
    assert verdict is not None and not verdict.meets_standard
    assert verdict.failing == (("C1", "Tỷ lệ đảng viên dự họp"), ("C3", "Các bước và nội dung"))
    assert verdict.reasons == ("Vắng không lý do 1 đảng viên > 0", "Thời gian 60 phút < 90")
    # C1 keeps half (attendance holds), C3 loses a third of one of its eight checks.
    assert (verdict.score, verdict.grade, verdict.rating_disagrees) == (89, "Khá", True)


def test_postponed_meeting_is_a_short_report(q: Questionnaire) -> None:
    draft, screen = run(q, [Choose("postponed")])
    assert ask(screen).question.id == "new_date"
    draft, review = run(q, [Answer("12/3")], draft)
    assert isinstance(review, ReviewScreen)
    assert [(i.question_id, i.shown_value) for i in review.items] == [
        ("status", "Hoãn sang ngày khác"),
        ("new_date", "12/03/2026"),
    ]
    assert review.verdict is None and review.derived == ()
    _, done = step(q, draft, Submit(), CONTEXT)
    assert isinstance(done, DoneScreen)
    assert done.answers == {"status": "postponed", "new_date": "2026-03-12"}
    assert done.verdict is None


@pytest.mark.parametrize("status", ["cancelled", "absent"])
def test_cancelled_or_absent_asks_reason(q: Questionnaire, status: str) -> None:
    draft, screen = run(q, [Choose(status)])
    assert ask(screen).question.id == "reason"
    draft, screen = step(q, draft, Skip(), CONTEXT)
    assert ask(screen).error == CANNOT_SKIP
    _, review = run(q, [Answer("Mưa bão, đường ngập")], draft)
    assert isinstance(review, ReviewScreen)


@pytest.mark.parametrize(
    ("new_date", "ok"),
    [("06/03/2026", True), ("4/5/2026", True), ("05/03/2026", False), ("5/5/2026", False)],
)
def test_new_date_after_meeting_within_60_days(q: Questionnaire, new_date: str, ok: bool) -> None:
    draft, _ = run(q, [Choose("postponed")])
    after, screen = step(q, draft, Answer(new_date), CONTEXT)
    if ok:
        assert isinstance(screen, ReviewScreen)
    else:
        assert ask(screen).error == "Ngày mới phải sau ngày họp cũ và trong vòng 60 ngày."
        assert after == draft


def test_inconsistent_attendance_is_refused(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "absent_unexcused")
    after, screen = step(q, draft, Answer("3"), CONTEXT)
    shown = ask(screen)
    assert shown.question.id == "absent_unexcused"
    assert shown.error == (
        "Tổng số có mặt và vắng phải bằng số đảng viên phải dự: cần 23, hiện là 26"
        " (21 có mặt + 2 vắng có lý do + 3 vắng không lý do)."
    )
    assert after == draft


def test_present_above_eligible_is_refused(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "present")
    after, screen = step(q, draft, Answer("24"), CONTEXT)
    assert ask(screen).error == (
        "Số có mặt không thể lớn hơn số đảng viên phải dự (23 = 25 − 2 được miễn)."
    )
    assert after == draft


def test_end_before_start_is_refused(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "end_time")
    after, screen = step(q, draft, Answer("19h"), CONTEXT)
    assert ask(screen).error == "Giờ kết thúc phải sau giờ bắt đầu (19:30)."
    assert after == draft


def test_exempt_above_total_and_speakers_above_present(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "members_exempt")
    _, screen = step(q, draft, Answer("26"), CONTEXT)
    assert "không thể lớn hơn tổng số đảng viên (25)" in str(ask(screen).error)
    draft, _ = answer_until(q, "speakers")
    _, screen = step(q, draft, Answer("22"), CONTEXT)
    assert ask(screen).error == "Số đảng viên phát biểu không thể lớn hơn số có mặt (21)."


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("hai mươi", "Vui lòng nhập một số nguyên, ví dụ: 25."),
        ("25.5", "Vui lòng nhập số nguyên, không có phần thập phân."),
        ("0", "Số phải từ 1 đến 500."),
    ],
)
def test_text_where_a_number_is_expected(q: Questionnaire, text: str, error: str) -> None:
    draft, _ = answer_until(q, "members_total")
    after, screen = step(q, draft, Answer(text), CONTEXT)
    assert ask(screen).error == error
    assert after == draft


def test_members_total_offers_the_roster_as_prefill(q: Questionnaire) -> None:
    draft, asked = answer_until(q, "members_total")
    assert asked.prefill == 25
    draft, screen = step(q, draft, Answer(str(asked.prefill)), CONTEXT)
    assert draft.answers["members_total"] == 25
    shown = ask(screen)
    assert shown.question.id == "members_exempt" and shown.prefill is None


def test_foreign_option_changes_nothing(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "minutes")
    for action in (Choose("held"), Choose("good"), Choose("nonsense"), Toggle("full")):
        after, screen = step(q, draft, action, CONTEXT)
        shown = ask(screen)
        assert (shown.question.id, shown.error) == ("minutes", FOREIGN_OPTION)
        assert after == draft


@pytest.mark.parametrize(
    ("question_id", "action", "error"),
    [
        ("status", Answer("Có"), USE_BUTTONS),
        ("steps", Answer("Thảo luận"), USE_BUTTONS),
        ("members_total", Choose("held"), FOREIGN_OPTION),
        ("start_time", Done(), "Câu hỏi này không có bước «Xong»; vui lòng trả lời câu hỏi."),
        ("start_time", Photo("x"), "Câu hỏi này không nhận ảnh."),
        ("start_time", Submit(), SUBMIT_TOO_EARLY),
        ("start_time", Edit("speakers"), CANNOT_EDIT),  # not answered yet: no jumping ahead
        ("start_time", Edit("thematic_topic"), CANNOT_EDIT),  # not relevant
        ("start_time", Edit("no_such_question"), CANNOT_EDIT),
        ("photos", Answer("đây"), "Câu hỏi này cần gửi ảnh, rồi bấm «Xong»."),
        ("steps", Done(), "Vui lòng chọn ít nhất 1 mục."),
    ],
)
def test_inputs_that_do_not_fit(
    q: Questionnaire, question_id: str, action: Action, error: str
) -> None:
    draft, _ = answer_until(q, question_id)
    after, screen = step(q, draft, action, CONTEXT)
    shown = ask(screen)
    assert (shown.question.id, shown.error) == (question_id, error)
    assert after == draft


def test_back_shows_previous_answer(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "members_total")
    draft, screen = step(q, draft, Back(), CONTEXT)
    screen = ask(screen)
    assert (screen.question.id, screen.value, screen.can_go_back) == ("end_time", "21:15", True)
    draft, screen = step(q, draft, Answer("21:30"), CONTEXT)
    assert ask(screen).question.id == "members_total"
    assert draft.answers["end_time"] == "21:30"


def test_back_on_first_question_does_nothing(q: Questionnaire) -> None:
    draft, _ = start(q, CONTEXT)
    after, screen = step(q, draft, Back(), CONTEXT)
    shown = ask(screen)
    assert (shown.question.id, shown.error) == ("status", None)
    assert after == draft


def test_back_skips_irrelevant_questions(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "meeting_type")
    _, screen = step(q, draft, Back(), CONTEXT)
    assert ask(screen).question.id == "status"  # not new_date or reason


def test_back_into_multi_choice_restores_selection(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "speakers")
    draft, screen = step(q, draft, Back(), CONTEXT)
    assert ask(screen).selected == tuple(COMPLIANT_STEPS)
    draft, screen = step(q, draft, Toggle("praise"), CONTEXT)
    draft, screen = step(q, draft, Toggle("open"), CONTEXT)
    selected = ask(screen).selected
    assert "praise" in selected and "open" not in selected
    draft, screen = step(q, draft, Done(), CONTEXT)
    assert ask(screen).question.id == "speakers"
    assert draft.answers["steps"] == ["review_prev", "plan_next", "discussion", "praise", "vote",
                                      "conclude"]  # fmt: skip


def test_choose_on_multi_choice_toggles(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "steps")
    draft, screen = step(q, draft, Choose("vote"), CONTEXT)
    assert ask(screen).selected == ("vote",)
    draft, screen = step(q, draft, Choose("vote"), CONTEXT)
    assert ask(screen).selected == ()


def test_skip_optional_and_required(q: Questionnaire) -> None:
    draft, asked = answer_until(q, "remarks")
    assert asked.can_skip
    draft, screen = step(q, draft, Skip(), CONTEXT)
    assert draft.answers["remarks"] is None  # an explicit skip: not asked again
    assert ask(screen).question.id == "proposals"
    draft, asked = answer_until(q, "cell_rating")
    assert not asked.can_skip
    after, screen = step(q, draft, Skip(), CONTEXT)
    assert ask(screen).error == CANNOT_SKIP
    assert after == draft


def test_photos_done_without_photos_skips(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "photos")
    draft, screen = step(q, draft, Done(), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    assert draft.answers["photos"] is None


def test_photos_limit(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "photos")
    for n in range(5):
        draft, screen = step(q, draft, Photo(f"p{n}"), CONTEXT)
    assert ask(screen).selected == ("p0", "p1", "p2", "p3", "p4")
    after, screen = step(q, draft, Photo("p5"), CONTEXT)
    assert ask(screen).error == "Chỉ nhận tối đa 5 ảnh. Bấm «Xong» để tiếp tục."
    assert after == draft


def test_edit_from_review_returns_to_review(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    draft, screen = step(q, draft, Edit("speakers"), CONTEXT)
    assert draft.returning_to_review
    shown = ask(screen)
    assert (shown.question.id, shown.value) == ("speakers", 8)
    draft, screen = step(q, draft, Answer("10"), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    assert draft.current is None and not draft.returning_to_review
    assert draft.answers["speakers"] == 10


def test_edit_status_to_postponed_drops_the_full_report(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    draft, _ = step(q, draft, Edit("status"), CONTEXT)
    draft, screen = step(q, draft, Choose("postponed"), CONTEXT)
    assert draft.answers == {"status": "postponed"}
    assert ask(screen).question.id == "new_date"
    draft, screen = step(q, draft, Answer("10/03/2026"), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    assert draft.answers == {"status": "postponed", "new_date": "2026-03-10"}


def test_edit_to_thematic_asks_the_topic_then_returns_to_review(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    draft, _ = step(q, draft, Edit("meeting_type"), CONTEXT)
    draft, screen = step(q, draft, Choose("thematic"), CONTEXT)
    assert ask(screen).question.id == "thematic_topic"
    assert draft.returning_to_review
    draft, screen = step(q, draft, Answer("Học tập và làm theo tư tưởng Hồ Chí Minh"), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    assert "thematic_topic" in {item.question_id for item in screen.items}
    # and back to regular: the topic is dropped again
    draft, _ = step(q, draft, Edit("meeting_type"), CONTEXT)
    draft, screen = step(q, draft, Choose("regular"), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    assert "thematic_topic" not in draft.answers


def test_edit_that_breaks_a_later_check_is_caught_on_submit(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    draft, _ = step(q, draft, Edit("members_total"), CONTEXT)
    draft, screen = step(q, draft, Answer("20"), CONTEXT)
    assert isinstance(screen, ReviewScreen)
    draft, screen = step(q, draft, Submit(), CONTEXT)
    screen = ask(screen)
    assert screen.question.id == "present"
    assert screen.error == (
        "Số có mặt không thể lớn hơn số đảng viên phải dự (18 = 20 − 2 được miễn)."
    )
    assert draft.returning_to_review


def test_review_refuses_answers(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    for action in (Answer("5"), Choose("held"), Skip(), Done(), Edit("thematic_topic")):
        after, screen = step(q, draft, action, CONTEXT)
        assert isinstance(screen, ReviewScreen)
        assert screen.error in (ON_REVIEW, CANNOT_EDIT)
        assert after == draft


def test_back_from_review_opens_the_last_question(q: Questionnaire) -> None:
    draft, _ = run(q, full_report())
    draft, screen = step(q, draft, Back(), CONTEXT)
    shown = ask(screen)
    assert (shown.question.id, shown.selected) == ("photos", ("photo-1", "photo-2"))


def test_draft_json_round_trip_mid_report(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "steps")
    draft, _ = step(q, draft, Toggle("vote"), CONTEXT)
    restored = Draft.from_json(draft.to_json())
    assert restored == draft
    assert restored.pending_multi == ("vote",)
    _, screen = step(q, restored, Toggle("open"), CONTEXT)
    assert ask(screen).selected == ("open", "vote")


@pytest.mark.parametrize(
    "data",
    [
        {"answers": [], "current": None},
        {"answers": {"a": {"nested": 1}}, "current": None},
        {"answers": {}, "current": 5},
        {"answers": {}, "current": None, "pending_multi": "vote"},
        {"answers": {}, "current": None, "returning_to_review": "yes"},
    ],
)
def test_draft_from_json_rejects_other_shapes(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Draft.from_json(data)


def test_stale_draft_is_repaired(q: Questionnaire) -> None:
    # As if saved by an older questionnaire version: unknown ids and a wrong value are dropped.
    stale = Draft(
        answers={"status": "held", "gone": 1, "members_total": "many", "meeting_type": "regular"},
        current="gone",
        returning_to_review=False,
    )
    draft, screen = step(q, stale, Answer("19:00"), CONTEXT)
    assert draft.answers == {"status": "held", "meeting_type": "regular", "start_time": "19:00"}
    assert ask(screen).question.id == "end_time"


def test_relevant_questions_and_derived_values(q: Questionnaire) -> None:
    assert [x.id for x in relevant_questions(q, {}, CONTEXT)] == ["status"]
    held = [x.id for x in relevant_questions(q, {"status": "held"}, CONTEXT)]
    assert "thematic_topic" not in held and "new_date" not in held and len(held) == 21
    thematic = relevant_questions(q, {"status": "held", "meeting_type": "thematic"}, CONTEXT)
    assert "thematic_topic" in [x.id for x in thematic]
    # answers of an irrelevant question are ignored
    values = derived_values(q, {"status": "postponed", "members_total": 5}, CONTEXT)
    assert values["eligible"] is None
    values = derived_values(q, {"status": "held", "members_total": 5, "members_exempt": 1}, {})
    assert values["eligible"] == 4


def test_display_value_is_exported(q: Questionnaire) -> None:
    assert display_value(q.question("minutes"), "none") == "Không có"


def test_corrupt_pending_selection_is_reset(q: Questionnaire) -> None:
    draft, _ = answer_until(q, "steps")
    corrupt = Draft.from_json({**draft.to_json(), "pending_multi": ["vote", "bogus"]})
    draft, screen = step(q, corrupt, Toggle("open"), CONTEXT)
    assert ask(screen).selected == ("open",)


def test_screen_shows_a_saved_draft_again(q: Questionnaire) -> None:
    draft, shown = answer_until(q, "present")
    restored = Draft.from_json(draft.to_json())
    assert engine_screen(q, restored, CONTEXT) == shown
    draft, review = run(q, full_report())
    assert engine_screen(q, draft, CONTEXT) == review
