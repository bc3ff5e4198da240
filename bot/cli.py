"""`python bot.py COMMAND`: parse arguments, load settings, call the right piece."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.logging_setup import configure_logging
from bot.questionnaire.model import QuestionnaireError, load_questionnaire
from bot.settings import Settings, SettingsError, load_settings

EXIT_BAD_SETTINGS = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="fieldreport-bot: nhắc lịch, nhận báo cáo dự sinh hoạt chi bộ.",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="chạy bot (Telegram nếu có token, nếu không: bản chạy thử)")
    demo = commands.add_parser("demo", help="bản chạy thử trong cửa sổ dòng lệnh")
    demo.add_argument("--script", type=Path, help="tệp kịch bản: mỗi dòng một tin nhắn")
    demo.add_argument("--date", type=date.fromisoformat, help="giả lập ngày hôm nay (YYYY-MM-DD)")
    demo.add_argument(
        "--fast", action="store_true", help="một tháng của cán bộ với đồng hồ giả lập"
    )
    commands.add_parser("migrate", help="cập nhật cấu trúc cơ sở dữ liệu")
    importer = commands.add_parser("import", help="nhập danh sách chi bộ và phân công")
    importer.add_argument("path", type=Path, help="tệp .xlsx hoặc thư mục có hai tệp CSV")
    importer.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không lưu")
    invite = commands.add_parser("invite", help="tạo mã mời liên kết tài khoản")
    who = invite.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone", help="số điện thoại của một cán bộ")
    who.add_argument("--all", action="store_true", help="mọi cán bộ đang hoạt động chưa liên kết")
    invite.add_argument("--messenger", choices=("telegram", "zalo"), default="telegram")
    invite.add_argument("--out", type=Path, help="ghi họ tên, điện thoại, mã vào tệp CSV")
    from bot import calendar_commands

    calendar_commands.add_parsers(commands)  # plan, holidays, meeting
    from bot import digest_commands

    digest_commands.add_parsers(commands)  # digest, export
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_SETTINGS
    configure_logging(settings.log_level, settings.secrets())
    command = args.command or "run"
    if command == "run" and not settings.messengers:
        command = "demo"
        args.script, args.date, args.fast = None, None, False
    if command in ("run", "demo"):
        try:  # a broken questionnaire must stop the bot before anyone starts a report
            load_questionnaire(settings.questionnaire_path)
        except QuestionnaireError as exc:
            print(f"Invalid questionnaire: {exc}", file=sys.stderr)
            return EXIT_BAD_SETTINGS
    return dispatch(command, args, settings)


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

        return asyncio.run(import_command(settings, args.path, dry_run=args.dry_run))
    if command == "invite":
        from bot.admin_commands import invite_command

        return asyncio.run(
            invite_command(
                settings, phone=args.phone, everyone=args.all, messenger=args.messenger,
                csv_path=args.out,
            )
        )  # fmt: skip
    if command in ("plan", "holidays", "meeting"):
        from bot import calendar_commands

        return calendar_commands.run(command, args, settings)
    if command in ("digest", "export"):
        from bot import digest_commands

        return digest_commands.run(command, args, settings)
    raise AssertionError(f"unhandled command {command}")
