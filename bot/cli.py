"""`python bot.py COMMAND`: parse arguments, load settings, call the right piece."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import cast

from bot import i18n
from bot.cli_errors import explain
from bot.cli_parser import LocalizedArgumentParser
from bot.i18n import label
from bot.logging_setup import configure_logging
from bot.questionnaire.model import QuestionnaireError, load_questionnaire
from bot.settings import Settings, SettingsError, configured_language, load_settings

EXIT_FAILED = 1
EXIT_BAD_SETTINGS = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = LocalizedArgumentParser(
        prog="bot.py",
        description=label("cli.help.description"),
    )
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND"),
    )
    commands.add_parser("run", help=label("cli.help.run"))
    demo = commands.add_parser("demo", help=label("cli.help.demo"))
    demo.add_argument("--script", type=Path, help=label("cli.help.demo_script"))
    demo.add_argument("--date", type=date.fromisoformat, help=label("cli.help.demo_date"))
    demo.add_argument("--fast", action="store_true", help=label("cli.help.demo_fast"))
    commands.add_parser("migrate", help=label("cli.help.migrate"))
    importer = commands.add_parser("import", help=label("cli.help.import"))
    importer.add_argument("path", type=Path, help=label("cli.help.import_path"))
    importer.add_argument("--dry-run", action="store_true", help=label("cli.help.import_dry_run"))
    importer.add_argument(
        "--allow-foreign", action="store_true", help=label("cli.help.import_allow_foreign")
    )
    importer.add_argument("--yes", action="store_true", help=label("cli.help.import_yes"))
    invite = commands.add_parser("invite", help=label("cli.help.invite"))
    who = invite.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone", help=label("cli.help.invite_phone"))
    who.add_argument("--all", action="store_true", help=label("cli.help.invite_all"))
    invite.add_argument(
        "--messenger", choices=("telegram", "zalo"), default="telegram",
        help=label("cli.help.invite_messenger"),
    )  # fmt: skip
    invite.add_argument("--out", type=Path, metavar="DIR", help=label("cli.help.invite_out"))
    commands.add_parser("status", help=label("cli.help.status"))
    backup = commands.add_parser("backup", help=label("cli.help.backup"))
    backup.add_argument("file", type=Path, metavar="FILE", help=label("cli.help.backup_file"))
    from bot import calendar_commands

    calendar_commands.add_parsers(commands)  # plan, holidays
    from bot import meeting_commands

    meeting_commands.add_parsers(commands)  # meeting list, move, cancel
    from bot import digest_commands

    digest_commands.add_parsers(commands)  # digest, export
    from bot import data_commands

    data_commands.add_parsers(commands)  # copy-data
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # The language first: argument errors are told in it, before the other settings are read.
    i18n.use_language(configured_language({}))
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_SETTINGS
    i18n.use_language(settings.language)
    configure_logging(settings.log_level, settings.secrets())
    command = args.command or "run"
    if command == "run" and not settings.messengers:
        command = "demo"
        args.script, args.date, args.fast = None, None, False
    if command in ("run", "demo"):
        try:  # a broken questionnaire must stop the bot before anyone starts a report
            load_questionnaire(settings.questionnaire_path)
        except QuestionnaireError as exc:
            print(i18n.label("cli.bad_questionnaire", problem=str(exc)), file=sys.stderr)
            return EXIT_BAD_SETTINGS
    try:
        return dispatch(command, args, settings)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise  # a bug: its traceback is what a developer needs
        print(message, file=sys.stderr)
        return EXIT_FAILED


def dispatch(command: str, args: argparse.Namespace, settings: Settings) -> int:
    if command == "run":
        from bot.runtime import serve

        return asyncio.run(serve(settings))
    if command == "demo" and args.fast:
        from bot.demo_month import run_month_demo

        asyncio.run(run_month_demo(settings, sys.stdout))
        return 0
    if command == "demo":
        from bot.demo import run_demo

        lines = args.script.read_text(encoding="utf-8").splitlines() if args.script else None
        asyncio.run(run_demo(settings, lines, sys.stdout, on_date=args.date))
        return 0
    if command == "migrate":
        from bot.admin_commands import migrate_command

        return asyncio.run(migrate_command(settings))
    if command == "import":
        from bot.admin_commands import import_command

        return asyncio.run(
            import_command(
                settings,
                args.path,
                dry_run=args.dry_run,
                allow_foreign=args.allow_foreign,
                yes=args.yes,
            )
        )
    if command == "invite":
        from bot.admin_commands import invite_command

        return asyncio.run(
            invite_command(
                settings,
                phone=args.phone,
                everyone=args.all,
                messenger=args.messenger,
                out_dir=args.out,
            )
        )
    if command == "status":
        from bot.status_commands import status_command

        return asyncio.run(status_command(settings))
    if command == "backup":
        from bot.status_commands import backup_command

        return backup_command(settings, args.file)
    if command in ("plan", "holidays"):
        from bot import calendar_commands

        return calendar_commands.run(command, args, settings)
    if command == "meeting":
        from bot import meeting_commands

        return meeting_commands.run(args, settings)
    if command in ("digest", "export"):
        from bot import digest_commands

        return digest_commands.run(command, args, settings)
    if command == "copy-data":
        from bot import data_commands

        return data_commands.run(args, settings)
    raise AssertionError(f"unhandled command {command}")
