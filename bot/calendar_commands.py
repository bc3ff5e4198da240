"""The admin's calendar commands: `plan`, `holidays add|remove|list`, `meeting move|cancel`."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock, SystemClock
from bot.i18n import t, t_raw
from bot.meeting_rules import RuleError, parse_clock_time
from bot.planning import DEFAULT_HORIZON_DAYS
from bot.settings import Settings
from bot.text import fold
from storage import calendar_exceptions, meetings, outbox
from storage.db import Database
from storage.meetings import CellRef, MeetingInfo, PlanResult
from storage.migrate import migrated_database

CLI_ACTOR = "cli"
_SLASH = re.compile(r"\s*/\s*")


# --- arguments ------------------------------------------------------------------------------


def parse_day(text: str) -> date:
    """`17/02/2026`, `17/2/2026` or `2026-02-17`."""
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = (int(part) for part in value.split("/"))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(t("calendar.bad_date", value=text)) from None


def _day_argument(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _time_argument(text: str) -> time:
    try:
        return parse_clock_time(text)
    except RuleError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the calendar commands on `bot.py`'s sub-command parser."""
    commands.add_parser("plan", help="lập lịch các buổi sinh hoạt sắp tới theo lịch của chi bộ")
    holidays = commands.add_parser("holidays", help="ngày nghỉ, ngày làm việc riêng")
    holiday_actions = holidays.add_subparsers(dest="holidays_action", required=True)
    add = holiday_actions.add_parser("add", help="thêm một ngày nghỉ (hoặc ngày làm việc)")
    add.add_argument("date", metavar="DATE", type=_day_argument, help="dd/mm/yyyy hoặc YYYY-MM-DD")
    add.add_argument("--working", action="store_true", help="ngày làm việc (ví dụ thứ Bảy làm bù)")
    add.add_argument("--note", help="ghi chú, ví dụ tên ngày lễ")
    remove = holiday_actions.add_parser("remove", help="bỏ một ngày đã thêm")
    remove.add_argument(
        "date", metavar="DATE", type=_day_argument, help="dd/mm/yyyy hoặc YYYY-MM-DD"
    )
    holiday_actions.add_parser("list", help="liệt kê các ngày đã thêm")
    meeting = commands.add_parser("meeting", help="dời hoặc hủy một buổi sinh hoạt")
    meeting_actions = meeting.add_subparsers(dest="meeting_action", required=True)
    move = meeting_actions.add_parser("move", help="dời một buổi sinh hoạt sang ngày khác")
    move.add_argument(
        "cell", metavar="CELL", help="tên chi bộ, hoặc «Đảng bộ/Chi bộ» khi trùng tên"
    )
    move.add_argument("date", metavar="DATE", type=_day_argument, help="ngày họp hiện tại")
    move.add_argument("new_date", metavar="NEW_DATE", type=_day_argument, help="ngày họp mới")
    move.add_argument(
        "--time", metavar="HH:MM", type=_time_argument, help="giờ họp mới (mặc định: giữ giờ cũ)"
    )
    cancel = meeting_actions.add_parser("cancel", help="hủy một buổi sinh hoạt")
    cancel.add_argument(
        "cell", metavar="CELL", help="tên chi bộ, hoặc «Đảng bộ/Chi bộ» khi trùng tên"
    )
    cancel.add_argument("date", metavar="DATE", type=_day_argument, help="ngày họp")


def run(command: str, args: argparse.Namespace, settings: Settings) -> int:
    """Run one parsed calendar command; its exit code."""
    if command == "plan":
        return asyncio.run(plan_command(settings))
    if command == "holidays":
        if args.holidays_action == "add":
            return asyncio.run(
                holidays_add_command(settings, args.date, working=args.working, note=args.note)
            )
        if args.holidays_action == "remove":
            return asyncio.run(holidays_remove_command(settings, args.date))
        return asyncio.run(holidays_list_command(settings))
    if args.meeting_action == "move":
        return asyncio.run(
            meeting_move_command(settings, args.cell, args.date, args.new_date, at=args.time)
        )
    return asyncio.run(meeting_cancel_command(settings, args.cell, args.date))


