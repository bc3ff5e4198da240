"""The office's meeting commands: `meeting list`, `meeting move`, `meeting cancel`."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import date, datetime, time, timedelta
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncConnection
from tabulate import tabulate

from bot.calendar import DaysOff
from bot.calendar_commands import day_argument, format_day, replan, time_argument
from bot.clock import Clock, SystemClock
from bot.i18n import label, t
from bot.meeting_notices import cancel_with_notice, format_when, move_with_notice
from bot.settings import Settings
from bot.text import fold
from storage import calendar_exceptions, meeting_overview, meetings
from storage.db import Database
from storage.meetings import CellRef, MeetingInfo
from storage.migrate import migrated_database

CLI_ACTOR = "cli"
STATUSES = ("planned", "held", "postponed", "cancelled")
_SLASH = re.compile(r"\s*/\s*")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `meeting list|move|cancel` on `bot.py`'s sub-command parser."""
    meeting = commands.add_parser("meeting", help=label("cli.help.meeting"))
    actions = meeting.add_subparsers(dest="meeting_action", required=True)
    listing = actions.add_parser("list", help=label("cli.help.meeting_list"))
    listing.add_argument("--cell", metavar="CELL", help=label("cli.help.meeting_cell_filter"))
    listing.add_argument("--from", dest="start", metavar="DATE", type=day_argument)
    listing.add_argument("--to", dest="end", metavar="DATE", type=day_argument)
    listing.add_argument(
        "--status", action="append", choices=STATUSES, help=label("cli.help.meeting_status")
    )
    cell_help = label("cli.help.cell")
    move = actions.add_parser("move", help=label("cli.help.meeting_move"))
    move.add_argument("cell", metavar="CELL", help=cell_help)
    move.add_argument(
        "date", metavar="DATE", type=day_argument, help=label("cli.help.meeting_date")
    )
    move.add_argument(
        "new_date", metavar="NEW_DATE", type=day_argument, help=label("cli.help.meeting_new_date")
    )
    move.add_argument(
        "--time", metavar="HH:MM", type=time_argument, help=label("cli.help.meeting_time")
    )
    move.add_argument("--force", action="store_true", help=label("cli.help.meeting_force"))
    cancel = actions.add_parser("cancel", help=label("cli.help.meeting_cancel"))
    cancel.add_argument("cell", metavar="CELL", help=cell_help)
    cancel.add_argument(
        "date", metavar="DATE", type=day_argument, help=label("cli.help.meeting_day")
    )
    cancel.add_argument("--reason", help=label("cli.help.meeting_reason"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one parsed `meeting` command; its exit code."""
    if args.meeting_action == "list":
        return asyncio.run(
            meeting_list_command(
                settings, cell=args.cell, start=args.start, end=args.end, statuses=args.status
            )
        )
    if args.meeting_action == "move":
        return asyncio.run(
            meeting_move_command(
                settings, args.cell, args.date, args.new_date, at=args.time, force=args.force
            )
        )
    return asyncio.run(meeting_cancel_command(settings, args.cell, args.date, reason=args.reason))


# --- finding the cell and the meeting -------------------------------------------------------


def match_cell(cells: list[CellRef], written: str) -> list[CellRef]:
    """Cells named `written` (accents and case aside): `Unit/Cell`, else the cell name alone,
    else the name without its «Chi bộ» prefix. Several cells mean the name is ambiguous."""
    key = _SLASH.sub("/", fold(written))
    full = [c for c in cells if _SLASH.sub("/", fold(f"{c.unit_name}/{c.name}")) == key]
    named = [c for c in cells if fold(c.name) == key]
    return full or named or [c for c in cells if _bare(c.name) == _bare(written)]


def _bare(name: str) -> str:
    return fold(name).removeprefix("chi bo ")


async def _find_cell(db: Database, written: str, err: TextIO) -> CellRef | None:
    found = match_cell(await meetings.list_cells(db), written)
    if len(found) == 1:
        return found[0]
    if not found:
        err.write(t("calendar.cell_not_found", cell=written) + "\n")
    else:
        lines = [t("calendar.cell_ambiguous", cell=written)]
        lines += [t("calendar.cell_choice", unit=c.unit_name, cell=c.name) for c in found]
        err.write("\n".join(lines) + "\n")
    return None


async def _changeable(
    conn: AsyncConnection, cell: CellRef, day: date, settings: Settings, err: TextIO
) -> MeetingInfo | None:
    """The cell's meeting of that day (actual or nominal) if it may be changed; else say why,
    pointing at the nearest meeting when the date matches none."""
    meeting = await meeting_overview.find_meeting(conn, cell.id, day, settings.tz)
    names = {"cell": cell.name, "unit": cell.unit_name, "date": format_day(day)}
    if meeting is None:
        lines = [t("calendar.no_meeting", days=settings.planning_horizon_days, **names)]
        noon = datetime.combine(day, time(12), tzinfo=settings.tz)
        nearest = await meeting_overview.nearest_meeting(conn, cell.id, noon)
        if nearest is not None:
            local = nearest.starts_at.astimezone(settings.tz)
            lines.append(
                t(
                    "meeting.nearest",
                    weekday=t(f"weekday.{local.weekday()}"),
                    when=format_when(nearest.starts_at, settings.tz),
                )
            )
        err.write("\n".join(lines) + "\n")
    elif await meetings.has_report(conn, meeting.id):
        err.write(t("calendar.meeting_has_report", **names) + "\n")
    else:
        return meeting
    return None


def _committee_chat(settings: Settings) -> str | None:
    chat = settings.committee_chat_id
    return str(chat) if chat is not None else None


def _tell_committee_line(settings: Settings, out: TextIO) -> None:
    told = settings.committee_chat_id is not None
    out.write(t("calendar.committee_told" if told else "calendar.no_committee_chat") + "\n")


# --- list -----------------------------------------------------------------------------------


def _month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


async def meeting_list_command(
    settings: Settings,
    *,
    cell: str | None = None,
    start: date | None = None,
    end: date | None = None,
    statuses: list[str] | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """A table of the meetings between two days (by default the current month)."""
    today = (clock or SystemClock()).now().astimezone(settings.tz).date()
    month_start, month_end = _month_of(start or today)
    start, end = start or month_start, end or month_end
    if end < start:
        err.write(t("meeting.bad_range", start=format_day(start), end=format_day(end)) + "\n")
        return 1
    async with migrated_database(settings.database_url) as db:
        cell_ids = None
        if cell is not None:
            found = await _find_cell(db, cell, err)
            if found is None:
                return 1
            cell_ids = [found.id]
        rows = await meeting_overview.list_meetings(
            db, start=start, end=end, tz=settings.tz, cell_ids=cell_ids, statuses=statuses
        )
    span = {"start": format_day(start), "end": format_day(end)}
    if not rows:
        out.write(t("meeting.list_empty", **span) + "\n")
        return 0
    out.write(t("meeting.list_header", count=len(rows), **span) + "\n")
    out.write(_table(rows, settings) + "\n")
    return 0


def _table(rows: list[meeting_overview.MeetingOverview], settings: Settings) -> str:
    headers = [t(f"meeting.column.{name}") for name in _COLUMNS]
    body = []
    for row in rows:
        local = row.meeting.starts_at.astimezone(settings.tz)
        status = t(f"meeting.status.{row.meeting.status}")
        if row.meeting.changed_manually and row.meeting.status == "planned":
            status = t("meeting.status.moved")
        names = ", ".join(c.full_name for c in row.assigned) or "—"
        body.append(
            [
                row.meeting.unit_name,
                row.meeting.cell_name,
                f"{t(f'weekday.{local.weekday()}')} {local:%d/%m/%Y %H:%M}",
                status,
                names,
                f"{row.reports}/{len(row.assigned)}",
            ]
        )
    # Plain text: the terminal shows it as is (no HTML escaping of the names).
    return tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)


_COLUMNS = ("unit", "cell", "when", "status", "cadres", "reports")


# --- move and cancel ------------------------------------------------------------------------


def _day_off_reason(day: date, days_off: DaysOff) -> str | None:
    """Why that day is not a working day (the holiday's name, the committee's day off, or the
    weekday), or None when it is one."""
    if not days_off.is_day_off(day):
        return None
    if day in days_off.extra_days_off:
        return t("meeting.off.committee")
    return days_off.holiday_name(day) or t(f"weekday.{day.weekday()}")


async def meeting_move_command(
    settings: Settings,
    cell_name: str,
    day: date,
    new_day: date,
    *,
    at: time | None = None,
    force: bool = False,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Move a cell's meeting of `day` to `new_day` (at `at`, or the same time): never into the
    past, and onto a day off only with `force`."""
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        await replan(db, settings, now)  # so that a meeting not planned yet can be found
        cell = await _find_cell(db, cell_name, err)
        if cell is None:
            return 1
        days_off = await calendar_exceptions.load_days_off(db)
        async with db.transaction() as conn:
            meeting = await _changeable(conn, cell, day, settings, err)
            if meeting is None:
                return 1
            names = {"cell": cell.name, "unit": cell.unit_name, "date": format_day(day)}
            if meeting.status == "cancelled":
                err.write(t("calendar.meeting_already_cancelled", **names) + "\n")
                return 1
            local_time = at or meeting.starts_at.astimezone(settings.tz).time()
            new_starts_at = datetime.combine(new_day, local_time, tzinfo=settings.tz)
            when = format_when(new_starts_at, settings.tz)
            if new_starts_at <= now:
                err.write(t("meeting.move_into_past", when=when) + "\n")
                return 1
            off = _day_off_reason(new_day, days_off)
            if off is not None and not force:
                err.write(t("meeting.move_needs_force", date=format_day(new_day), why=off) + "\n")
                return 1
            moved = await move_with_notice(
                conn, meeting, new_starts_at, committee_chat_id=_committee_chat(settings),
                tz=settings.tz, now=now, actor=CLI_ACTOR,
            )  # fmt: skip
        old, new = (
            format_when(meeting.starts_at, settings.tz),
            format_when(moved.starts_at, settings.tz),
        )
        out.write(t("calendar.moved", cell=cell.name, unit=cell.unit_name, old=old, new=new) + "\n")
        _tell_committee_line(settings, out)
    return 0


async def meeting_cancel_command(
    settings: Settings,
    cell_name: str,
    day: date,
    *,
    reason: str | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Cancel a cell's meeting of `day`; cancelling it again changes nothing."""
    now = (clock or SystemClock()).now()
    reason = reason.strip() if reason and reason.strip() else None
    async with migrated_database(settings.database_url) as db:
        await replan(db, settings, now)
        cell = await _find_cell(db, cell_name, err)
        if cell is None:
            return 1
        async with db.transaction() as conn:
            meeting = await _changeable(conn, cell, day, settings, err)
            if meeting is None:
                return 1
            if meeting.status == "cancelled":
                names = {"cell": cell.name, "unit": cell.unit_name, "date": format_day(day)}
                out.write(t("calendar.meeting_already_cancelled", **names) + "\n")
                return 0
            await cancel_with_notice(
                conn, meeting, committee_chat_id=_committee_chat(settings), tz=settings.tz,
                now=now, actor=CLI_ACTOR, reason=reason,
            )  # fmt: skip
        when = format_when(meeting.starts_at, settings.tz)
        out.write(t("calendar.cancelled", cell=cell.name, unit=cell.unit_name, when=when) + "\n")
        _tell_committee_line(settings, out)
    return 0
