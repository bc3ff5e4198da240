"""The admin's command-line tasks: migrate, import the roster, hand out invite codes."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.clock import Clock, SystemClock
from bot.i18n import t
from bot.invites import hash_code, new_code, start_link
from bot.phones import InvalidPhone, display_phone, normalize_phone
from bot.roster_import import run_import
from bot.settings import Settings
from storage import cadres, invites
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
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print the changes (or every problem, on `err`); exit code 1 when nothing was imported."""
    now = (clock or SystemClock()).now()
    async with migrated_database(settings.database_url) as db:
        code, message = await run_import(
            db, path, dry_run=dry_run, today=now.astimezone(settings.tz).date(), now=now
        )
    (out if code == 0 else err).write(message + "\n")
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
    csv_path: Path | None = None,
    clock: Clock | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Print one fresh code per cadre (with Telegram's deep link; on Zalo the cadre sends the
    code as a message); only hashes are stored. `csv_path` also writes name, phone, code."""
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
        printed: list[tuple[str, str, str]] = []
        expires = now + settings_ttl(settings)
        for cadre in chosen:
            code = new_code()
            await invites.create_invite(
                db, cadre_id=cadre.id, code_hash=hash_code(code), now=now, expires_at=expires
            )
            printed.append((cadre.full_name, display_phone(cadre.phone), code))
            if messenger == "zalo":
                out.write(
                    t("cli.invite_line_zalo", name=cadre.full_name,
                      phone=display_phone(cadre.phone), code=code) + "\n"
                )  # fmt: skip
                continue
            link = start_link(username, code) if username else f"/start {code}"
            out.write(
                t(
                    "cli.invite_line",
                    name=cadre.full_name,
                    phone=display_phone(cadre.phone),
                    code=code,
                    link=link,
                )
                + "\n"
            )
        expiry = expires.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M")
        out.write(t("cli.invite_summary", count=len(chosen), expires=expiry) + "\n")
        if username is None and messenger == "telegram":
            out.write(t("cli.invite_no_username") + "\n")
        if csv_path is not None:
            write_codes_csv(csv_path, printed)
            out.write(t("cli.invite_csv", path=str(csv_path)) + "\n")
    return 0


def write_codes_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """UTF-8 with a BOM, so Excel shows the Vietnamese names right."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([t("cli.csv_name"), t("cli.csv_phone"), t("cli.csv_code")])
        writer.writerows(rows)


def settings_ttl(settings: Settings) -> timedelta:
    return timedelta(days=settings.invite_code_ttl_days)