# --- formatting -----------------------------------------------------------------------------


def format_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def format_when(moment: datetime, tz: ZoneInfo) -> str:
    """`19:30 05/03/2026`, in local time."""
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y")


# --- planning and days off ------------------------------------------------------------------


async def replan(db: Database, settings: Settings, now: datetime) -> PlanResult:
    """Plan every cell's meetings from today over the configured horizon."""
    return await meetings.plan_ahead(
        db,
        now=now,
        tz=settings.tz,
        horizon_days=settings.planning_horizon_days,
        past_days=settings.reporting_window_days,
    )


def _plan_line(result: PlanResult, now: datetime, settings: Settings) -> str:
    until = now.astimezone(settings.tz).date() + timedelta(days=DEFAULT_HORIZON_DAYS)
    return t(
        "calendar.plan_done", until=format_day(until), added=result.added, updated=result.updated
    )


async def plan_command(
    settings: Settings, *, clock: Clock | None = None, out: TextIO = sys.stdout
) -> int:
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        out.write(_plan_line(await replan(db, settings, now), now, settings) + "\n")
    return 0


async def holidays_add_command(
    settings: Settings,
    day: date,
    *,
    working: bool = False,
    note: str | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Declare a day off (or working) and re-plan the meetings it affects."""
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        await calendar_exceptions.add(db, day, "working" if working else "off", note, now)
        key = "calendar.working_day_added" if working else "calendar.day_off_added"
        suffix = t("calendar.note_suffix", note=note) if note else ""
        out.write(t_raw(key, date=format_day(day), note=suffix) + "\n")
        out.write(_plan_line(await replan(db, settings, now), now, settings) + "\n")
    return 0


async def holidays_remove_command(
    settings: Settings, day: date, *, clock: Clock | None = None, out: TextIO = sys.stdout
) -> int:
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        if not await calendar_exceptions.remove(db, day):
            out.write(t("calendar.exception_missing", date=format_day(day)) + "\n")
            return 1
        out.write(t("calendar.exception_removed", date=format_day(day)) + "\n")
        out.write(_plan_line(await replan(db, settings, now), now, settings) + "\n")
    return 0


async def holidays_list_command(settings: Settings, *, out: TextIO = sys.stdout) -> int:
    async with migrated_database(settings.database_url) as db:
        entries = await calendar_exceptions.list_all(db)
    if not entries:
        out.write(t("calendar.no_exceptions") + "\n")
        return 0
    lines = [t("calendar.exceptions_header")]
    for entry in entries:
        lines.append(
            t_raw(
                "calendar.exception_line",
                weekday=t(f"weekday.{entry.day.weekday()}"),
                date=format_day(entry.day),
                kind=t(f"calendar.kind.{entry.kind}"),
                note=t("calendar.note_suffix", note=entry.note) if entry.note else "",
            )
        )
    out.write("\n".join(lines) + "\n")
    return 0


# --- moving and cancelling ------------------------------------------------------------------


def match_cell(cells: list[CellRef], written: str) -> list[CellRef]:
    """Cells named `written` (accents and case aside): `Unit/Cell`, else the cell name alone,
    else the name without its «Chi bộ» prefix. Several cells mean the name is ambiguous."""
    key = _SLASH.sub("/", fold(written))
    full = [c for c in cells if _SLASH.sub("/", fold(f"{c.unit_name}/{c.name}")) == key]
    named = [c for c in cells if fold(c.name) == key]
    return full or named or [c for c in cells if _bare(c.name) == _bare(written)]


def _bare(name: str) -> str:
    return fold(name).removeprefix("chi bo ")


async def move_with_notice(
    conn: AsyncConnection,
    meeting: MeetingInfo,
    new_starts_at: datetime,
    *,
    committee_chat_id: str | None,
    tz: ZoneInfo,
    now: datetime,
    actor: str,
) -> MeetingInfo:
    """Move a meeting and, on the same transaction, queue the committee's notice."""
    moved = await meetings.move_meeting(
        conn, meeting.id, new_starts_at=new_starts_at, now=now, actor=actor
    )
    text = t(
        "calendar.notice_moved",
        cell=meeting.cell_name,
        unit=meeting.unit_name,
        old=format_when(meeting.starts_at, tz),
        new=format_when(moved.starts_at, tz),
    )
    await _notify_committee(
        conn, committee_chat_id, meeting.id, moved.starts_at.astimezone(UTC).isoformat(), text, now
    )
    return moved


async def cancel_with_notice(
    conn: AsyncConnection,
    meeting: MeetingInfo,
    *,
    committee_chat_id: str | None,
    tz: ZoneInfo,
    now: datetime,
    actor: str,
) -> None:
    """Cancel a meeting and, on the same transaction, queue the committee's notice."""
    await meetings.cancel_meeting(conn, meeting.id, now=now, actor=actor)
    text = t(
        "calendar.notice_cancelled",
        cell=meeting.cell_name,
        unit=meeting.unit_name,
        when=format_when(meeting.starts_at, tz),
    )
    await _notify_committee(conn, committee_chat_id, meeting.id, "cancelled", text, now)


async def _notify_committee(
    conn: AsyncConnection,
    chat_id: str | None,
    meeting_id: int,
    change: str,
    text: str,
    now: datetime,
) -> None:
    if chat_id is None:
        return
    await outbox.enqueue(
        conn,
        key=f"meeting_changed:{meeting_id}:{change}",
        messenger="telegram",
        chat_id=chat_id,
        kind="committee_notice",
        payload={"text": text},
        due_at=now,
        now=now,
        meeting_id=meeting_id,
    )


def _committee_chat(settings: Settings) -> str | None:
    chat = settings.committee_chat_id
    return str(chat) if chat is not None else None


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
    """The cell's meeting on that day if it may be changed; otherwise say why."""
    meeting = await meetings.find_meeting_on(conn, cell.id, day, settings.tz)
    names = {"cell": cell.name, "unit": cell.unit_name, "date": format_day(day)}
    if meeting is None:
        err.write(t("calendar.no_meeting", days=DEFAULT_HORIZON_DAYS, **names) + "\n")
    elif await meetings.has_report(conn, meeting.id):
        err.write(t("calendar.meeting_has_report", **names) + "\n")
    else:
        return meeting
    return None


async def meeting_move_command(
    settings: Settings,
    cell_name: str,
    day: date,
    new_day: date,
    *,
    at: time | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Move a cell's meeting of `day` to `new_day` (at `at`, or the same time)."""
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        await replan(db, settings, now)  # so that a meeting not planned yet can be found
        cell = await _find_cell(db, cell_name, err)
        if cell is None:
            return 1
        async with db.transaction() as conn:
            meeting = await _changeable(conn, cell, day, settings, err)
            if meeting is None:
                return 1
            if meeting.status == "cancelled":
                names = {"cell": cell.name, "unit": cell.unit_name, "date": format_day(day)}
                err.write(t("calendar.meeting_already_cancelled", **names) + "\n")
                return 1
            local_time = at or meeting.starts_at.astimezone(settings.tz).time()
            new_starts_at = datetime.combine(new_day, local_time, tzinfo=settings.tz)
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
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Cancel a cell's meeting of `day`; cancelling it again changes nothing."""
    now = (clock or SystemClock()).now()
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
                now=now, actor=CLI_ACTOR,
            )  # fmt: skip
        when = format_when(meeting.starts_at, settings.tz)
        out.write(t("calendar.cancelled", cell=cell.name, unit=cell.unit_name, when=when) + "\n")
        _tell_committee_line(settings, out)
    return 0


def _tell_committee_line(settings: Settings, out: TextIO) -> None:
    told = settings.committee_chat_id is not None
    out.write(t("calendar.committee_told" if told else "calendar.no_committee_chat") + "\n")
