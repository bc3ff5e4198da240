"""Benchmark: a backlog of /lich from many people, SIGKILL while it is being answered, restart.

The bot runs as `python bot.py` against the fake Bot API over real HTTP. Prints how many were
answered before the kill, how many after the restart (target: all), the duplicates (bound:
one per crash) and the seconds from the restart until the last was answered.

Run from the project root: `.venv/bin/python -m bench.backlog_kill --updates 300`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from tests.reliability.backlog import run_backlog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        figures = asyncio.run(run_backlog(Path(workdir), args.updates))
    print(figures.line())
    print(
        f"target: all answered (ratio {figures.answered}/{figures.updates} = "
        f"{figures.answered / figures.updates:.2f}), duplicates ≤ 1 (got {figures.duplicates})"
    )


if __name__ == "__main__":
    main()
