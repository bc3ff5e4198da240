"""Benchmark: SIGKILL the real bot at random moments while cadres write reports.

The bot runs as `python bot.py` against the fake Bot API over real HTTP; cadres answer whole
reports; the process is killed after a random number of Bot API calls and restarted at once.
Prints the kills, reports and answers checked, and what was lost, misplaced, without a
receipt or duplicated, beside the target (0, 0, 0, and at most one duplicate per kill).

Run from the project root: `.venv/bin/python -m bench.crash_kills --kills 200`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from tests.reliability.crash_campaign import run_campaign


def report_progress(kills: int, receipts: int) -> None:
    if kills % 10 == 0:
        print(f"… {kills} kills, {receipts} receipts so far", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--cadres", type=int, default=5)
    parser.add_argument("--cells", type=int, default=6, help="cells per cadre (2 reports each)")
    parser.add_argument("--max-gap", type=int, default=30, help="most Bot API calls between kills")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the database and bot.log here")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        figures = asyncio.run(
            run_campaign(
                workdir, kills=args.kills, cadres=args.cadres, seed=args.seed,
                cells=args.cells, max_gap=args.max_gap, progress=report_progress,
            )
        )  # fmt: skip
    print(
        f"settings: {args.kills} kills wanted, {args.cadres} cadres, {args.cells} cells each, "
        f"at most {args.max_gap} Bot API calls between kills, seed {args.seed}"
    )
    print(figures.line())
    bound = max(figures.kills, 1)
    print(
        f"target: 0 lost, 0 misplaced, 0 missing receipts, duplicates ≤ kills "
        f"(ratio {figures.duplicates}/{bound} = {figures.duplicates / bound:.2f} of the bound)"
    )
    print(f"elapsed: {time.monotonic() - started:.0f} s")
    for problem in figures.problems[:20]:
        print("problem:", problem)


if __name__ == "__main__":
    main()
