"""SIGKILL of the real process over real HTTP: nothing acknowledged is lost, nothing queued
goes unanswered. Sizes from `tests.reliability.sizes`; `bench/` runs the long versions."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.backlog import run_backlog
from tests.reliability.crash_campaign import run_campaign
from tests.reliability.sizes import BACKLOG, CADRES, KILLS


async def test_kill_9_with_a_backlog_then_a_restart_answers_every_update(tmp_path: Path) -> None:
    figures = await run_backlog(tmp_path, BACKLOG)
    assert figures.answered == BACKLOG, figures.line()
    assert figures.answered_before_kill < BACKLOG  # the kill did land in the backlog
    assert figures.duplicates <= 1, figures.line()  # at most one repeated reply per crash


async def test_kill_9_at_random_moments_loses_and_misplaces_no_answer(tmp_path: Path) -> None:
    figures = await run_campaign(tmp_path, kills=KILLS, cadres=CADRES, seed=7)
    assert figures.kills == KILLS and figures.answers > 0, figures.line()
    assert (figures.lost, figures.misplaced, figures.missing_receipts, figures.stuck) == (
        0, 0, 0, 0,
    ), (figures.line(), figures.problems)  # fmt: skip
    assert figures.duplicates <= figures.kills, figures.line()
