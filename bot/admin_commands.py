"""The admin's command-line tasks: migrate, import the roster, hand out invite codes."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.calendar_commands import plan_summary, replan
from bot.clock import Clock, SystemClock
from bot.i18n import t
from bot.invite_sheet import InviteCard, write_invite_sheet
from bot.invites import hash_code, new_code, start_link
from bot.phones import InvalidPhone, display_phone, normalize_phone
from bot.roster_files import RosterUnreadable, check_roster_path
from bot.roster_import import EXIT_INVALID, run_import
from bot.settings import Settings
from storage import cadres, calendar_exceptions, invites, meetings
from storage.migrate import current_revision, migrated_database


async def migrate_command(settings: Settings, out: TextIO = sys.stdout) -> int:
    async with migrated_database(settings.database_url) as db:
        out.write(t("cli.migrated", revision=await current_revision(db) or "-") + "\n")
    return 0


async def import_command(
    settings: Settings,
    path: Path,
    *,
    dry_run: bool,
    allow_foreign: bool = False,
    yes: bool = False,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print the changes (or every problem, on `err`) and, after a real import, the re-planned
    meetings; exit code 1 when nothing was imported."""
    now = (clock or SystemClock()).now()
    try:  # before the database is opened and migrated: a zip bomb is refused in a moment
        check_roster_path(path)
    except RosterUnreadable as exc:
        err.write(f"{exc}\n")
        return EXIT_INVALID
    today = now.astimezone(settings.tz).date()
    async with migrated_database(settings.database_url) as db:
        code, message = await run_import(
            db, path, dry_run=dry_run, today=today, now=now, allow_foreign=allow_foreign, yes=yes
        )
        if code == 0 and not dry_run:
            # Meetings the cells held before the bot knew them: reportable straight away.
            past = await meetings.record_past_meetings(
                db, today=today, window_days=settings.reporting_window_days,
                days_off=await calendar_exceptions.load_days_off(db), tz=settings.tz, now=now,
            )  # fmt: skip
            if past:
                message += "\n" + t("roster.past_meetings", count=past)
        (out if code == 0 else err).write(message + "\n")
        if code == 0 and not dry_run:
            # A changed meeting day or time re-times the planned meetings at once, and the
            # office sees which ones, to tell their cells.
            out.write(plan_summary(await replan(db, settings, now), now, settings) + "\n")
    return code


async def bot_username(settings: Settings) -> str | None:
    """From the settings, or asked of the Bot API when only the token is known."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        return None
    from bot.transports.telegram import fetch_username

    return await fetch_username(settings)


async def invite_command(
    settings: Settings,
    *,
    phone: str | None,
    everyone: bool,
    messenger: str = "telegram",
    out_dir: Path | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """One fresh code per cadre (with Telegram's deep link; on Zalo the cadre sends the code
    as a message), printed, or with `out_dir` written as a CSV, QR codes and a printable
    page; only hashes are stored."""
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        if phone is not None:
            try:
                cadre = await cadres.find_by_phone(db, normalize_phone(phone))
            except InvalidPhone:
                cadre = None
            if cadre is None or not cadre.active:
                out.write(t("cli.invite_unknown_phone", phone=phone) + "\n")
                return 1
            chosen = [cadre]
        else:
            chosen = [
                c for c in await cadres.active_cadres(db) if cadres.account_of(c, messenger) is None
            ]
        username = await bot_username(settings) if messenger == "telegram" else None
        expires = now + settings_ttl(settings)
        expiry = expires.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M")
        today = now.astimezone(settings.tz).date()
        cards = []
        for cadre in chosen:
            code = new_code()
            await invites.create_invite(
                db, cadre_id=cadre.id, code_hash=hash_code(code), now=now, expires_at=expires
            )
            link = start_link(username, code) if username else None
            units = dict.fromkeys(
                c.unit_name for c in await cadres.assigned_cells(db, cadre.id, today)
            )
            cards.append(
                InviteCard(
                    name=cadre.full_name, phone=display_phone(cadre.phone), units=tuple(units),
                    messenger=messenger, code=code, link=link, expires=expiry,
                )
            )  # fmt: skip
        if out_dir is None:
            for card in cards:
                out.write(_invite_line(card) + "\n")
        else:
            written = write_invite_sheet(cards, out_dir)
            out.write(t("cli.invite_files", folder=str(out_dir), count=len(written) - 2) + "\n")
        out.write(t("cli.invite_summary", count=len(chosen), expires=expiry) + "\n")
        if username is None and messenger == "telegram":
            out.write(t("cli.invite_no_username") + "\n")
    return 0


def _invite_line(card: InviteCard) -> str:
    if card.messenger == "zalo":  # no deep link: the cadre sends the code to the Zalo bot
        return t("cli.invite_line_zalo", name=card.name, phone=card.phone, code=card.code)
    link = card.link or f"/start {card.code}"
    return t("cli.invite_line", name=card.name, phone=card.phone, code=card.code, link=link)


def settings_ttl(settings: Settings) -> timedelta:
    return timedelta(days=settings.invite_code_ttl_days)
