"""Evaluating answers: which questions apply, the derived values, and the rubric's verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.questionnaire.model import Question, Questionnaire, Rubric


@dataclass(frozen=True)
class Verdict:
    """`meets_standard` only if every criterion holds; failing criteria as (id, name)."""

    meets_standard: bool
    failing: tuple[tuple[str, str], ...]
    score: int | None  # None when the rubric gives no points
    grade: str | None  # None when the rubric has no grades (or none reaches the score)


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
    failing: list[tuple[str, str]] = []
    score = 0
    for criterion in rubric.criteria:
        # Missing data never passes: only a definite true counts.
        if _is_true(criterion.holds.evaluate(env)):
            score += criterion.points
        else:
            failing.append((criterion.id, criterion.name))
    has_points = any(criterion.points for criterion in rubric.criteria)
    grade = None
    if has_points:
        grade = next((g.label for g in rubric.grades if score >= g.min), None)
    return Verdict(
        meets_standard=not failing,
        failing=tuple(failing),
        score=score if has_points else None,
        grade=grade,
    )


def relevant_questions(
    q: Questionnaire, answers: Mapping[str, object], context: Mapping[str, object]
) -> list[Question]:
    """Questions whose `when` is true (an undecidable condition counts as false), in order."""
    # Conditions only name earlier questions (checked at load), so one growing env suffices;
    # it holds answers of relevant questions only, so stale answers never count.
    env = {**context, **q.rubric.parameters}
    derived_ids = {item.id for item in q.derived}
    # Most questions share one condition (status == 'held'): evaluate it once per answer set.
    known: dict[str, bool] = {}
    known_names: set[str] = set()
    result: list[Question] = []
    for question in q.questions:
        when = question.when
        if when is not None:
            relevant = known.get(when.text)
            if relevant is None:
                uses_derived = bool(when.names & derived_ids)
                relevant = _is_true(when.evaluate(env | derive(q, env) if uses_derived else env))
                if not uses_derived:
                    known[when.text] = relevant
                    known_names |= when.names
            if not relevant:
                continue
        result.append(question)
        if question.id in answers:
            env[question.id] = answers[question.id]
            if question.id in known_names:  # a remembered condition may change now
                known.clear()
                known_names.clear()
    return result


def relevant_answers(
    q: Questionnaire, answers: Mapping[str, object], context: Mapping[str, object]
) -> dict[str, object]:
    """The answers of questions that are relevant under these answers; the rest is stale."""
    relevant = relevant_questions(q, answers, context)
    return {question.id: answers[question.id] for question in relevant if question.id in answers}


def derived_values(
    q: Questionnaire, answers: Mapping[str, object], context: Mapping[str, object]
) -> dict[str, object]:
    """Every derived value (None where its inputs are missing), from the relevant answers."""
    kept = relevant_answers(q, answers, context)
    return derive(q, {**context, **q.rubric.parameters, **kept})


def derive(q: Questionnaire, env: Mapping[str, object]) -> dict[str, object]:
    """Derived values computed in file order over `env` (a value may use earlier ones)."""
    scope = dict(env)
    result: dict[str, object] = {}
    for item in q.derived:
        scope[item.id] = result[item.id] = item.expr.evaluate(scope)
    return result


def environment(
    q: Questionnaire, answers: Mapping[str, object], context: Mapping[str, object]
) -> dict[str, object]:
    """Names an expression can see: context, rubric parameters, answers, derived values."""
    env = {**context, **q.rubric.parameters, **answers}
    return env | derive(q, env)


def _is_true(value: object) -> bool:
    return value is not None and bool(value)
