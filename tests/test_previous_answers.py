"""The answers of a cell's previous report, the source of `default_from: previous`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.clock import FakeClock
from bot.questionnaire.expressions import compile_expression
from bot.settings import Settings
from storage import meetings, reports
from storage.db import Database
from storage.reports import ReportFacts

FACTS = ReportFacts(
    outcome="held", answers={"status": "held", "members_exempt": 3}, derived={},
    meets_standard=True, failing_criteria=(), score=100, grade="Tốt",
    questionnaire_id="regular_meeting", questionnaire_version="2026.3", rubric_version="2018.2",
    late=False,
)  # fmt: skip


async def test_latest_held_report_of_the_cell_before_the_meeting(
    planned_db: Database, clock: FakeClock, settings: Settings
) -> None:
    dong = next(c for c in await meetings.list_cells(planned_db) if c.name.endswith("thôn Đông"))
    february = await meetings.find_meeting_on(planned_db, dong.id, date(2026, 2, 5), settings.tz)
    march = await meetings.find_meeting_on(planned_db, dong.id, date(2026, 3, 5), settings.tz)
    assert february is not None and march is not None
    assert await reports.previous_answers(planned_db, dong.id, march.starts_at) == {}
    async with planned_db.transaction() as conn:
        await reports.submit(conn, meeting_id=february.id, cadre_id=1, facts=FACTS, now=clock.now())
        absent = replace(FACTS, outcome="absent", answers={"status": "absent", "reason": "ốm"})
        await reports.submit(conn, meeting_id=february.id, cadre_id=2, facts=absent,
                             now=clock.now())  # fmt: skip
    previous = await reports.previous_answers(planned_db, dong.id, march.starts_at)
    assert previous == {"status": "held", "members_exempt": 3}
    # Not the meeting's own report, nor another cell's.
    assert await reports.previous_answers(planned_db, dong.id, february.starts_at) == {}
    assert await reports.previous_answers(planned_db, dong.id + 1, march.starts_at) == {}


def test_add_minutes_offers_end_times() -> None:
    add = compile_expression("add_minutes(start_time, 90)")
    assert add.evaluate({"start_time": "19:30"}) == "21:00"
    assert add.evaluate({"start_time": "23:00"}) is None  # past midnight: no suggestion
    assert add.evaluate({"start_time": None}) is None
