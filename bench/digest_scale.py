"""Benchmark: the monthly digest over a year of reports, at growing sizes.

For each size (reports in a year) it fills a fresh SQLite database — one unit per 25 cells, a
cadre per two cells, every cell meeting monthly from April 2025 to March 2026, about 95% of
meetings reported, with full answers and the values stored with each report (verdict, score,
grade, attendance, duration, late, reasons, proposals) — with bulk inserts, then times:

- the monthly aggregation of March 2026 as the digest does it (figures of March and of
  February for the change, a year of verdicts for «below standard month after month», and
  the 12-month trend), beside one hand-written `GROUP BY` over the same file (received, late,
  meets standard, per unit, for March), and their ratio (target: ≤ 1 s at 1,000,000 reports,
  ≤ 2 × the hand-written query);
- the chart, the trend chart;
- the spreadsheet (reading the month's reports, writing the workbook), with the process's
  peak memory (target: ≤ 15 s at 1,000,000 reports).

Each timed step runs three times and the best run is shown. Prints the figures; asserts
nothing. Run from the project root:
`.venv/bin/python -m bench.digest_scale [--sizes N …] [--plans]`. The default sizes are
100,000 and 1,000,000 reports; the last takes several minutes and about 1 GB of disk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, create_engine, insert, text
from sqlalchemy.engine import Connection

from bot.digest.compose import TREND_MONTHS, DigestBundle, DigestConfig, collect
from bot.digest.periods import month_period, months_back
from bot.questionnaire.model import load_questionnaire
from storage import digest_queries
from storage.db import Database
from storage.digest_counts import period_counts
from storage.migrate import migrate
from storage.tables import assignments, cadres, cells, meetings, report_revisions, reports, units

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 4, 3, 7, 30, tzinfo=TZ).astimezone(UTC)
MONTHS = [(2025 + (3 + n) // 12, (3 + n) % 12 + 1) for n in range(12)]  # Apr 2025 … Mar 2026
CELLS_PER_UNIT, CELLS_PER_CADRE, CHUNK = 25, 2, 20_000
CREATED = datetime(2025, 1, 1, tzinfo=UTC)
STEPS = ["open", "dues", "news", "review_prev", "plan_next", "discussion", "vote", "conclude"]
GRADES = [(90, "Tốt"), (70, "Khá"), (50, "Trung bình"), (0, "Kém")]
REASONS = {  # what the rubric says for the bench's failures, stored like a submission does
    "C1": "C1 Dự họp {ratio} % < 85 %", "C2": "C2 Chi ủy không họp trước để thống nhất nội dung",
    "C3": "C3 Thời gian {minutes} phút < 90", "C4": "C4 Nguyên tắc: Còn hạn chế",
    "C5": "C5 Kết quả NQ 50–69 % < 70 %",
}  # fmt: skip
RUNS = 3
# One hand-written query over the same file: what a committee would first ask of March.
HAND_WRITTEN = (
    "SELECT c.unit_id, count(*), sum(r.late), sum(r.meets_standard) FROM reports r "
    "JOIN meetings m ON m.id = r.meeting_id JOIN cells c ON c.id = m.cell_id "
    "WHERE m.starts_at >= ? AND m.starts_at < ? GROUP BY c.unit_id"
)


def chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    for batch in chunks(rows):
        conn.execute(insert(table), batch)


def held(rng: random.Random, members: int) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Plausible answers of a held meeting, their derived values and the failing criteria."""
    # Roughly what a committee sees: most meetings meet the standard, about 30% miss one
    # criterion or more (few absent members, mostly long enough, mostly well prepared).
    present = members - int(members * rng.choice([0, 0, 0.05, 0.05, 0.1, 0.1, 0.2]))
    minutes = 75 if rng.random() < 0.07 else rng.choice([90, 105, 120, 135, 150])
    end = 19 * 60 + 30 + minutes
    answers: dict[str, Any] = {
        "status": "held", "meeting_type": rng.choice(["regular", "thematic"]),
        "start_time": "19:30", "end_time": f"{end // 60:02d}:{end % 60:02d}",
        "members_total": members, "members_exempt": 0, "present": present,
        "absent_excused": members - present, "absent_unexcused": 0,
        "prep_secretary": "yes", "prep_committee": "no" if rng.random() < 0.05 else "yes",
        "prep_draft": "yes", "steps": STEPS, "speakers": max(1, present // 3),
        "minutes": "full", "principles": "limited" if rng.random() < 0.05 else "good",
        "resolution_results": "50to70" if rng.random() < 0.05 else rng.choice(["ge90", "70to90"]),
        "cell_rating": "kha",
        "remarks": "Chi bộ sinh hoạt nghiêm túc, đảng viên phát biểu sôi nổi.",
    }  # fmt: skip
    if rng.random() < 0.2:
        answers["proposals"] = "Đề nghị cấp trên hỗ trợ kinh phí sửa chữa nhà văn hóa thôn."
    ratio = present / members
    failing = [c for c, holds in (
        ("C1", ratio >= 0.85), ("C2", answers["prep_committee"] != "no"), ("C3", minutes >= 90),
        ("C4", answers["principles"] == "good"),
        ("C5", answers["resolution_results"] != "50to70"),
    ) if not holds]  # fmt: skip
    derived = {"eligible": members, "duration_minutes": minutes, "attendance_ratio": ratio}
    return answers, derived, failing


def fill(url: str, size: int, seed: int = 5) -> tuple[int, int, int]:
    """Write the roster, a year of meetings and their reports; returns (cells, meetings,
    reports)."""
    rng = random.Random(seed)
    cell_count = max(size // 12, 1)
    unit_count = -(-cell_count // CELLS_PER_UNIT)
    engine = create_engine(url.replace("+aiosqlite", ""))
    members = [rng.randint(8, 60) for _ in range(cell_count)]
    counts = {"meetings": 0, "reports": 0}
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        bulk(conn, units, ({"id": u + 1, "name": f"Đảng bộ xã Số {u + 1:04d}",
                            "created_at": CREATED} for u in range(unit_count)))  # fmt: skip
        bulk(conn, cells, ({
            "id": c + 1, "unit_id": c // CELLS_PER_UNIT + 1, "name": f"Chi bộ thôn {c + 1}",
            "member_count": members[c], "meeting_day": 5, "meeting_weekday": None,
            "meeting_nth": None, "meeting_time": "19:30", "place": None,
            "holiday_shift": "next", "created_at": CREATED,
        } for c in range(cell_count)))  # fmt: skip
        cadre_count = -(-cell_count // CELLS_PER_CADRE)
        bulk(conn, cadres, ({
            "id": k + 1, "full_name": f"Cán bộ số {k + 1}", "phone": f"+8490{k:07d}",
            "position": None, "telegram_user_id": 1_000_000_000 + k, "zalo_user_id": None,
            "active": True, "created_at": CREATED,
        } for k in range(cadre_count)))  # fmt: skip
        bulk(conn, assignments, ({
            "cadre_id": c // CELLS_PER_CADRE + 1, "cell_id": c + 1, "document_ref": None,
            "starts_on": date(2025, 1, 1), "ends_on": None, "created_at": CREATED,
        } for c in range(cell_count)))  # fmt: skip

        def meeting_rows() -> Iterator[dict[str, Any]]:
            for m, (year, month) in enumerate(MONTHS):
                for c in range(cell_count):
                    day = 1 + c % 10
                    start = datetime(year, month, day, 19, 30, tzinfo=TZ).astimezone(UTC)
                    status = "cancelled" if rng.random() < 0.01 else "planned"
                    counts["meetings"] += 1
                    yield {"id": m * cell_count + c + 1, "cell_id": c + 1,
                           "rule_date": date(year, month, day), "starts_at": start,
                           "place": None, "status": status, "changed_manually": False,
                           "created_at": CREATED}  # fmt: skip

        bulk(conn, meetings, meeting_rows())
        report_list: list[dict[str, Any]] = []
        revision_list: list[dict[str, Any]] = []

        def flush() -> None:
            conn.execute(insert(reports), report_list)
            conn.execute(insert(report_revisions), revision_list)
            report_list.clear()
            revision_list.clear()

        for m, (year, month) in enumerate(MONTHS):
            for c in range(cell_count):
                if rng.random() < 0.05:
                    continue  # never reported
                meeting_id = m * cell_count + c + 1
                start = datetime(year, month, 1 + c % 10, 19, 30, tzinfo=TZ).astimezone(UTC)
                late = rng.random() < 0.1
                submitted = start + timedelta(days=3 if late else 1)
                roll = rng.random()
                if roll < 0.03:
                    answers: dict[str, Any] = {"status": "absent", "reason": "Đi công tác"}
                    derived: dict[str, Any] = {}
                    failing: list[str] = []
                elif roll < 0.05:
                    answers, derived, failing = {"status": "cancelled", "reason": "Mưa bão"}, {}, []
                else:
                    answers, derived, failing = held(rng, members[c])
                is_held = answers["status"] == "held"
                score = 100 - 20 * len(failing) if is_held else None
                counts["reports"] += 1
                report_id = counts["reports"]
                report_list.append({
                    "id": report_id, "meeting_id": meeting_id,
                    "cadre_id": c // CELLS_PER_CADRE + 1,
                    "receipt_no": f"BC-{submitted.year}-{report_id:07d}",
                    "outcome": answers["status"], "review_state": "submitted", "revision": 1,
                    "late": late, "meets_standard": (not failing) if is_held else None,
                    "failing_criteria": json.dumps(failing), "score": score,
                    "grade": next(g for low, g in GRADES if score >= low) if score is not None
                    else None,
                    "attendance_ratio": derived.get("attendance_ratio"),
                    "duration_minutes": derived.get("duration_minutes"),
                    "proposals": answers.get("proposals"),
                    "reasons": json.dumps([REASONS[c].format(
                        ratio=round(100 * derived.get("attendance_ratio", 0)),
                        minutes=derived.get("duration_minutes")) for c in failing],
                        ensure_ascii=False),
                    "questionnaire_id": "regular_meeting", "questionnaire_version": "2026.1",
                    "rubric_version": "2018.1", "first_submitted_at": submitted,
                    "submitted_at": submitted,
                })  # fmt: skip
                revision_list.append({
                    "report_id": report_id, "revision": 1,
                    "answers": json.dumps(answers, ensure_ascii=False),
                    "derived": json.dumps(derived), "questionnaire_version": "2026.1",
                    "rubric_version": "2018.1", "submitted_at": submitted,
                })  # fmt: skip
                if len(report_list) == CHUNK:
                    flush()
        if report_list:
            flush()
    engine.dispose()
    return cell_count, counts["meetings"], counts["reports"]


async def explain(db: Database) -> None:
    """SQLite's plan for the heaviest statements (to see which indexes are used)."""
    start, end = month_period(2026, 3).bounds(TZ)
    statements = {
        "meetings of the month": (
            "SELECT m.id FROM meetings m JOIN cells c ON c.id = m.cell_id "
            "WHERE m.starts_at >= :s AND m.starts_at < :e"
        ),
        "reports of the month": (
            "SELECT r.id FROM reports r JOIN meetings m ON m.id = r.meeting_id "
            "JOIN report_revisions v ON v.report_id = r.id AND v.revision = r.revision "
            "WHERE m.starts_at >= :s AND m.starts_at < :e"
        ),
        "a year of «below» verdicts": (
            "SELECT m.cell_id FROM reports r JOIN meetings m ON m.id = r.meeting_id "
            "JOIN cells c ON c.id = m.cell_id WHERE r.outcome = 'held' AND m.starts_at >= :y "
            "AND m.starts_at < :e AND (r.meets_standard = 0 OR m.starts_at >= :s) "
            "AND m.cell_id IN (SELECT m2.cell_id FROM meetings m2 JOIN reports r2 "
            "ON r2.meeting_id = m2.id WHERE r2.meets_standard = 0 AND m2.starts_at >= :p "
            "AND m2.starts_at < :s)"
        ),
        "one unit's meetings": (
            "SELECT m.id FROM meetings m JOIN cells c ON c.id = m.cell_id "
            "WHERE m.starts_at >= :s AND m.starts_at < :e AND c.unit_id = 7"
        ),
        "assignments of the month's cells": (
            "SELECT a.cadre_id FROM assignments a JOIN cadres k ON k.id = a.cadre_id "
            "WHERE a.cell_id IN (SELECT cell_id FROM meetings WHERE starts_at >= :s "
            "AND starts_at < :e)"
        ),
    }
    async with db.read() as conn:
        for name, sql in statements.items():
            bounds = {"s": start, "e": end, "y": start - timedelta(days=334),
                      "p": start - timedelta(days=28)}  # fmt: skip
            rows = await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"), bounds)
            print(f"  plan, {name}: " + " | ".join(str(row[-1]) for row in rows.all()))


async def best(step: Callable[[], Awaitable[object]]) -> tuple[float, object]:
    """The fastest of `RUNS` runs, and the last result."""
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = await step()
        times.append(time.perf_counter() - started)
    return min(times), result


def hand_written(path: Path) -> float:
    """The best of `RUNS` runs of the one hand-written GROUP BY, through plain sqlite3."""
    start, end = month_period(2026, 3).bounds(TZ)
    bounds = tuple(moment.strftime("%Y-%m-%d %H:%M:%S.%f") for moment in (start, end))
    times = []
    with sqlite3.connect(path) as con:
        for _ in range(RUNS):
            started = time.perf_counter()
            con.execute(HAND_WRITTEN, bounds).fetchall()
            times.append(time.perf_counter() - started)
    return min(times)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(size: int, plans: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "digest.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        db = Database(url)
        await migrate(db)
        await db.close()
        started = time.perf_counter()
        cell_count, meeting_count, report_count = await asyncio.to_thread(fill, url, size)
        seeded = time.perf_counter() - started
        db = Database(url)
        config = DigestConfig(TZ, timedelta(days=2), load_questionnaire())
        march = month_period(2026, 3)

        async def aggregate() -> DigestBundle:
            return await collect(db, march, config, now=NOW, rows=False)

        async def trend_only() -> object:
            months = months_back(march, TREND_MONTHS)
            return await period_counts(db, months, tz=TZ, now=NOW)

        aggregated, result = await best(aggregate)
        assert isinstance(result, DigestBundle)
        bundle = result
        trend_counted, _ = await best(trend_only)
        baseline = await asyncio.to_thread(hand_written, path)
        started = time.perf_counter()
        chart = bundle.chart()
        charted = time.perf_counter() - started
        started = time.perf_counter()
        trend = bundle.trend_chart()
        trended = time.perf_counter() - started
        memory_before = peak_memory_mb()
        started = time.perf_counter()
        rows = await digest_queries.load_period(db, march, tz=TZ, now=NOW)
        read = time.perf_counter() - started
        started = time.perf_counter()
        workbook = replace(bundle, data=rows).workbook()
        written = time.perf_counter() - started
        figures = bundle.digest.current
        print(f"{report_count:>9,} reports · {cell_count:,} cells · {meeting_count:,} meetings · "
              f"db {path.stat().st_size / 1e6:,.0f} MB · filled in {seeded:.1f} s")  # fmt: skip
        print(f"  March 2026: {figures.expected:,} expected, {figures.received:,} received, "
              f"{len(figures.missing):,} missing, {len(bundle.digest.streaks):,} cells below "
              f"standard 2+ months")  # fmt: skip
        print(f"  monthly aggregation: {aggregated:7.3f} s  (target ≤ 1 s: "
              f"{aggregated / 1.0:.2f} × the target; of which the 12-month trend "
              f"{trend_counted:.3f} s)")  # fmt: skip
        print(f"  hand-written GROUP BY: {baseline:5.3f} s  (ours / hand-written = "
              f"{aggregated / baseline:.1f} ×, target ≤ 2 ×)")  # fmt: skip
        print(f"  chart:               {charted:7.2f} s  ({len(chart.content) / 1e3:,.0f} kB)")
        trend_size = len(trend.content) / 1e3 if trend else 0
        print(f"  trend chart:         {trended:7.2f} s  ({trend_size:,.0f} kB)")
        print(f"  spreadsheet:         {read + written:7.2f} s  (reading {read:.2f} s, writing "
              f"{written:.2f} s; {len(workbook.content) / 1e6:,.1f} MB; target ≤ 15 s: "
              f"{(read + written) / 15:.2f} × the target)")  # fmt: skip
        print(f"  peak memory: {peak_memory_mb():,.0f} MB (before the spreadsheet "
              f"{memory_before:,.0f} MB)")  # fmt: skip
        if plans:
            await explain(db)
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
        help="reports in the year, one run per size (default: 100000 1000000)",
    )  # fmt: skip
    parser.add_argument("--plans", action="store_true", help="print SQLite's query plans too")
    args = parser.parse_args()
    for size in args.sizes:
        asyncio.run(measure(size, args.plans))


if __name__ == "__main__":
    main()
