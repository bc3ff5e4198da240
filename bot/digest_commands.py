"""`python bot.py digest --month YYYY-MM [--unit NAME] --out DIR` and
`python bot.py export --month YYYY-MM --out FILE.xlsx`: the digest and spreadsheet as files."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.clock import Clock, FakeClock, SystemClock
from bot.digest.periods import Period, parse_month
from bot.digest_jobs import config_from
from bot.i18n import label, t
from bot.settings import Settings
from bot.transports.console import html_to_plain
from storage import digest_queries
from storage.migrate import migrated_database

if TYPE_CHECKING:
    from bot.digest.compose import DigestBundle

TEXT_FILE, CHART_FILE, SHEET_FILE = "digest.txt", "chart.png", "bao_cao.xlsx"
TREND_FILE = "trend.png"


def _month(text: str) -> Period:
    try:
        return parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(html_to_plain(t("cli.bad_month", value=text))) from None


def add_parsers(commands: Any) -> None:
    """The `digest` and `export` subcommands."""
    digest = commands.add_parser("digest", help=label("cli.help.digest"))
    digest.add_argument("--month", type=_month, required=True, help=label("cli.help.month"))
    digest.add_argument("--unit", help=label("cli.help.digest_unit"))
    digest.add_argument("--out", type=Path, required=True, help=label("cli.help.digest_out"))
    export = commands.add_parser("export", help=label("cli.help.export"))
    export.add_argument("--month", type=_month, required=True, help=label("cli.help.month"))
    export.add_argument("--out", type=Path, required=True, help=label("cli.help.export_out"))
    for parser in (digest, export):
        parser.add_argument(
            "--as-of", type=date.fromisoformat, dest="as_of", help=label("cli.help.as_of")
        )


def as_of_clock(day: date | None, settings: Settings) -> Clock:
    """The figures as they stood at the end of `day` (local time), or now."""
    if day is None:
        return SystemClock()
    end = datetime.combine(day, time(23, 59), tzinfo=settings.tz)
    return FakeClock(end.astimezone(UTC))


def run(command: str, args: argparse.Namespace, settings: Settings) -> int:
    clock = as_of_clock(args.as_of, settings)
    if command == "digest":
        return asyncio.run(digest_command(settings, args.month, args.unit, args.out, clock=clock))
    return asyncio.run(export_command(settings, args.month, args.out, clock=clock))


async def _bundle(
    settings: Settings, month: Period, unit_name: str | None, clock: Clock | None, err: TextIO
) -> DigestBundle | None:
    # Imported here: matplotlib (through the chart) costs every other command 90 MB and a second.
    from bot.digest.compose import collect, match_units

    async with migrated_database(settings.database_url) as db:
        unit = None
        if unit_name:
            units = await digest_queries.list_units(db)
            found = match_units(units, unit_name)
            if len(found) != 1:
                key = "leadership.unit_ambiguous" if found else "leadership.unit_not_found"
                names = ", ".join(u.name for u in (found or units))
                err.write(html_to_plain(t(key, unit=unit_name, units=names)) + "\n")
                return None
            unit = found[0]
        now = (clock or SystemClock()).now()
        return await collect(db, month, config_from(settings), now=now, unit=unit)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)


async def digest_command(
    settings: Settings,
    month: Period,
    unit_name: str | None,
    out: Path,
    *,
    clock: Clock | None = None,
    stdout: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Write the digest as plain text, the chart and the spreadsheet into `out`."""
    bundle = await _bundle(settings, month, unit_name, clock, err)
    if bundle is None:
        return 1
    text = "\n".join(html_to_plain(part) for part in bundle.text_parts()) + "\n"
    files_content = {
        TEXT_FILE: text.encode(),
        CHART_FILE: (await bundle.chart_file()).content,
    }
    trend = await bundle.trend_chart_file()
    if trend is not None:
        files_content[TREND_FILE] = trend.content
    files_content[SHEET_FILE] = (await bundle.workbook_file()).content
    await asyncio.to_thread(_write, out, files_content)
    files = ", ".join(str(out / name) for name in files_content)
    stdout.write(html_to_plain(t("cli.digest_written", files=files)) + "\n")
    return 0


async def export_command(
    settings: Settings,
    month: Period,
    out: Path,
    *,
    clock: Clock | None = None,
    stdout: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Write the month's spreadsheet to `out`."""
    bundle = await _bundle(settings, month, None, clock, err)
    if bundle is None:
        return 1
    content = (await bundle.workbook_file()).content
    await asyncio.to_thread(_write, out.parent, {out.name: content})
    stdout.write(html_to_plain(t("cli.export_written", file=str(out))) + "\n")
    return 0
