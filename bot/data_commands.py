"""`python bot.py copy-data`: move a deployment's data between SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any, TextIO

from sqlalchemy.engine import make_url

from bot.i18n import t_raw
from bot.settings import Settings
from storage.copy_data import CountMismatch, TargetNotEmpty, copy_database
from storage.migrate import migrated_database

SUPPORTED_URLS = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


def add_parsers(commands: Any) -> None:
    copy = commands.add_parser(
        "copy-data", help="sao chép toàn bộ dữ liệu sang một cơ sở dữ liệu trống khác"
    )
    copy.add_argument("--to", required=True, dest="target", help="địa chỉ cơ sở dữ liệu đích")
    copy.add_argument(
        "--from", dest="source", help="địa chỉ cơ sở dữ liệu nguồn (mặc định: DATABASE_URL)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    source = args.source or settings.database_url
    return asyncio.run(copy_data_command(source, args.target))


def shown(url: str) -> str:
    """The URL without its password, for the screen."""
    return make_url(url).render_as_string(hide_password=True)


async def copy_data_command(
    source_url: str, target_url: str, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Copy every row; exit code 1 (nothing written) on a bad URL or a non-empty target."""
    for url in (source_url, target_url):
        if not url.startswith(SUPPORTED_URLS):
            err.write(t_raw("cli.copy_bad_url", url=shown(url)) + "\n")
            return 1
    if make_url(source_url) == make_url(target_url):
        err.write(t_raw("cli.copy_same", url=shown(source_url)) + "\n")
        return 1
    async with migrated_database(source_url) as source, migrated_database(target_url) as target:
        try:
            copied = await copy_database(source, target)
        except TargetNotEmpty as full:
            err.write(
                t_raw("cli.copy_not_empty", url=shown(target_url), table=full.table,
                      rows=str(full.rows)) + "\n"
            )  # fmt: skip
            return 1
        except CountMismatch as wrong:
            err.write(
                t_raw("cli.copy_mismatch", table=wrong.table, source=str(wrong.source),
                      target=str(wrong.target)) + "\n"
            )  # fmt: skip
            return 1
    for table in copied:
        out.write(t_raw("cli.copy_table", table=table.name, rows=str(table.rows)) + "\n")
    total = sum(table.rows for table in copied)
    out.write(
        t_raw("cli.copy_done", rows=str(total), tables=str(len(copied)),
              source=shown(source_url), target=shown(target_url)) + "\n"
    )  # fmt: skip
    return 0
