"""The admin's calendar commands: `plan` and `holidays add|remove|list`."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot import i18n
from bot.calendar import public_holidays
from bot.clock import Clock, SystemClock
from bot.i18n import label, t, t_raw
from bot.meeting_rules import RuleError, parse_clock_time
from bot.settings import Settings
from storage import calendar_exceptions, meetings
from storage.db import Database
from storage.meetings import MovedMeeting, PlanResult
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


def day_argument(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def time_argument(text: str) -> time:
    try:
        return parse_clock_time(text)
    except RuleError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the calendar commands on `bot.py`'s sub-command parser."""
    commands.add_parser("plan", help=label("cli.help.plan"))
    holidays = commands.add_parser("holidays", help=label("cli.help.holidays"))
    holiday_actions = holidays.add_subparsers(dest="holidays_action", required=True)
    add = holiday_actions.add_parser("add", help=label("cli.help.holidays_add"))
    add.add_argument("date", metavar="DATE", type=day_argument, help=label("cli.help.day"))
    add.add_argument("--working", action="store_true", help=label("cli.help.holidays_working"))
    add.add_argument("--note", help=label("cli.help.holidays_note"))
    remove = holiday_actions.add_parser("remove", help=label("cli.help.holidays_remove"))
    remove.add_argument("date", metavar="DATE", type=day_argument, help=label("cli.help.day"))
    listing = holiday_actions.add_parser("list", help=label("cli.help.holidays_list"))
    listing.add_argument("--year", type=int, metavar="YYYY", help=label("cli.help.holidays_year"))


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
        return asyncio.run(holidays_list_command(settings, year=args.year))
    raise AssertionError(f"not a calendar command: {command}")


# --- formatting -----------------------------------------------------------------------------


def format_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


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


def plan_summary(result: PlanResult, now: datetime, settings: Settings) -> str:
    """The counts, then one line per meeting that got a new date or time, so the office can
    tell the cells concerned."""
    until = now.astimezone(settings.tz).date() + timedelta(days=settings.planning_horizon_days)
    lines = [
        t("calendar.plan_done", until=format_day(until), added=result.added, updated=result.updated)
    ]
    lines += [_moved_line(moved, settings.tz) for moved in result.moved]
    return "\n".join(lines)


def _moved_line(moved: MovedMeeting, tz: ZoneInfo) -> str:
    old, new = moved.old_starts_at.astimezone(tz), moved.new_starts_at.astimezone(tz)
    # The date alone says it all unless the hour changed too.
    shape = "%d/%m" if old.time() == new.time() else "%H:%M %d/%m"
    return t(
        "calendar.plan_moved",
        cell=moved.cell_name,
        unit=moved.unit_name,
        old=old.strftime(shape),
        new=new.strftime(shape),
        old_weekday=t(f"weekday.{old.weekday()}"),
        new_weekday=t(f"weekday.{new.weekday()}"),
    )


async def plan_command(
    settings: Settings, *, clock: Clock | None = None, out: TextIO = sys.stdout
) -> int:
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        out.write(plan_summary(await replan(db, settings, now), now, settings) + "\n")
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
        out.write(plan_summary(await replan(db, settings, now), now, settings) + "\n")
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
        out.write(plan_summary(await replan(db, settings, now), now, settings) + "\n")
    return 0


async def holidays_list_command(
    settings: Settings,
    *,
    year: int | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """The year's public holidays in force (Tết included) beside the committee's own days off
    and working days, by date."""
    year = year or (clock or SystemClock()).now().astimezone(settings.tz).year
    async with migrated_database(settings.database_url) as db:
        entries = [e for e in await calendar_exceptions.list_all(db) if e.day.year == year]
    lines: list[tuple[date, str]] = [
        (
            day,
            label(  # plain text for the terminal: «New Year's Day» stays as written
                "calendar.public_holiday_line",
                weekday=t(f"weekday.{day.weekday()}"),
                date=format_day(day),
                name=name,
            ),
        )
        for day, name in sorted(public_holidays(i18n.LANGUAGE, [year]).items())
    ]
    lines += [
        (
            entry.day,
            t_raw(
                "calendar.exception_line",
                weekday=t(f"weekday.{entry.day.weekday()}"),
                date=format_day(entry.day),
                kind=t(f"calendar.kind.{entry.kind}"),
                note=t("calendar.note_suffix", note=entry.note) if entry.note else "",
            ),
        )
        for entry in entries
    ]
    text = [t("calendar.days_off_header", year=year)]
    text += [line for _day, line in sorted(lines, key=lambda item: item[0])]
    if not entries:
        text.append(t("calendar.no_exceptions"))
    out.write("\n".join(text) + "\n")
    return 0
