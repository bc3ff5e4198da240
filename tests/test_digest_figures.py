"""The figures the database computes are the figures the rows give, for every period and
unit of the seeded committee, and stay so for reports stored after migration 006."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from bot.digest.aggregate import summarize
from bot.digest.periods import Period, PeriodKind, month_period
from storage import digest_queries, reports
from storage.db import Database
from storage.digest_figures import load_figures
from storage.digest_queries import list_units
from storage.reports import ReportFacts
from storage.tables import reports as reports_table
from tests.test_digest_aggregate import CONFIG
from tests.test_digest_fixtures import NOW, TZ, seed_committee

PERIODS = [
    month_period(2026, 1), month_period(2026, 2), month_period(2026, 3), month_period(2026, 4),
    Period(PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9)),
    Period(PeriodKind.RANGE, date(2026, 2, 27), date(2026, 4, 4)),
]  # fmt: skip


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
async def test_sql_figures_equal_the_row_figures(db: Database, period: Period) -> None:
    await seed_committee(db)
    for unit_id in [None, *(unit.id for unit in await list_units(db))]:
        data = await digest_queries.load_period(db, period, tz=TZ, now=NOW, unit_id=unit_id)
        expected = summarize(data, now=NOW, deadline=CONFIG.deadline, rubric=CONFIG.rubric)
        got = await load_figures(db, period, tz=TZ, now=NOW, deadline=CONFIG.deadline,
                                 rubric=CONFIG.rubric, unit_id=unit_id)  # fmt: skip
        # Sums are added in another order: averages agree to rounding.
        assert got.attendance_avg == pytest.approx(expected.attendance_avg)
        assert got.duration_avg == pytest.approx(expected.duration_avg)
        assert replace(got, attendance_avg=None, duration_avg=None) == replace(
            expected, attendance_avg=None, duration_avg=None
        )


async def test_without_details_the_proposals_are_not_read(db: Database) -> None:
    await seed_committee(db)
    march = month_period(2026, 3)
    full = await load_figures(db, march, tz=TZ, now=NOW, deadline=CONFIG.deadline,
                              rubric=CONFIG.rubric)  # fmt: skip
    brief = await load_figures(db, march, tz=TZ, now=NOW, deadline=CONFIG.deadline,
                               rubric=CONFIG.rubric, details=False)  # fmt: skip
    assert len(full.proposals) == 3 and brief == replace(full, proposals=())


async def test_a_submission_stores_its_proposals_and_reasons(db: Database) -> None:
    """What the digests read is stored with the report (006), and a later revision replaces
    it."""
    seed = await seed_committee(db)
    report = await reports.get(db, 1)
    assert report is not None
    facts = ReportFacts(
        outcome="held", answers={"status": "held", "proposals": "  Xin thêm tài liệu  "},
        derived={}, meets_standard=False, failing_criteria=("C1",), score=80, grade="Khá",
        questionnaire_id="regular", questionnaire_version="2026.2", rubric_version="2018.2",
        late=False, reasons=("C1 Dự họp 71 % < 85 %",),
    )  # fmt: skip
    async with db.transaction() as conn:
        await reports.submit(conn, meeting_id=report.meeting_id, cadre_id=report.cadre_id,
                             facts=facts, now=NOW)  # fmt: skip
        row = (
            await conn.execute(
                select(reports_table.c.proposals, reports_table.c.reasons).where(
                    reports_table.c.id == 1
                )
            )
        ).one()
    assert row.proposals == "Xin thêm tài liệu"
    assert json.loads(row.reasons) == ["C1 Dự họp 71 % < 85 %"]
    assert seed.cadre_ids  # the seed ran
