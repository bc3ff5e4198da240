"""Why a report failed its criteria, one line per failed criterion with the measured value
beside the threshold ("C1 Dự họp 71 % < 85 %"), for the spreadsheet's notes (no I/O).

The phrases are the rubric's own (`bot.questionnaire.verdict`); a stored report is judged
again from its answers, as its derived values depend on nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.questionnaire.model import Questionnaire
from bot.questionnaire.rubric import derive
from bot.questionnaire.verdict import Verdict, evaluate


def reason_lines(verdict: Verdict | None) -> list[str]:
    """One line per failed criterion, in rubric order: its id, then every failed check."""
    if verdict is None:
        return []
    return [
        f"{criterion.id} " + ", ".join(check.phrase for check in criterion.failed)
        for criterion in verdict.criteria
        if not criterion.passed
    ]


def reasons_from_answers(
    questionnaire: Questionnaire, failing: Sequence[str], answers: Mapping[str, object]
) -> list[str]:
    """The reasons of a stored report's failed criteria (`failing`, as stored). A criterion
    that no longer fails under the current rubric is named without reasons."""
    if not failing:
        return []
    rubric = questionnaire.rubric
    derived = derive(questionnaire, {**rubric.parameters, **answers})
    verdict = evaluate(rubric, answers, derived, {})
    lines = {line.split(" ", 1)[0]: line for line in reason_lines(verdict)}
    names = {criterion.id: criterion.name for criterion in rubric.criteria}
    return [lines.get(cid) or f"{cid} {names.get(cid, '')}".strip() for cid in failing]
