"""Benchmark: an update the bot cannot read, then a `/start`, against the real process.

`python bot.py` runs against the fake Bot API over real HTTP; each round pushes one update
python-telegram-bot cannot parse and then a `/start` from a new person, and times the answer.
Prints the average and worst time beside the 5 s target, and the parked-update log lines
(one per unreadable update).

Run from the project root: `.venv/bin/python -m bench.poison_start --rounds 20`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from tests.reliability.poison_start import run_poison_start

TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        figures = asyncio.run(run_poison_start(Path(workdir), args.rounds))
    print(figures.line())
    print(
        f"target: ≤ {TARGET_SECONDS:.0f} s (worst {figures.slowest:.2f} s = "
        f"{figures.slowest / TARGET_SECONDS:.2f} of the target); "
        f"parked lines {figures.parked_lines} for {figures.rounds} unreadable updates"
    )


if __name__ == "__main__":
    main()
