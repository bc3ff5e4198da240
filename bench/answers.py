"""Benchmark: what one answer of a report costs, the project beside a plain
python-telegram-bot baseline.

`--mode handler` stores updates in the inbox and lets the inbox worker handle them (no
network): one cadre at a time, then `--concurrent` cadres side by side, beside the targets of
issue 9. `--mode http` (the default) runs the project and the baseline bot as processes of
their own against the same fake Bot API over HTTP (see bench/README.md). Asserts nothing
about time.

Run from the project root: `.venv/bin/python -m bench.answers [--help]`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import secrets
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.figures import percentile, versus
from bench.handler_level import Cadre, HandlerLevel, Run
from bench.http_level import COMMITTEE_CHAT_ID, ROOT, TOKEN, bot_process, measure
from bench.report_script import REPORT_STEPS
from bench.seed import seed_reporting_cadres
from bench.updates import UpdateMaker
from bot.settings import load_settings
from storage.db import Database
from storage.migrate import migrate

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
# Issue 9's targets, handler level, on a 2-core machine.
P99_ONE_AT_A_TIME_MS = 10.0
CPU_PER_ANSWER_MS = 6.0
P99_CONCURRENT_MS = 100.0


def describe(name: str, run: Run) -> list[str]:
    ms = [latency * 1000 for latency in run.latencies]
    return [
        f"{name}: {run.answers} answers in {run.wall_seconds:.2f} s = "
        f"{run.answers / run.wall_seconds:.1f} answers/s; {run.reports} reports submitted",
        f"  latency p50 {percentile(ms, 0.5):.2f} ms, p99 {percentile(ms, 0.99):.2f} ms, "
        f"max {max(ms):.2f} ms",
        f"  CPU per answer {run.cpu_seconds * 1000 / run.answers:.2f} ms",
        f"  updates retried {run.retried_updates}, 'database is locked' {run.locked_errors}",
    ]


@asynccontextmanager
async def fresh_database(backend: str, tmp: Path, postgres_url: str) -> AsyncIterator[str | None]:
    """The URL of an empty, migrated database (None: the backend is not available here).
    On PostgreSQL a database of its own is created on the server and dropped afterwards."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'bench.sqlite3'}"
        db = Database(url)
        await migrate(db)
        await db.close()
        yield url
        return
    if importlib.util.find_spec("asyncpg") is None:
        print("postgresql: skipped (the asyncpg driver is not installed)")
        yield None
        return
    name = f"fieldreport_bench_{secrets.token_hex(4)}"
    server = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
    async with server.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        await migrate(db)
        await db.close()
        yield url
    finally:
        async with server.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await server.dispose()


async def handler_mode(args: argparse.Namespace) -> dict[str, float] | None:
    with tempfile.TemporaryDirectory() as tmp:
        async with fresh_database(args.backend, Path(tmp), args.postgres_url) as url:
            if url is None:
                return None
            settings = load_settings(
                _env_file=None, telegram_bot_token="123456:BENCH-TOKEN",
                telegram_base_url="http://127.0.0.1:9/bot", database_url=url,
            )  # fmt: skip
            db = Database(url)
            now = datetime.now(UTC)
            total = 1 + args.cadres + args.concurrent  # the first one warms the caches up
            user_ids = await seed_reporting_cadres(db, total, now)
            maker = UpdateMaker()
            cadres = [Cadre(user_id, maker) for user_id in user_ids]
            bench = HandlerLevel(db, settings)
            await bench.start()
            await bench.measure(cadres[:1], bench.one_at_a_time)
            alone = await bench.measure(cadres[1 : 1 + args.cadres], bench.one_at_a_time)
            together = await bench.measure(cadres[1 + args.cadres :], bench.side_by_side)
            await db.close()
    print(f"backend: {args.backend}; {len(REPORT_STEPS)} answers per report")
    for line in describe(f"one cadre at a time ({args.cadres} cadres)", alone):
        print(line)
    for line in describe(f"{args.concurrent} cadres side by side", together):
        print(line)
    alone_ms = [latency * 1000 for latency in alone.latencies]
    together_ms = [latency * 1000 for latency in together.latencies]
    alone_cpu = alone.cpu_seconds * 1000 / alone.answers
    targets = {
        "p99 one at a time": versus(percentile(alone_ms, 0.99), P99_ONE_AT_A_TIME_MS, "ms"),
        "CPU per answer, alone": versus(alone_cpu, CPU_PER_ANSWER_MS, "ms"),
        f"p99 {args.concurrent} side by side": versus(
            percentile(together_ms, 0.99), P99_CONCURRENT_MS, "ms"
        ),
        "'database is locked'": f"{alone.locked_errors + together.locked_errors} (target 0)",
    }
    print("targets:")
    for name, figure in targets.items():
        print(f"  {name + ':':<28}{figure}")
    return {
        "answers/s alone": alone.answers / alone.wall_seconds,
        "p99 alone (ms)": percentile(alone_ms, 0.99),
        "CPU per answer (ms)": alone_cpu,
        f"p99 {args.concurrent} side by side (ms)": percentile(together_ms, 0.99),
    }


