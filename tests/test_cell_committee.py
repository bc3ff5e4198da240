"""`Có chi ủy` in the roster: a cell without a chi ủy is not asked whether it met beforehand."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.questionnaire.engine import Answer, Choose, ChooseAll, Shortcut, start, step
from bot.questionnaire.model import load_questionnaire
from bot.questionnaire.rubric import derived_values, relevant_questions
from bot.questionnaire.verdict import evaluate
from bot.roster import RosterInvalid, load_roster
from storage.db import Database
from storage.tables import cells
from tests.test_roster_import import apply, edit_csv, sample_csv_copy

DONG = "Nhà văn hóa thôn Đông,"


def with_committee_column(tmp_path: Path, dong_value: str) -> Path:
    folder = sample_csv_copy(tmp_path)
    edit_csv(folder / "chi_bo.csv", "Địa điểm,Dời lịch", "Địa điểm,Dời lịch,Có chi ủy")
    edit_csv(folder / "chi_bo.csv", DONG, f"{DONG},{dong_value}")
    return folder


async def test_the_roster_column_is_stored(db: Database, tmp_path: Path) -> None:
    await apply(db, with_committee_column(tmp_path, "Không"))
    async with db.read() as conn:
        rows = dict((await conn.execute(select(cells.c.name, cells.c.has_committee))).all())
    assert rows["Chi bộ thôn Đông"] is False
    assert rows["Chi bộ thôn Tây"] is None  # left empty: the report asks


def test_a_wrong_value_is_a_problem(tmp_path: Path) -> None:
    folder = with_committee_column(tmp_path, "có lẽ")
    try:
        load_roster(folder)
    except RosterInvalid as exc:
        shown = [str(problem) for problem in exc.problems]
    else:
        raise AssertionError("accepted")
    assert any("Có chi ủy" in line and "chỉ nhận «Có» hoặc «Không»" in line for line in shown)


def test_a_cell_without_committee_is_not_asked_and_not_marked_down() -> None:
    q = load_questionnaire(None)
    context: dict[str, object] = {"meeting_date": "2026-03-05", "today": "2026-03-06",
                                  "members_roster": 25, "planned_start": "19:30",
                                  "previous": {}, "cell_committee": "no"}  # fmt: skip
    held = [x.id for x in relevant_questions(q, {"status": "held"}, context)]
    assert "prep_committee" not in held and "prep_secretary" in held
    draft, _ = start(q, context)
    for action in (Choose("held"), Choose("regular"), Answer("19:30"), Answer("21:30"),
                   Answer("2"), Answer("21"), Answer("2"), Shortcut(), ChooseAll()):  # fmt: skip
        draft, _ = step(q, draft, action, context)
    assert draft.answers["prep_secretary"] == draft.answers["prep_draft"] == "yes"
    assert "prep_committee" not in draft.answers
    answers = {**draft.answers, "speakers": 8, "minutes": "full", "principles": "good",
               "resolution_results": "ge90"}  # fmt: skip
    verdict = evaluate(q.rubric, answers, derived_values(q, answers, context), context)
    assert verdict is not None and verdict.criteria[1].passed
