"""The questionnaire engine: pure functions from (draft, input) to (new draft, screen to show)."""

# No I/O and no clock: dates such as the meeting date arrive in `context`. The draft is the whole
# state of a report in progress, so a caller stores `draft.to_json()` and resumes after a restart.

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.questionnaire.answers import (
    PHOTOS_NEEDED,
    PHOTOS_ONLY,
    AnswerError,
    add_photo,
    check_value,
    format_derived,
    parse_answer,
    parse_selection,
    render_message,
)
from bot.questionnaire.answers import display_value as display_value  # part of the engine's API
from bot.questionnaire.model import Question, Questionnaire, QuestionType
from bot.questionnaire.rubric import derived_values as derived_values  # re-exported API
from bot.questionnaire.rubric import environment, relevant_answers
from bot.questionnaire.rubric import relevant_questions as relevant_questions
from bot.questionnaire.verdict import Verdict, judge

USE_BUTTONS = "Vui lòng chọn bằng các nút bên dưới."
FOREIGN_OPTION = "Lựa chọn này không thuộc câu hỏi hiện tại."
NOTHING_TO_FINISH = "Câu hỏi này không có bước «Xong»; vui lòng trả lời câu hỏi."
CANNOT_SKIP = "Câu hỏi này bắt buộc, không thể bỏ qua."
CANNOT_EDIT = "Không thể sửa câu hỏi này lúc này."
SUBMIT_TOO_EARLY = "Vui lòng trả lời hết các câu hỏi trước khi gửi báo cáo."
ON_REVIEW = "Báo cáo đang ở bước xem lại: bấm «Sửa» để sửa một câu trả lời, hoặc «Gửi báo cáo»."
UNKNOWN_INPUT = "Không hiểu thao tác này."
NO_PHOTOS_HERE = "Câu hỏi này không nhận ảnh."

Context = Mapping[str, object]  # names supplied by the caller: meeting_date, members_roster, …
Answers = Mapping[str, object]
_TYPED = frozenset({QuestionType.INTEGER, QuestionType.TIME, QuestionType.DATE, QuestionType.TEXT})


