"""The counts the database computes agree with the digest's own figures, month by month."""

from __future__ import annotations

import pytest

from bot.digest.aggregate import summarize
from bot.digest.periods import month_period, months_back
from storage import digest_queries
from storage.db import Database
from storage.digest_counts import period_counts
from storage.digest_queries import list_units
from tests.test_digest_aggregate import CONFIG
from tests.test_digest_fixtures import NOW, TZ, seed_committee

MONTHS = months_back(month_period(2026, 3), 4)  # December 2025 … March 2026


@pytest.mark.parametrize("by_unit", [False, True])
async def test_counts_match_the_figures(db: Database, by_unit: bool) -> None:
    await seed_committee(db)
    units = [unit.id for unit in await list_units(db)] if by_unit else [None]
    for unit_id in units:
        counts = await period_counts(db, MONTHS, tz=TZ, now=NOW, unit_id=unit_id)
        assert [c.period for c in counts] == list(MONTHS)
        for count in counts:
            data = await digest_queries.load_period(
                db, count.period, tz=TZ, now=NOW, unit_id=unit_id, with_answers=False
            )
            figures = summarize(data, now=NOW, deadline=CONFIG.deadline, rubric=CONFIG.rubric)
            assert (count.expected, count.received, count.on_time, count.meets, count.below) == (
                figures.expected, figures.received, figures.on_time, figures.meets,
                figures.below,
            )  # fmt: skip


async def test_march_by_hand(db: Database) -> None:
    """March: 7 expected, 5 received, 3 on time; 1 meets, 2 below (see the aggregate tests);
    an assignment that ended on 28/02 owes nothing in March; December has nothing at all."""
    await seed_committee(db)
    counts = await period_counts(db, MONTHS, tz=TZ, now=NOW)
    december, *_, march = counts
    assert (march.expected, march.received, march.on_time, march.meets, march.below) == (
        7, 5, 3, 1, 2,
    )  # fmt: skip
    assert march.on_time_rate == 3 / 7 and march.meets_rate == 1 / 3
    assert december.expected == 0 and december.on_time_rate is None
    assert december.meets_rate is None
