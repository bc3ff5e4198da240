"""The command line's own words: usage and argument errors in Vietnamese, and expected failures
told in one line with what to do, never a traceback."""

from __future__ import annotations

import argparse
import gettext
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from telegram.error import InvalidToken, NetworkError

from bot import i18n
from bot.cli import main
from bot.cli_errors import explain
from bot.settings import Settings
from storage.db import Database
from tests.test_bot_process import run_cli


@pytest.fixture(autouse=True)
def no_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no `.env` is, with no LANGUAGE from the machine."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LANGUAGE", raising=False)


def test_missing_arguments_are_told_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["meeting", "move", "thôn Đông"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("cách dùng: bot.py meeting move [-h] [--time HH:MM] [--force]")
    assert err.endswith("bot.py meeting move: lỗi: thiếu tham số bắt buộc: DATE, NEW_DATE\n")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["plann"], "bot.py: lỗi: tham số COMMAND: lựa chọn không hợp lệ: 'plann' (chọn một trong"),
        (
            ["meeting", "list", "--status", "xong"],
            "tham số --status: lựa chọn không hợp lệ: 'xong'",
        ),
        (["invite", "--phone", "1", "--all"], "tham số --all: không dùng được cùng với --phone"),
        (["invite"], "cần một trong các tham số --phone --all"),
        (["holidays", "list", "--year", "năm"], "tham số --year: giá trị không hợp lệ: 'năm'"),
        (["meeting", "cancel", "X", "31/02/2026"], "tham số DATE: Ngày không hợp lệ: «31/02/2026»"),
        (["status", "thừa"], "bot.py: lỗi: không hiểu các tham số: thừa"),
    ],
)
def test_argument_errors(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert expected in capsys.readouterr().err


def test_help_is_vietnamese_and_argparse_is_left_as_it_was(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["backup", "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.splitlines()[0] == "cách dùng: bot.py backup [-h] FILE"
    assert "tham số:" in help_text and "tùy chọn:" in help_text
    assert "-h, --help  xem hướng dẫn này rồi thoát" in help_text
    # Nothing global stays changed: another parser in the process still speaks English.
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


def test_expected_failures_are_one_line() -> None:
    assert explain(FileNotFoundError(2, "No such file", "/tmp/x.txt")) == (
        "Không tìm thấy tệp /tmp/x.txt. Kiểm tra lại đường dẫn."
    )
    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert explain(locked) == (
        "Cơ sở dữ liệu đang bận (một tiến trình khác giữ khóa ghi quá lâu). "
        "Chờ một lát rồi chạy lại lệnh."
    )
    assert explain(InvalidToken()) == (
        "Telegram không nhận TELEGRAM_BOT_TOKEN này. Lấy lại token từ @BotFather rồi sửa .env."
    )
    message = explain(NetworkError("httpx.ConnectError: All connection attempts failed"))
    assert message is not None and message.startswith("Không kết nối được Telegram (httpx")
    assert explain(KeyError("a bug")) is None


async def test_no_traceback_for_a_missing_file_or_no_network(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3",
    }
    code, output = await run_cli(env, "demo", "--script", str(tmp_path / "none.txt"))
    assert (code, output) == (
        1,
        f"Không tìm thấy tệp {tmp_path}/none.txt. Kiểm tra lại đường dẫn.\n",
    )
    # Asking Telegram for the bot's username, with nothing listening there.
    offline = env | {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    code, output = await run_cli(offline, "invite", "--all")
    assert code == 1 and "Traceback" not in output
    (line,) = output.splitlines()
    assert line.startswith("Không kết nối được Telegram (")


def test_language_en_speaks_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    try:
        with pytest.raises(SystemExit):
            main(["meeting", "move", "thôn Đông"])
        err = capsys.readouterr().err
        assert err.startswith("usage: bot.py meeting move [-h]")
        assert err.endswith("error: the following arguments are required: DATE, NEW_DATE\n")
        with pytest.raises(SystemExit):
            main(["meeting", "cancel", "--help"])
        assert "--reason REASON  the reason, sent with the notice to the committee" in (
            capsys.readouterr().out
        )
        monkeypatch.setenv("WEBHOOK_PORT", "0")
        assert main(["status"]) == 2
        assert capsys.readouterr().err == "Invalid setting WEBHOOK_PORT: must be 1 or more\n"
    finally:
        i18n.use_language("vi")


async def test_language_en_as_a_process(settings: Settings, roster_db: Database) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": settings.database_url,
        "LANGUAGE": "en_US.UTF-8",
    }
    code, output = await run_cli(env, "holidays", "list", "--year", "2026")
    assert code == 0, output
    assert "Tuesday 17/02/2026: public holiday — Lunar New Year" in output.splitlines()
    code, output = await run_cli(env, "status")
    assert code == 0 and "Active cadres: 10; linked on Telegram: 0, Zalo: 0" in output
