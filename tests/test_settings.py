"""Settings: names, defaults, parsing, and one clear line for a bad value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_run_the_embedded_demo() -> None:
    settings = load_settings(_env_file=None)
    assert settings.telegram_bot_token is None
    assert (
        settings.database_url
        == DEFAULT_DATABASE_URL
        == ("sqlite+aiosqlite:///data/fieldreport.sqlite3")
    )
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.language == "vi"


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "11, 22,33")
    monkeypatch.setenv("COMMITTEE_CHAT_ID", "-1001")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    settings = load_settings(_env_file=None)
    assert settings.admin_telegram_ids == (11, 22, 33)
    assert settings.committee_chat_id == -1001
    assert settings.telegram_bot_token is None
    assert settings.is_admin(22) and not settings.is_admin(44)


def test_values_come_from_a_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TIMEZONE=Asia/Bangkok\nWEBHOOK_PORT=8080\n", encoding="utf-8")
    settings = load_settings(_env_file=env_file)
    assert settings.timezone == "Asia/Bangkok" and settings.webhook_port == 8080


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"timezone": "Mars/Olympus"}, "TIMEZONE"),
        ({"admin_telegram_ids": "12,abc"}, "ADMIN_TELEGRAM_IDS"),
        ({"committee_chat_id": "nhóm"}, "COMMITTEE_CHAT_ID"),
        ({"database_url": "mysql://x"}, "DATABASE_URL"),
        ({"telegram_base_url": "api.telegram.org"}, "TELEGRAM_BASE_URL"),
        ({"webhook_port": "0"}, "WEBHOOK_PORT"),
        ({"webhook_url": "https://bot.example.vn/hook"}, "WEBHOOK_SECRET"),
        ({"questionnaire_path": "/no/such/file.yaml"}, "QUESTIONNAIRE_PATH"),
        ({"webhook_url": "https://bot.example.vn/h", "webhook_secret": "bí mật"}, "WEBHOOK_SECRET"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(overrides: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **overrides)
    message = str(caught.value)
    assert named in message and "\n" not in message


def test_the_token_never_appears_in_the_error() -> None:
    token = "987654:VERY-SECRET-TOKEN"
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, telegram_bot_token=token, committee_chat_id="x")
    assert token not in str(caught.value)
    assert "VERY-SECRET" not in repr(load_settings(_env_file=None, telegram_bot_token=token))


def test_start_up_stops_with_exit_code_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "migrate"],
        cwd=tmp_path,
        env={"TIMEZONE": "Nowhere/Atlantis", "TELEGRAM_BOT_TOKEN": "1:SECRET-XYZ", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Cài đặt TIMEZONE không hợp lệ: không có múi giờ «Nowhere/Atlantis» "
        "(ví dụ đúng: Asia/Ho_Chi_Minh)"
    ]
    assert "SECRET-XYZ" not in result.stderr + result.stdout


def test_a_broken_questionnaire_stops_start_up_naming_file_and_question(tmp_path: Path) -> None:
    broken = tmp_path / "hoi.yaml"
    broken.write_text(
        "id: q\nversion: '1'\ntitle: T\nquestions:\n"
        "  - {id: status, type: choice, prompt: P, options: [{id: a, label: A}]}\n"
        "  - {id: n, type: integer, prompt: N, when: \"statu == 'a'\"}\n"
        "rubric: {id: r, version: '1', criteria: [{id: C1, name: X, holds: \"n > 1\"}]}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "demo"],
        cwd=tmp_path,
        env={"QUESTIONNAIRE_PATH": str(broken), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "hoi.yaml" in line and "'n'" in line and "statu" in line


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"webhook_port": "0"}, "Cài đặt WEBHOOK_PORT không hợp lệ: phải từ 1 trở lên"),
        (
            {"admin_telegram_ids": "12,abc"},
            "Cài đặt ADMIN_TELEGRAM_IDS không hợp lệ: cần một số nguyên",
        ),
        (
            {"quiet_hours": "22h"},
            "Cài đặt QUIET_HOURS không hợp lệ: «22h» không hợp lệ, ghi dạng HH:MM-HH:MM "
            "(ví dụ 21:30-06:30), hai giờ khác nhau, hoặc để trống",
        ),
        (
            {"webhook_url": "https://bot.example.vn/hook"},
            "Cài đặt không hợp lệ: cần đặt WEBHOOK_SECRET khi đã đặt WEBHOOK_URL",
        ),
        (
            {"language": "fr"},
            "Cài đặt LANGUAGE không hợp lệ: chỉ nhận vi (tiếng Việt) hoặc en (English), "
            "không nhận «fr»",
        ),
    ],
)
def test_setting_errors_speak_vietnamese(overrides: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **overrides)
    assert str(caught.value) == expected


@pytest.mark.parametrize("written", ["en", "EN", "en_US.UTF-8", "en_US:en", " en "])
def test_language_as_the_environment_spells_it(written: str) -> None:
    assert load_settings(_env_file=None, language=written).language == "en"
    assert load_settings(_env_file=None, language="").language == "vi"


def test_zalo_settings_are_read_and_name_which_messengers_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ZALO_BOT_TOKEN", "zalo-secret-token")
    monkeypatch.setenv("ZALO_ADMIN_IDS", "a1, b-2")
    settings = load_settings(_env_file=None)
    assert settings.messengers == ("zalo",)
    assert settings.zalo_admin_ids == ("a1", "b-2")
    assert settings.zalo_base_url == "https://bot-api.zaloplatforms.com"
    assert "zalo-secret-token" in settings.secrets()
    both = load_settings(_env_file=None, telegram_bot_token="1:T")
    assert both.messengers == ("telegram", "zalo")


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"zalo_send_rate": "0"}, "ZALO_SEND_RATE"),
        ({"zalo_base_url": "bot-api.zaloplatforms.com"}, "ZALO_BASE_URL"),
        ({"zalo_admin_ids": "ok,not ok!"}, "ZALO_ADMIN_IDS"),
        ({"zalo_webhook_url": "https://x.test/zalo"}, "ZALO_WEBHOOK_SECRET"),
    ],
)
def test_a_bad_zalo_setting_is_named_without_the_token(
    overrides: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, zalo_bot_token="zalo-secret-token", **overrides)
    message = str(error.value)
    assert named in message and "zalo-secret-token" not in message
    assert "\n" not in message