async def http_mode(args: argparse.Namespace) -> dict[str, float] | None:
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with fresh_database(args.backend, Path(tmp), args.postgres_url) as url:
            if url is None:
                return None
            db = Database(url)
            user_ids = await seed_reporting_cadres(db, 1 + args.cadres, datetime.now(UTC))
            await db.close()
            project_env = {
                "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "{base_url}",
                "DATABASE_URL": url, "COMMITTEE_CHAT_ID": str(COMMITTEE_CHAT_ID),
            }  # fmt: skip
            bots = {
                "project": ([sys.executable, str(ROOT / "bot.py"), "run"], project_env),
                **{
                    f"baseline, pickle flushed {flush}": (
                        [
                            sys.executable,
                            "-m",
                            "bench.baseline_ptb",
                            "--token",
                            TOKEN,
                            "--base-url",
                            "{base_url}",
                            "--pickle",
                            f"{tmp}/{flush}.pickle",
                            "--flush",
                            flush,
                            "--committee",
                            str(COMMITTEE_CHAT_ID),
                        ],
                        {"PYTHONPATH": str(ROOT)},
                    )
                    for flush in ("every", "default")
                },
            }
            for name, (command, env) in bots.items():
                workdir = Path(tmp) / name.split(",")[0].replace(" ", "_") / name[-7:].strip()
                workdir.mkdir(parents=True)
                async with bot_process(command, env, workdir) as (api, pid):
                    runs[name] = await measure(api, pid, user_ids, args.think)
    print(f"backend: {args.backend}; {len(REPORT_STEPS)} answers per report, {args.cadres} "
          f"cadres side by side, {args.think:g} s between a reply and the next answer; each "
          "bot is a process polling the fake API over HTTP")  # fmt: skip
    for name, run in runs.items():
        for line in describe(name, run)[:3]:
            print(line)
    project = runs["project"]
    print("project / baseline:")
    for name, run in runs.items():
        if name == "project":
            continue
        ours, theirs = project.cpu_seconds / project.answers, run.cpu_seconds / run.answers
        p_ours = [latency * 1000 for latency in project.latencies]
        p_theirs = [latency * 1000 for latency in run.latencies]
        speed = (project.answers / project.wall_seconds) / (run.answers / run.wall_seconds)
        print(f"  vs {name}: CPU per answer {ours / theirs:.2f}, "
              f"p50 {percentile(p_ours, 0.5) / percentile(p_theirs, 0.5):.2f}, "
              f"p99 {percentile(p_ours, 0.99) / percentile(p_theirs, 0.99):.2f}, "
              f"answers/s {speed:.2f}")  # fmt: skip
    ours_ms = [latency * 1000 for latency in project.latencies]
    return {
        "answers/s": project.answers / project.wall_seconds,
        "p50 (ms)": percentile(ours_ms, 0.5),
        "p99 (ms)": percentile(ours_ms, 0.99),
        "CPU per answer (ms)": project.cpu_seconds * 1000 / project.answers,
    }


def side_by_side(figures: dict[str, dict[str, float] | None]) -> None:
    """The project's figures on each backend of this run, and PostgreSQL's / SQLite's."""
    sqlite, postgresql = figures.get("sqlite"), figures.get("postgresql")
    if sqlite is None or postgresql is None:
        return
    print("project, SQLite vs PostgreSQL (same run):")
    for name, value in sqlite.items():
        other = postgresql[name]
        print(f"  {name + ':':<34}{value:9.1f} {other:9.1f}   ratio {other / value:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mode", choices=("http", "handler"), default="http")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql", "both"), default="sqlite",
        help="both: SQLite, then PostgreSQL, and the two side by side",
    )  # fmt: skip
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument(
        "--cadres", type=int, default=4,
        help="cadres who report one after another (handler mode) or at once (http mode)",
    )  # fmt: skip
    parser.add_argument(
        "--concurrent", type=int, default=16, help="handler mode: cadres answering side by side"
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="http mode: seconds before the next answer"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # A poll cut short when a bot under test stops is answered 500: expected, not news.
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
    run = handler_mode if args.mode == "handler" else http_mode
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    figures: dict[str, dict[str, float] | None] = {}
    for backend in backends:
        args.backend = backend
        figures[backend] = asyncio.run(run(args))
    side_by_side(figures)


if __name__ == "__main__":
    main()
