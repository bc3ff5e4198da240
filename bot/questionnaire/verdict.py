"""The rubric's verdict: each criterion scored from its sub-checks, every failure explained.

A criterion earns its points in proportion to the weight of the checks that pass (a
`proportional` check earns part of its weight when it falls short). Missing data never passes:
it is a failed check whose phrase says "chưa đánh giá", so the reason is never silent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeGuard

from bot.i18n import label as phrase
from bot.questionnaire.model import Questionnaire, Rubric, RubricCheck
from bot.text import fold


@dataclass(frozen=True)
class FailedCheck:
    """A sub-check that did not pass, e.g. measured 0.71 against threshold 0.85.

    `measured` is None when the data is missing (not assessed); `threshold` is None for a
    plain condition. `phrase` is ready to show: "Dự họp 71 % < 85 %"."""

    label: str
    measured: object
    threshold: object
    phrase: str


@dataclass(frozen=True)
class CriterionResult:
    """One criterion: the points it is worth, the (partial) points earned, what failed."""

    id: str
    name: str
    points: int
    earned: float
    failed: tuple[FailedCheck, ...]

    @property
    def passed(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class Verdict:
    """`meets_standard` only if every check of every criterion holds."""

    meets_standard: bool
    criteria: tuple[CriterionResult, ...]
    score: int | None  # None when the rubric gives no points
    grade: str | None  # None when the rubric has no grades (or none reaches the score)
    self_rating: str | None = None  # the cell's own rating (option label), when asked
    # The cell rated itself with a grade other than the bot's ("Chưa xếp loại" never differs).
    rating_disagrees: bool = False

    @property
    def failing(self) -> tuple[tuple[str, str], ...]:
        """Failing criteria as (id, name), in rubric order."""
        return tuple((c.id, c.name) for c in self.criteria if not c.passed)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every failed check's phrase, in rubric order."""
        return tuple(f.phrase for c in self.criteria for f in c.failed)


def evaluate(
    rubric: Rubric,
    answers: Mapping[str, object],
    derived: Mapping[str, object],
    context: Mapping[str, object],
) -> Verdict | None:
    """The verdict, or None when the rubric does not apply (e.g. the meeting did not happen)."""
    env: dict[str, object] = {**context, **rubric.parameters, **answers, **derived}
    if rubric.applies_when is not None and not _is_true(rubric.applies_when.evaluate(env)):
        return None  # false or not yet decidable: nothing to judge
    results = tuple(_criterion(c.id, c.name, c.points, c.sub_checks, env) for c in rubric.criteria)
    has_points = any(criterion.points for criterion in rubric.criteria)
    # Rounded down: a report with any shortfall never shows full marks (19.97 of 20 is 99).
    score = math.floor(sum(result.earned for result in results) + 1e-9)
    grade = None
    if has_points:
        grade = next((g.label for g in rubric.grades if score >= g.min), None)
    return Verdict(
        meets_standard=all(result.passed for result in results),
        criteria=results,
        score=score if has_points else None,
        grade=grade,
    )


def judge(
    q: Questionnaire,
    answers: Mapping[str, object],
    derived: Mapping[str, object],
    context: Mapping[str, object],
) -> Verdict | None:
    """The verdict with the cell's self-rating (the label of the rubric's `self_rating`)."""
    verdict = evaluate(q.rubric, answers, derived, context)
    question_id = q.rubric.self_rating
    if verdict is None or question_id is None or not q.has_question(question_id):
        return verdict
    option = q.question(question_id).option(str(answers.get(question_id)))
    if option is None:
        return verdict
    grades = {fold(grade.label) for grade in q.rubric.grades}
    rated = fold(option.label)
    disagrees = rated in grades and verdict.grade is not None and rated != fold(verdict.grade)
    return replace(verdict, self_rating=option.label, rating_disagrees=disagrees)


def _criterion(
    cid: str, name: str, points: int, checks: tuple[RubricCheck, ...], env: dict[str, object]
) -> CriterionResult:
    total = sum(check.weight for check in checks)
    credit = 0.0
    failed: list[FailedCheck] = []
    for check in checks:
        share, failure = _check(check, env)
        credit += check.weight * share
        if failure is not None:
            failed.append(failure)
    return CriterionResult(cid, name, points, points * credit / total, tuple(failed))


def _check(check: RubricCheck, env: dict[str, object]) -> tuple[float, FailedCheck | None]:
    """The share of the check's weight earned (0–1) and its failure, if it failed."""
    if check.holds is not None:
        held = check.holds.evaluate(env)
        if held is None:
            return 0.0, _not_assessed(check, None)
        if held:
            return 1.0, None
        text = check.failure or phrase("rubric.failed", label=check.label)
        return 0.0, FailedCheck(check.label, held, None, text)
    assert check.value is not None  # validated: a value check has a value and one bound
    measured = check.value.evaluate(env)
    at_least = check.at_least is not None
    bound = check.at_least if check.at_least is not None else check.at_most
    assert bound is not None
    threshold = bound.evaluate(env)
    if not _is_number(measured) or not _is_number(threshold):
        return 0.0, _not_assessed(check, threshold)
    full = check.full_at.evaluate(env) if check.full_at is not None else None
    full_mark = full if _is_number(full) and full > 0 else threshold
    if (measured >= threshold) if at_least else (measured <= threshold):
        return (measured / full_mark if measured < full_mark else 1.0), None
    share = 0.0
    if check.proportional and full_mark > 0:
        share = max(0.0, min(1.0, measured / full_mark))
    value_text, threshold_text = _shown(check, measured, threshold)
    key = "rubric.below" if at_least else "rubric.above"
    text = phrase(key, label=check.label, value=value_text, threshold=threshold_text)
    return share, FailedCheck(check.label, measured, threshold, text)


def _not_assessed(check: RubricCheck, threshold: object) -> FailedCheck:
    return FailedCheck(check.label, None, threshold,
                       phrase("rubric.not_assessed", label=check.label))  # fmt: skip


def _shown(check: RubricCheck, measured: float, threshold: float) -> tuple[str, str]:
    """Both numbers as people read them; a value that rounds onto the threshold gets a
    decimal, so "84,6 % < 85 %" never reads as "85 % < 85 %"."""
    scale, suffix = (100, " %") if check.format == "percent" else (1, "")
    value, limit = measured * scale, threshold * scale
    digits = 0 if _number(value, 0) != _number(limit, 0) else 1
    value_text = _number(value, digits) + suffix
    if check.unit:
        value_text += f" {check.unit}"
    return value_text, _number(limit, 1 if limit != int(limit) else 0) + suffix


def _number(value: float, digits: int) -> str:
    if digits == 0:
        return str(math.floor(value + 0.5))
    return f"{value:.{digits}f}".replace(".", ",")


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_true(value: object) -> bool:
    return value is not None and bool(value)
