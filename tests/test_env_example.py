"""`.env.example` documents every setting, and its values are valid as written."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings, load_settings

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def documented_names() -> set[str]:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_every_setting_is_documented() -> None:
    assert documented_names() == {name.upper() for name in Settings.model_fields}


def test_the_example_loads_as_is() -> None:
    settings = load_settings(_env_file=ENV_EXAMPLE)
    assert settings.telegram_bot_token is None and settings.webhook_url is None