@dataclass(frozen=True)
class Draft:
    """A report in progress: answers so far and where the cadre is."""

    answers: Mapping[str, object]  # question id -> stored value; None = skipped on purpose
    current: str | None  # question being asked; None = on the review screen
    returning_to_review: bool  # set by an Edit from review
    pending_multi: tuple[str, ...] = ()  # multi_choice selections before "done"
    pending_photos: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """A JSON-serialisable dict; `Draft.from_json` restores an equal draft."""
        return {
            "answers": {key: _copy(value) for key, value in self.answers.items()},
            "current": self.current,
            "returning_to_review": self.returning_to_review,
            "pending_multi": list(self.pending_multi),
            "pending_photos": list(self.pending_photos),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Draft:
        """The draft saved by `to_json`; ValueError if the data has another shape."""
        answers = data.get("answers", {})
        current = data.get("current")
        returning = data.get("returning_to_review", False)
        if not isinstance(answers, dict) or not all(isinstance(key, str) for key in answers):
            raise ValueError("draft answers must be a mapping of question ids")
        if any(not _json_value(value) for value in answers.values()):
            raise ValueError("draft answers must be numbers, texts, lists of texts or null")
        if not (current is None or isinstance(current, str)) or not isinstance(returning, bool):
            raise ValueError("draft current must be a question id or null")
        return cls(
            answers={key: _copy(value) for key, value in answers.items()},
            current=current,
            returning_to_review=returning,
            pending_multi=_strings(data.get("pending_multi", [])),
            pending_photos=_strings(data.get("pending_photos", [])),
        )


def _copy(value: object) -> object:
    return list(value) if isinstance(value, list) else value


def _json_value(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return value is None or isinstance(value, bool | int | float | str)


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("draft pending selections must be lists of texts")
    return tuple(value)


@dataclass(frozen=True)
class Answer:
    """Typed text."""

    text: str


@dataclass(frozen=True)
class Choose:
    """A tapped option of a choice or yes/no question (toggles on a multi-choice)."""

    option_id: str


@dataclass(frozen=True)
class Toggle:
    """Select or unselect an option of a multi-choice question."""

    option_id: str


@dataclass(frozen=True)
class Done:
    """Finish a multi-choice selection or a batch of photos."""


@dataclass(frozen=True)
class Photo:
    """A photo sent while the photos question is open."""

    file_id: str


@dataclass(frozen=True)
class Back:
    """Go to the previous question."""


@dataclass(frozen=True)
class Skip:
    """Skip an optional question."""


@dataclass(frozen=True)
class Edit:
    """Change the answer of a question (from the review screen)."""

    question_id: str


@dataclass(frozen=True)
class Submit:
    """Send the report (from the review screen)."""


Action = Answer | Choose | Toggle | Done | Photo | Back | Skip | Edit | Submit


@dataclass(frozen=True)
class QuestionScreen:
    """Ask a question; `value` is its current answer, `selected` the pending picks or photos."""

    question: Question
    error: str | None
    value: object | None
    prefill: object | None
    can_skip: bool
    can_go_back: bool
    selected: tuple[str, ...]


@dataclass(frozen=True)
class ReviewItem:
    """One answered question on the review screen."""

    question_id: str
    prompt: str
    shown_value: str


@dataclass(frozen=True)
class ReviewScreen:
    """All answers, derived values and the verdict, before submitting."""

    items: tuple[ReviewItem, ...]
    derived: tuple[tuple[str, str], ...]  # (label, shown value)
    verdict: Verdict | None
    error: str | None = None


@dataclass(frozen=True)
class DoneScreen:
    """The submitted report: relevant answers, derived values and verdict."""

    answers: Mapping[str, object]
    derived: Mapping[str, object]
    verdict: Verdict | None


Screen = QuestionScreen | ReviewScreen | DoneScreen


def start(q: Questionnaire, context: Context) -> tuple[Draft, Screen]:
    """A new draft positioned on the first question."""
    draft = _at(q, {}, _next_unanswered(q, {}, context), returning=False)
    return draft, _screen(q, draft, context)


def step(q: Questionnaire, draft: Draft, action: Action, context: Context) -> tuple[Draft, Screen]:
    """Apply one input; an input that does not fit leaves the draft as it was, with an error."""
    draft = _resync(q, draft, context)
    if draft.current is None:
        return _on_review(q, draft, action, context)
    question = q.question(draft.current)

    def refuse(error: str | None) -> tuple[Draft, Screen]:
        return draft, _screen(q, draft, context, error)

    kind = question.type
    match action:
        case Answer(text=text):
            if kind not in _TYPED:
                return refuse(PHOTOS_ONLY if kind is QuestionType.PHOTOS else USE_BUTTONS)
            try:
                value = parse_answer(question, text, context)
            except AnswerError as exc:
                return refuse(exc.message)
            return _accept(q, draft, question, value, context)
        case Choose(option_id=option_id) | Toggle(option_id=option_id):
            if question.option(option_id) is None or (
                isinstance(action, Toggle) and kind is not QuestionType.MULTI_CHOICE
            ):
                return refuse(FOREIGN_OPTION)
            if kind is QuestionType.MULTI_CHOICE:
                picked = set(draft.pending_multi) ^ {option_id}
                selection = tuple(i for i in question.option_ids if i in picked)
                draft = replace(draft, pending_multi=selection)
                return draft, _screen(q, draft, context)
            return _accept(q, draft, question, option_id, context)
        case Done():
            return _done(q, draft, question, context)
        case Photo(file_id=file_id):
            if kind is not QuestionType.PHOTOS:
                return refuse(NO_PHOTOS_HERE)
            try:
                photos = add_photo(question, draft.pending_photos, file_id)
            except AnswerError as exc:
                return refuse(exc.message)
            draft = replace(draft, pending_photos=photos)
            return draft, _screen(q, draft, context)
        case Back():
            previous = _previous(q, draft, context)
            if previous is None:
                return refuse(None)  # the first question: nothing before it
            draft = _at(q, draft.answers, previous, draft.returning_to_review)
            return draft, _screen(q, draft, context)
        case Skip():
            if question.required:
                return refuse(CANNOT_SKIP)
            return _accept(q, draft, question, None, context)
        case Edit(question_id=question_id):
            return _edit(q, draft, question_id, context)
        case Submit():
            return refuse(SUBMIT_TOO_EARLY)
    return refuse(UNKNOWN_INPUT)


def _done(
    q: Questionnaire, draft: Draft, question: Question, context: Context
) -> tuple[Draft, Screen]:
    if question.type is QuestionType.MULTI_CHOICE:
        try:
            selection = parse_selection(question, draft.pending_multi)
        except AnswerError as exc:
            return draft, _screen(q, draft, context, exc.message)
        return _accept(q, draft, question, selection, context)
    if question.type is QuestionType.PHOTOS:
        if draft.pending_photos:
            return _accept(q, draft, question, list(draft.pending_photos), context)
        if not question.required:  # "done" with no photo is the same as skipping
            return _accept(q, draft, question, None, context)
        return draft, _screen(q, draft, context, PHOTOS_NEEDED)
    return draft, _screen(q, draft, context, NOTHING_TO_FINISH)


def _on_review(
    q: Questionnaire, draft: Draft, action: Action, context: Context
) -> tuple[Draft, Screen]:
    match action:
        case Edit(question_id=question_id):
            return _edit(q, draft, question_id, context)
        case Submit():
            return _submit(q, draft, context)
        case Back():
            previous = _previous(q, draft, context)
            if previous is not None:
                moved = _at(q, draft.answers, previous, returning=True)
                return moved, _screen(q, moved, context)
    return draft, _review(q, draft.answers, context, ON_REVIEW)


def _edit(
    q: Questionnaire, draft: Draft, question_id: str, context: Context
) -> tuple[Draft, Screen]:
    relevant = {question.id for question in relevant_questions(q, draft.answers, context)}
    # Only answered questions (or the open one): an Edit must not jump ahead of the flow.
    if question_id not in relevant or (
        question_id not in draft.answers and question_id != draft.current
    ):
        return draft, _screen(q, draft, context, CANNOT_EDIT)
    moved = _at(q, draft.answers, question_id, returning=True)
    return moved, _screen(q, moved, context)


def _submit(q: Questionnaire, draft: Draft, context: Context) -> tuple[Draft, Screen]:
    relevant = relevant_questions(q, draft.answers, context)
    for question in relevant:
        try:
            check_value(question, draft.answers.get(question.id))
            error = _failed_check(q, question, draft.answers, context)
        except AnswerError as exc:
            error = exc.message
        if error is not None:
            # An edit elsewhere can break a check passed earlier (e.g. a smaller members_total).
            moved = _at(q, draft.answers, question.id, returning=True)
            return moved, _screen(q, moved, context, error)
    answers = {question.id: draft.answers[question.id] for question in relevant}
    derived = derived_values(q, answers, context)
    return draft, DoneScreen(answers, derived, judge(q, answers, derived, context))


def _accept(
    q: Questionnaire,
    draft: Draft,
    question: Question,
    value: object,
    context: Context,
) -> tuple[Draft, Screen]:
    """Store a parsed value if its checks pass, drop answers that became irrelevant, move on."""
    answers = relevant_answers(q, {**draft.answers, question.id: value}, context)
    if value is not None:
        error = _failed_check(q, question, answers, context)
        if error is not None:
            return draft, _screen(q, draft, context, error)
    moved = _at(q, answers, _next_unanswered(q, answers, context), draft.returning_to_review)
    return moved, _screen(q, moved, context)


def _failed_check(
    q: Questionnaire, question: Question, answers: Answers, ctx: Context
) -> str | None:
    """The message of the first check that is definitely false (unknown passes)."""
    if not question.checks:
        return None
    env = environment(q, answers, ctx)
    for check in question.checks:
        result = check.rule.evaluate(env)
        if result is not None and not result:
            return render_message(check.message, env)
    return None


def _resync(q: Questionnaire, draft: Draft, context: Context) -> Draft:
    """Repair a draft that no longer fits (older questionnaire version, hand-edited JSON)."""
    answers = {
        key: value
        for key, value in draft.answers.items()
        if q.has_question(key) and _valid(q.question(key), value)
    }
    answers = relevant_answers(q, answers, context)
    relevant = {question.id for question in relevant_questions(q, answers, context)}
    current = draft.current if draft.current in relevant else None
    if current is None:
        current = _next_unanswered(q, answers, context)
    if answers == dict(draft.answers) and current == draft.current and _pending_ok(q, draft):
        return draft
    return _at(q, answers, current, draft.returning_to_review)


def _valid(question: Question, value: object) -> bool:
    try:
        check_value(question, value)
    except AnswerError:
        return False
    return True


def _pending_ok(q: Questionnaire, draft: Draft) -> bool:
    """Pending picks only on the open multi-choice, pending photos only on the open photos."""
    question = q.question(draft.current) if draft.current is not None else None
    kind = question.type if question is not None else None
    if draft.pending_multi and (
        kind is not QuestionType.MULTI_CHOICE
        or question is None
        or not set(draft.pending_multi) <= set(question.option_ids)
    ):
        return False
    return not draft.pending_photos or (
        kind is QuestionType.PHOTOS
        and question is not None
        and len(draft.pending_photos) <= question.max_photos
    )


def _at(q: Questionnaire, answers: Answers, current: str | None, returning: bool) -> Draft:
    """A draft on `current`, with pending picks preloaded from its stored answer."""
    multi: tuple[str, ...] = ()
    photos: tuple[str, ...] = ()
    if current is not None:
        question, value = q.question(current), answers.get(current)
        if isinstance(value, list) and question.type is QuestionType.MULTI_CHOICE:
            multi = tuple(value)
        if isinstance(value, list) and question.type is QuestionType.PHOTOS:
            photos = tuple(value)
    return Draft(dict(answers), current, returning and current is not None, multi, photos)


def _screen(q: Questionnaire, draft: Draft, context: Context, error: str | None = None) -> Screen:
    if draft.current is None:
        return _review(q, draft.answers, context, error)
    question = q.question(draft.current)
    prefill = None
    if question.prefill is not None:
        prefill = question.prefill.evaluate(environment(q, draft.answers, context))
    selected = {
        QuestionType.MULTI_CHOICE: draft.pending_multi,
        QuestionType.PHOTOS: draft.pending_photos,
    }.get(question.type, ())
    return QuestionScreen(
        question=question,
        error=error,
        value=draft.answers.get(question.id),
        prefill=prefill,
        can_skip=not question.required,
        can_go_back=_previous(q, draft, context) is not None,
        selected=selected,
    )


def _review(
    q: Questionnaire,
    answers: Answers,
    context: Context,
    error: str | None,
) -> ReviewScreen:
    relevant = [x for x in relevant_questions(q, answers, context) if x.id in answers]
    kept = {question.id: answers[question.id] for question in relevant}
    derived = derived_values(q, kept, context)
    shown = tuple(
        (item.label, format_derived(item, derived[item.id]))
        for item in q.derived
        if item.label and derived[item.id] is not None
    )
    items = tuple(ReviewItem(x.id, x.prompt, display_value(x, answers[x.id])) for x in relevant)
    return ReviewScreen(items, shown, judge(q, kept, derived, context), error)


def _next_unanswered(q: Questionnaire, answers: Answers, context: Context) -> str | None:
    for question in relevant_questions(q, answers, context):
        if question.id not in answers:
            return question.id
    return None


def _previous(q: Questionnaire, draft: Draft, context: Context) -> str | None:
    """The last answered relevant question before the current one (before review: the last)."""
    before: list[str] = []
    for question in relevant_questions(q, draft.answers, context):
        if question.id == draft.current:
            break
        if question.id in draft.answers:
            before.append(question.id)
    return before[-1] if before else None


def screen(q: Questionnaire, draft: Draft, context: Context) -> Screen:
    """The screen for a saved draft as it stands (to show it again after a pause)."""
    return _screen(q, _resync(q, draft, context), context)
