"""The handler-level benchmark really completes reports: its script matches the default
questionnaire, alone and side by side (figures about time are never asserted)."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.handler_level import Cadre, HandlerLevel
from bench.report_script import REPORT_STEPS
from bench.seed import seed_reporting_cadres
from bench.updates import UpdateMaker
from bot.settings import Settings
from storage.db import Database


async def test_every_cadre_submits_a_report_alone_and_side_by_side(
    db: Database, settings: Settings
) -> None:
    user_ids = await seed_reporting_cadres(db, 3, datetime.now(UTC))
    maker = UpdateMaker()
    cadres = [Cadre(user_id, maker) for user_id in user_ids]
    bench = HandlerLevel(db, settings)
    await bench.start()
    alone = await bench.measure(cadres[:1], bench.one_at_a_time)
    together = await bench.measure(cadres[1:], bench.side_by_side)
    assert (alone.reports, alone.answers) == (1, len(REPORT_STEPS))
    assert (together.reports, together.answers) == (2, 2 * len(REPORT_STEPS))
    assert together.retried_updates == 0 and together.locked_errors == 0
    assert alone.cpu_seconds > 0 and len(together.latencies) == together.answers
