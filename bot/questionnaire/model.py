"""The questionnaire as data: pydantic models for the YAML file, and a loader that validates it."""

from __future__ import annotations

import itertools
import keyword
import re
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.questionnaire.expressions import FUNCTIONS, Expression, compile_expression

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "default.yaml"
_RESERVED = set(FUNCTIONS) | set(keyword.kwlist) | {"True", "False", "None"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; the message is one line naming file and place."""


def _to_expression(value: object) -> Expression:
    if isinstance(value, Expression):
        return value
    if isinstance(value, bool | int | float):  # YAML turns `when: true` into a bool
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected an expression (text)")
    return compile_expression(value)


def _to_version(value: object) -> object:
    # `version: 2026.1` without quotes is a float in YAML; admins should not have to care.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _check_identifier(value: str) -> str:
    if value in _RESERVED:
        raise ValueError(f"{value!r} is a reserved word and cannot be used as an id")
    return value


Expr = Annotated[
    Expression, PlainValidator(_to_expression), PlainSerializer(lambda e: e.text, return_type=str)
]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Version = Annotated[str, PlainValidator(lambda v: _check_version(_to_version(v)))]


def _check_version(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError('version must be a non-empty text such as "2026.1"')
    return value


class QuestionType(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    INTEGER = "integer"
    TIME = "time"
    DATE = "date"
    TEXT = "text"
    PHOTOS = "photos"


CHOICE_TYPES = frozenset({QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.YES_NO})
YES_NO_OPTIONS = ({"id": "yes", "label": "Có"}, {"id": "no", "label": "Không"})


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Model):
    """One button of a choice question: a short stable id and a Vietnamese label."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,16}$")]
    label: Annotated[str, Field(min_length=1)]

    @field_validator("id", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted `yes`/`no` as a boolean; the admin meant the id.
        return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


class Check(_Model):
    """A rule that must not be false once the question is answered; `{expr}` fills the message."""

    rule: Expr
    message: Annotated[str, Field(min_length=1)]

    def placeholders(self) -> list[Expression]:
        """The `{...}` expressions inside the message."""
        return [compile_expression(text) for text in _PLACEHOLDER.findall(self.message)]

    @field_validator("message")
    @classmethod
    def _placeholders_compile(cls, value: str) -> str:
        for text in _PLACEHOLDER.findall(value):
            compile_expression(text)
        return value


class Question(_Model):
    """One question of the questionnaire."""

    id: Identifier
    type: QuestionType
    prompt: Annotated[str, Field(min_length=1)]
    help: str | None = None
    required: bool = True
    when: Expr | None = None
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: Annotated[int, Field(ge=1)] | None = None
    max_photos: Annotated[int, Field(ge=1, le=50)] = 5
    prefill: Expr | None = None
    prefill_note: str | None = None  # shown on the prefill button: "19:30 (theo lịch)"
    # The same question's answer in the cell's previous report, offered as a one-tap default.
    default_from: Literal["previous"] | None = None
    suggest: tuple[Expr, ...] = ()  # more one-tap answers, e.g. end times after the start
    derive: Expr | None = None  # never asked: the value is computed (and can be edited)
    on_review: bool = False  # not asked in turn: offered as a button on the review screen
    all_label: str | None = None  # multi_choice: a button that picks every option
    group: Identifier | None = None  # consecutive questions answered at once by a shortcut
    # A few words for the review screen, the edit menu and the spreadsheet's column header.
    short: Annotated[str, Field(min_length=1, max_length=24)] | None = None
    checks: tuple[Check, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _implicit_yes_no(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") == "yes_no" and not data.get("options"):
            return {**data, "options": list(YES_NO_OPTIONS)}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        _check_identifier(self.id)
        ids = [option.id for option in self.options]
        if self.type in CHOICE_TYPES and not ids:
            raise ValueError(f"{self.type} questions need options")
        if self.type not in CHOICE_TYPES and ids:
            raise ValueError(f"{self.type} questions cannot have options")
        if self.type is QuestionType.YES_NO and sorted(ids) != ["no", "yes"]:
            raise ValueError("yes_no options must be exactly 'yes' and 'no'")
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate option id {duplicates[0]!r}")
        if (self.min is not None or self.max is not None) and self.type not in (
            QuestionType.INTEGER,
            QuestionType.MULTI_CHOICE,
        ):
            raise ValueError("min/max only apply to integer and multi_choice questions")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.type is QuestionType.MULTI_CHOICE and (self.min or 0) > len(ids):
            raise ValueError(f"min ({self.min}) is more than the number of options ({len(ids)})")
        if self.max_length is not None and self.type is not QuestionType.TEXT:
            raise ValueError("max_length only applies to text questions")
        if self.all_label is not None and self.type is not QuestionType.MULTI_CHOICE:
            raise ValueError("all_label only applies to multi_choice questions")
        if self.on_review and self.required:
            raise ValueError("a question offered on the review screen must be optional")
        return self

    @property
    def short_label(self) -> str:
        """The label on the review screen and in the edit menu."""
        return self.short or (self.prompt if len(self.prompt) <= 24 else self.prompt[:23] + "…")

    def option(self, option_id: str) -> Option | None:
        """The option with that id, if the question has it."""
        return next((option for option in self.options if option.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """Option ids in display order."""
        return tuple(option.id for option in self.options)


class Derived(_Model):
    """A value computed from the answers, e.g. the attendance ratio."""

    id: Identifier
    expr: Expr
    label: str | None = None  # None: used by the rubric but not shown on the review screen
    format: Literal["number", "percent"] = "number"

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        return _check_identifier(value)


class RubricCheck(_Model):
    """One sub-check of a criterion: a measured `value` against `at_least`/`at_most`, or a
    plain condition (`holds`). A failed check is reported with its value and threshold."""

    label: Annotated[str, Field(min_length=1)]  # "Dự họp", "Thời gian"
    value: Expr | None = None
    at_least: Expr | None = None
    at_most: Expr | None = None
    holds: Expr | None = None
    failure: str | None = None  # the phrase when `holds` is false; default "<label>: chưa đạt"
    format: Literal["number", "percent"] = "number"
    unit: str | None = None  # shown after the measured value: "70 phút < 90"
    weight: Annotated[float, Field(gt=0)] = 1.0
    # Partial credit value/threshold for a value below `at_least` (70 of 90 minutes ≈ 0.78).
    proportional: bool = False
    # With `at_least`: the value that earns the full weight. Between `at_least` and it the check
    # passes (meets the standard) but earns value/full_at of its weight: 70 % of a resolution
    # carried out is enough, yet not full marks.
    full_at: Expr | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> RubricCheck:
        bounds = [b for b in (self.at_least, self.at_most) if b is not None]
        if self.holds is not None:
            if self.value is not None or bounds:
                raise ValueError("a check has either `holds` or `value` with a bound, not both")
        elif self.value is None or len(bounds) != 1:
            raise ValueError("a check needs `holds`, or `value` with one of at_least / at_most")
        if (self.proportional or self.full_at is not None) and self.at_least is None:
            raise ValueError("`proportional` and `full_at` only apply to an `at_least` check")
        return self

    @property
    def expressions(self) -> list[Expression]:
        """Every expression of the check, for the reference checks at load."""
        parts = (self.value, self.at_least, self.at_most, self.holds, self.full_at)
        return [expr for expr in parts if expr is not None]


class Criterion(_Model):
    """One rubric criterion, scored from its sub-checks (or all-or-nothing by `holds`)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{1,32}$")]
    name: Annotated[str, Field(min_length=1)]
    holds: Expr | None = None
    checks: tuple[RubricCheck, ...] = ()
    points: Annotated[int, Field(ge=0)] = 0
    description: str | None = None

    @model_validator(mode="after")
    def _holds_or_checks(self) -> Criterion:
        if (self.holds is None) == (not self.checks):
            raise ValueError("a criterion needs either `holds` or a list of `checks`")
        return self

    @property
    def sub_checks(self) -> tuple[RubricCheck, ...]:
        """The checks; a `holds` criterion is one check named after the criterion."""
        if self.checks:
            return self.checks
        return (RubricCheck(label=self.name, holds=self.holds),)


class Grade(_Model):
    """A grade label given to scores at or above `min`."""

    min: Annotated[int, Field(ge=0)]
    label: Annotated[str, Field(min_length=1)]


class Rubric(_Model):
    """The verdict rule: criteria over answers, derived values and parameters."""

    id: Annotated[str, Field(min_length=1)]
    version: Version
    applies_when: Expr | None = None
    parameters: dict[Identifier, bool | int | float | str] = Field(default_factory=dict)
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]
    grades: tuple[Grade, ...] = ()
    # A choice question whose option labels are grades: the cell's own rating, shown beside
    # the verdict with a note when the two disagree.
    self_rating: Identifier | None = None

    def __hash__(self) -> int:
        # `parameters` is a dict; hash by identity of the rule so rubrics can key caches.
        return hash((self.id, self.version))


class Group(_Model):
    """Consecutive questions that one button answers at once ("Có cả ba", "Không có gì thêm");
    `value` is the option id each gets, or null to skip them (optional questions only)."""

    id: Identifier
    shortcut: Annotated[str, Field(min_length=1)]
    value: str | None = None


class Questionnaire(_Model):
    """A validated questionnaire with its rubric; questions are in asking order."""

    id: Annotated[str, Field(min_length=1)]
    version: Version
    title: Annotated[str, Field(min_length=1)]
    description: str | None = None
    context: tuple[Identifier, ...] = ()
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    derived: tuple[Derived, ...] = ()
    groups: tuple[Group, ...] = ()
    rubric: Rubric

    def __hash__(self) -> int:
        return hash((self.id, self.version, self.rubric))

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        """Questions by id (computed once; the engine looks questions up constantly)."""
        return {question.id: question for question in self.questions}

    @model_validator(mode="after")
    def _cross_references(self) -> Questionnaire:
        _check_semantics(self)
        return self

    def question(self, question_id: str) -> Question:
        """The question with that id; KeyError if there is none."""
        return self.questions_by_id[question_id]

    def group(self, group_id: str) -> Group:
        """The group with that id; KeyError if there is none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def has_question(self, question_id: str) -> bool:
        """Whether a question with that id exists."""
        return question_id in self.questions_by_id

    def index(self, question_id: str) -> int:
        """Position of the question in asking order."""
        return self.questions.index(self.questions_by_id[question_id])


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Read and validate a YAML questionnaire (None: the shipped default)."""
    path = DEFAULT_PATH if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise QuestionnaireError(f"{path}: invalid YAML{where}: {problem}") from None
    return parse_questionnaire(data, source=str(path))


def parse_questionnaire(data: object, source: str = "<questionnaire>") -> Questionnaire:
    """Validate already-parsed YAML data; `source` names the file in error messages."""
    if not isinstance(data, dict):
        raise QuestionnaireError(f"{source}: the file must be a mapping with id, questions, …")
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError(f"{source}: {_describe(exc, data)}") from None


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """The first pydantic error as `question 'x': field: problem`, on one line."""
    error = exc.errors()[0]
    parts: list[str] = []
    node: Any = data
    previous: str | int | None = None
    for part in error["loc"]:
        node = node[part] if _indexable(node, part) else None
        if isinstance(part, int) and isinstance(previous, str) and previous in _ITEM_NAMES:
            parts.pop()  # "questions" + 3 reads better as "question 'present'"
            ident = node.get("id") if isinstance(node, dict) else None
            name = f"{ident!r}" if isinstance(ident, str) else str(part + 1)
            parts.append(f"{_ITEM_NAMES[previous]} {name}")
        else:
            parts.append(str(part))
        previous = part
    if error["type"] in ("missing", "extra_forbidden", "enum") and parts:
        parts.pop()  # the message itself names the field
    return " ".join(": ".join([*parts, _message(error)]).split())


_ITEM_NAMES = {
    "questions": "question",
    "derived": "derived",
    "criteria": "rubric criterion",
    "options": "option",
    "checks": "check",
    "grades": "grade",
}


def _indexable(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _message(error: Any) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] == "enum":
        return f"unknown type {error['input']!r} (expected one of: {ctx.get('expected', '')})"
    if error["type"] == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if error["type"] == "missing":
        return f"missing field {error['loc'][-1]!r}"
    if error["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error["msg"])


def _check_semantics(q: Questionnaire) -> None:
    """Cross-references: duplicate ids, unknown names, conditions on later questions, grades."""
    kinds: dict[str, str] = {}
    groups = (
        ("question", [question.id for question in q.questions]),
        ("derived value", [derived.id for derived in q.derived]),
        ("context name", list(q.context)),
        ("rubric parameter", list(q.rubric.parameters)),
    )
    for kind, names in groups:
        for name in names:
            if name in kinds:
                same = "used twice" if kinds[name] == kind else f"also a {kinds[name]}"
                raise ValueError(f"duplicate id: {kind} {name!r} is {same}")
            kinds[name] = kind
    criteria = [criterion.id for criterion in q.rubric.criteria]
    for criterion_id in criteria:
        if criteria.count(criterion_id) > 1:
            raise ValueError(f"duplicate id: rubric criterion {criterion_id!r} is used twice")
    refs = _References(q, kinds)
    for derived in q.derived:
        refs.derived_value(derived)
    for i, question in enumerate(q.questions):
        where = f"question {question.id!r}"
        if question.when is not None:
            refs.check(where, "condition", question.when, before=i)
        if question.prefill is not None:
            refs.check(where, "prefill", question.prefill, before=i)
        for expr in (*question.suggest, *([question.derive] if question.derive else [])):
            refs.check(where, "suggest/derive", expr, before=i)
        _check_group(q, question)
        for n, check in enumerate(question.checks, start=1):
            refs.check(where, f"check {n}", check.rule)
            for placeholder in check.placeholders():
                refs.check(where, f"check {n} message", placeholder)
    if q.rubric.applies_when is not None:
        refs.check("rubric", "applies_when", q.rubric.applies_when)
    for criterion in q.rubric.criteria:
        for sub_check in criterion.sub_checks:
            for expr in sub_check.expressions:
                refs.check(f"rubric criterion {criterion.id!r}", "expression", expr)
    if q.rubric.self_rating is not None and kinds.get(q.rubric.self_rating) != "question":
        raise ValueError(f"rubric: self_rating names unknown question {q.rubric.self_rating!r}")
    mins = [grade.min for grade in q.rubric.grades]
    if any(high <= low for high, low in itertools.pairwise(mins)):
        raise ValueError(f"rubric grades must go from the highest min to the lowest: {mins}")


def _check_group(q: Questionnaire, question: Question) -> None:
    if question.group is None:
        return
    group = next((g for g in q.groups if g.id == question.group), None)
    where = f"question {question.id!r}"
    if group is None:
        raise ValueError(f"{where}: group {question.group!r} is not in `groups`")
    if group.value is None and question.required:
        raise ValueError(
            f"{where}: group {group.id!r} skips its questions, so they must be optional"
        )
    if group.value is not None and question.option(group.value) is None:
        raise ValueError(f"{where}: group {group.id!r} answers {group.value!r}, not an option")


class _References:
    """Checks the names an expression uses against what exists at that point of the file."""

    def __init__(self, q: Questionnaire, kinds: dict[str, str]) -> None:
        self.q = q
        self.kinds = kinds
        self.index = {question.id: i for i, question in enumerate(q.questions)}
        self.last_question_of: dict[str, int] = {}  # derived id -> latest question it needs

    def derived_value(self, derived: Derived) -> None:
        where = f"derived {derived.id!r}"
        self.last_question_of[derived.id] = self.check(where, "expression", derived.expr)

    def check(self, where: str, what: str, expr: Expression, before: int | None = None) -> int:
        """Raise on an unknown name or a too-late question; returns the latest question used."""
        latest = -1
        for name in sorted(expr.names):
            kind = self.kinds.get(name)
            if kind is None:
                raise ValueError(f"{where}: {what} names unknown question {name!r}")
            if kind == "derived value":
                if name not in self.last_question_of:
                    raise ValueError(f"{where}: {what} uses derived value {name!r} before it")
                latest = max(latest, self.last_question_of[name])
            elif kind == "question":
                latest = max(latest, self.index[name])
            if before is not None and latest >= before:
                why = "is" if kind == "question" else "needs a question"
                raise ValueError(
                    f"{where}: {what} names {kind} {name!r} which {why} not asked before it"
                    " (conditions may only use earlier questions)"
                )
        for name, literal in expr.literals:
            if self.kinds.get(name) != "question":
                continue
            question = self.q.question(name)
            if question.options and literal not in question.option_ids:
                raise ValueError(
                    f"{where}: {what} compares {name!r} with {literal!r}, which is not one of"
                    f" its options ({', '.join(question.option_ids)})"
                )
        return latest
