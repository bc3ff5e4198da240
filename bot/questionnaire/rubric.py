"""Evaluating answers: which questions apply and the derived values (the verdict: verdict.py)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.questionnaire.model import Question, Questionnaire


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
