"""Why a report failed its criteria: each failed criterion as one line with the measured value
and the threshold ("C1 Tỷ lệ dự họp 71 % < 85 %"), for the committee's forward and the
spreadsheet's notes (no I/O).

This is the one place that turns a verdict into reason lines. It reads the rubric as data: each
criterion's `holds` expression is split at its top-level `and`, and every part that does not
hold under the report's values is described — a comparison as «label value op threshold», a
step missing from a list as «thiếu: label». When the rubric itself learns to state its reasons,
only `reason_lines` changes.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from functools import lru_cache

from bot.i18n import t_raw
from bot.questionnaire.answers import format_number, format_value
from bot.questionnaire.expressions import compile_expression
from bot.questionnaire.model import Questionnaire
from bot.questionnaire.rubric import derive

# The comparison that did hold instead, written as a reader expects ("71 % < 85 %").
_NEGATED = {ast.GtE: "<", ast.Gt: "≤", ast.LtE: ">", ast.Lt: "≥", ast.Eq: "≠", ast.NotEq: "="}


def reason_lines(
    questionnaire: Questionnaire,
    failing: Sequence[str],
    answers: Mapping[str, object],
    derived: Mapping[str, object],
) -> list[str]:
    """One line per failed criterion (in `failing` order): its id, then what failed."""
    rubric = questionnaire.rubric
    env: dict[str, object] = {**rubric.parameters, **answers, **derived}
    criteria = {criterion.id: criterion for criterion in rubric.criteria}
    lines = []
    for criterion_id in failing:
        criterion = criteria.get(criterion_id)
        if criterion is None:
            lines.append(criterion_id)
            continue
        parts = [
            _describe(questionnaire, part, env)
            for part in _conjuncts(criterion.holds.text)
            if not _holds(part, env)
        ]
        details = "; ".join(part for part in parts if part) or criterion.name
        lines.append(f"{criterion.id} {details}")
    return lines


@lru_cache(maxsize=256)
def _conjuncts(text: str) -> tuple[str, ...]:
    """The top-level `and` parts of an expression, as source text."""
    tree = ast.parse(text.strip(), mode="eval").body
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        return tuple(ast.unparse(value) for value in tree.values)
    return (ast.unparse(tree),)


def _holds(text: str, env: Mapping[str, object]) -> bool:
    value = compile_expression(text).evaluate(env)
    return value is not None and bool(value)


def _describe(questionnaire: Questionnaire, text: str, env: Mapping[str, object]) -> str:
    node = ast.parse(text, mode="eval").body
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return ""
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Name):
        if isinstance(left, ast.Constant) and isinstance(op, ast.In):
            return t_raw("reasons.missing_item", what=_option(questionnaire, right.id, left.value))
        return ""
    symbol = _NEGATED.get(type(op))
    if symbol is None or not isinstance(left, ast.Name):
        return ""
    name = left.id
    measured = env.get(name)
    if measured is None:
        return t_raw("reasons.unknown", what=_label(questionnaire, name))
    threshold = _value(right, env)
    if isinstance(right, ast.Constant) and isinstance(right.value, str):
        return f"{_label(questionnaire, name)}: {_option(questionnaire, name, measured)}"
    percent = _is_percent(questionnaire, name)
    return (
        f"{_label(questionnaire, name)} {_number(measured, percent)} {symbol} "
        f"{_number(threshold, percent)}"
    )


def _value(node: ast.expr, env: Mapping[str, object]) -> object:
    return compile_expression(ast.unparse(node)).evaluate(env)


def _label(questionnaire: Questionnaire, name: str) -> str:
    for item in questionnaire.derived:
        if item.id == name and item.label:
            return item.label
    for question in questionnaire.questions:
        if question.id == name:
            return question.prompt.rstrip("?").strip()
    return name


def _option(questionnaire: Questionnaire, name: str, value: object) -> str:
    for question in questionnaire.questions:
        if question.id == name:
            option = question.option(str(value))
            if option is not None:
                return option.label
    return format_value(value)


def _is_percent(questionnaire: Questionnaire, name: str) -> bool:
    return any(item.id == name and item.format == "percent" for item in questionnaire.derived)


def _number(value: object, percent: bool) -> str:
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{round(value * 100)} %"
    if isinstance(value, float):
        return format_number(value)
    return format_value(value)


def reasons_from_answers(
    questionnaire: Questionnaire, failing: Sequence[str], answers: Mapping[str, object]
) -> list[str]:
    """`reason_lines` for a stored report, its derived values computed again from its answers
    (they depend on nothing else)."""
    if not failing:
        return []
    env = {**questionnaire.rubric.parameters, **answers}
    return reason_lines(questionnaire, failing, answers, derive(questionnaire, env))
