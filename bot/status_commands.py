"""`bot.py status` (what the database says about the deployment, without touching the network)
and `bot.py backup FILE` (SQLite's online backup, safe while the bot runs)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bot.clock import Clock, SystemClock
from bot.digest.periods import parse_monthly, parse_weekly
from bot.i18n import t
from bot.settings import Settings
from storage.db import Database
from storage.migrate import alembic_config, current_revision
from storage.status import read_status

EXIT_FAILED = 1


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _when(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y") if moment else t("status.never")


# --- status ---------------------------------------------------------------------------------


async def status_command(
    settings: Settings,
    *,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print the deployment's state; reads only (no migration, no network)."""
    now = (clock or SystemClock()).now()
    path = sqlite_path(settings.database_url)
    if path is not None and not path.is_file():
        err.write(t("status.no_database", path=str(path)) + "\n")
        return EXIT_FAILED
    tz = settings.tz
    local_today = now.astimezone(tz).date()
    month_first = local_today.replace(day=1)
    next_month = (month_first + timedelta(days=32)).replace(day=1)
    db = Database(settings.database_url)
    try:
        revision = await current_revision(db)
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        if revision != head:
            err.write(t("status.schema_behind", revision=revision or "-", head=head or "-") + "\n")
            return EXIT_FAILED
        counts = await read_status(
            db,
            month_start=datetime.combine(month_first, time(0), tzinfo=tz),
            month_end=datetime.combine(next_month, time(0), tzinfo=tz),
            window_start=now - timedelta(days=settings.reporting_window_days),
            now=now,
        )
    finally:
        await db.close()
    lines = [
        t("status.database", url=_safe_url(settings.database_url), revision=revision or "-"),
        t(
            "status.cadres", active=counts.active_cadres,
            telegram=counts.linked["telegram"], zalo=counts.linked["zalo"],
        ),
        t(
            "status.meetings", month=month_first.strftime("%m/%Y"),
            total=sum(counts.meetings_by_status.values()),
            detail=", ".join(
                f"{t(f'meeting.status.{status}')} {count}"
                for status, count in sorted(counts.meetings_by_status.items())
            ) or "-",
        ),
        t(
            "status.reports", awaiting=counts.reports_awaiting,
            days=settings.reporting_window_days, returned=counts.reports_returned,
        ),
        t(
            "status.outbox", pending=counts.outbox_by_status.get("pending", 0),
            failed=counts.outbox_by_status.get("failed", 0),
            sent=counts.outbox_by_status.get("sent", 0),
        ),
        t("status.last_activity", when=_when(counts.last_user_activity, tz)),
        t("status.jobs_header"),
        *(t("status.job", name=name, when=_when(at, tz)) for name, at in _next_jobs(settings, now)),
        t("status.job", name=t("status.job.message"), when=_when(counts.next_message_due, tz)),
    ]  # fmt: skip
    out.write("\n".join(lines) + "\n")
    return 0


def _safe_url(url: str) -> str:
    """The URL without a password."""
    return make_url(url).render_as_string(hide_password=True)


def _next_jobs(settings: Settings, now: datetime) -> list[tuple[str, datetime | None]]:
    """When the scheduler of a running bot fires next: planning (daily 00:05) and digests."""
    tz = settings.tz
    local = now.astimezone(tz)
    plan_at = datetime.combine(local.date(), time(0, 5), tzinfo=tz)
    if plan_at <= local:
        plan_at += timedelta(days=1)
    jobs: list[tuple[str, datetime | None]] = [(t("status.job.plan"), plan_at)]
    for key, schedule in (
        ("status.job.weekly", parse_weekly(settings.digest_weekly_cron)),
        ("status.job.monthly", parse_monthly(settings.digest_monthly_cron)),
    ):
        if schedule is None:
            jobs.append((t(key), None))
            continue
        # The first send after now: the latest send as of some day in the next month.
        upcoming = (schedule.latest(now + timedelta(days=days), tz)[0] for days in range(1, 33))
        jobs.append((t(key), next((at for at in upcoming if at > now), None)))
    return jobs


# --- backup ---------------------------------------------------------------------------------


def backup_command(
    settings: Settings, target: Path, *, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Copy the SQLite database to `target` page by page while others keep using it."""
    source = sqlite_path(settings.database_url)
    if source is None:
        err.write(t("backup.not_sqlite") + "\n")
        return EXIT_FAILED
    if not source.is_file():
        err.write(t("status.no_database", path=str(source)) + "\n")
        return EXIT_FAILED
    if target.exists():
        err.write(t("backup.target_exists", path=str(target)) + "\n")
        return EXIT_FAILED
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Read-only: a backup can never change the live database.
        with (
            sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30) as live,
            sqlite3.connect(partial) as copy,
        ):
            live.backup(copy)
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        live.close()
        copy.close()
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        err.write(t("backup.failed", error=str(exc)) + "\n")
        return EXIT_FAILED
    size = target.stat().st_size
    out.write(t("backup.done", path=str(target), size=f"{size / 1_000_000:.1f}") + "\n")
    return 0
