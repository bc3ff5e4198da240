"""The one settings class: read from the environment and `.env`, validated at start-up."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/fieldreport.sqlite3"
LANGUAGES = ("vi", "en")


class Settings(BaseSettings):
    """Every knob of a deployment; names match `.env.example` and architecture.md."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_bot_username: str | None = None
    committee_chat_id: int | None = None
    committee_name: str | None = Field(default=None, max_length=200)
    admin_telegram_ids: Annotated[tuple[int, ...], NoDecode] = ()
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Asia/Ho_Chi_Minh"
    language: Literal["vi", "en"] = "vi"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    questionnaire_path: Path | None = None
    invite_code_ttl_days: int = Field(default=7, ge=1, le=365)
    report_deadline_days: int = Field(default=2, ge=1, le=60)
    reporting_window_days: int = Field(default=35, ge=1, le=366)
    # Reminders (bot/reminders.py): local clock times, offsets in hours (fractions allowed).
    remind_day_before_at: str = "08:00"
    remind_hours_before: float = Field(default=2, gt=0, le=24)
    report_prompt_hours_after: float = Field(default=2, ge=0, le=24)
    nudge_morning_at: str = "08:00"
    nudge_hours_before_deadline: float = Field(default=3, gt=0, le=24)
    quiet_hours: str = "21:30-06:30"
    planning_horizon_days: int = Field(default=62, ge=7, le=366)
    snooze_minutes: int = Field(default=60, ge=5, le=720)
    # Digests (bot/digest_jobs.py): "mon 07:30" weekly, "3 07:30" monthly; "off" disables.
    digest_weekly_cron: str = "mon 07:30"
    digest_monthly_cron: str = "3 07:30"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Zalo (bot/transports/zalo.py): calls go to {zalo_base_url}/bot{token}/{method}.
    zalo_bot_token: SecretStr | None = None
    zalo_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_admin_ids: Annotated[tuple[str, ...], NoDecode] = ()
    zalo_committee_chat_id: str | None = None
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    # Zalo publishes no rate limit: a conservative pace, well below Telegram's.
    zalo_send_rate: float = Field(default=5.0, gt=0, le=30)

    @field_validator("language", mode="before")
    @classmethod
    def _language_code(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return "vi"
        if normalize_language(value) not in LANGUAGES:
            raise SettingProblem("language", value=value)
        return normalize_language(value)

    @field_validator(
        "telegram_bot_token", "webhook_secret", "webhook_url", "zalo_bot_token",
        "zalo_webhook_url", "zalo_webhook_secret", "zalo_committee_chat_id", mode="before",
    )  # fmt: skip
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("committee_chat_id", "committee_name", "questionnaire_path", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_telegram_ids", "zalo_admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingProblem("timezone", value=value) from exc
        return value

    @field_validator("telegram_base_url", "webhook_url", "zalo_base_url", "zalo_webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise SettingProblem("http_url")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise SettingProblem("database_url")
        return value

    @field_validator("questionnaire_path")
    @classmethod
    def _existing_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise SettingProblem("file_missing", value=value)
        return value

    @field_validator("remind_day_before_at", "nudge_morning_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        from bot.reminders import parse_clock

        try:
            return parse_clock(value).strftime("%H:%M")
        except ValueError:
            raise SettingProblem("clock", value=value) from None

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        from bot.reminders import parse_quiet_hours

        try:
            parse_quiet_hours(value)
        except ValueError:
            raise SettingProblem("quiet_hours", value=value) from None
        return value.strip()

    @field_validator("digest_weekly_cron", "digest_monthly_cron")
    @classmethod
    def _digest_schedule(cls, value: str, info: ValidationInfo) -> str:
        from bot.digest.periods import parse_monthly, parse_weekly

        weekly = info.field_name == "digest_weekly_cron"
        try:
            (parse_weekly if weekly else parse_monthly)(value)
        except ValueError:
            raise SettingProblem(
                "digest_weekly" if weekly else "digest_monthly", value=value
            ) from None
        return " ".join(value.split())

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_alphabet(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's setWebhook accepts only these; anything else would fail after start-up.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise SettingProblem("webhook_secret_alphabet")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise SettingProblem("webhook_needs_secret")
        if self.zalo_webhook_url and self.zalo_webhook_secret is None:
            raise SettingProblem("zalo_webhook_needs_secret")
        return self

    @field_validator("zalo_admin_ids")
    @classmethod
    def _zalo_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", item):
                raise ValueError("Zalo ids are 1-64 letters, digits, _ or -, comma-separated")
        return value

    @field_validator("zalo_webhook_secret")
    @classmethod
    def _zalo_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{8,256}", value.get_secret_value()
        ):
            raise ValueError("use 8-256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def messengers(self) -> tuple[str, ...]:
        """The messengers this deployment serves: those whose token is set."""
        names = ("telegram",) if self.telegram_bot_token is not None else ()
        return names + (("zalo",) if self.zalo_bot_token is not None else ())

    @property
    def public_base_url(self) -> str | None:
        """Where the bot's own web server is reachable from outside (files for Zalo)."""
        if self.zalo_webhook_url is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(self.zalo_webhook_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_admin(self, telegram_user_id: int) -> bool:
        return telegram_user_id in self.admin_telegram_ids

    def secrets(self) -> tuple[str, ...]:
        """Every secret value, for the log filter."""
        values = (
            self.telegram_bot_token, self.webhook_secret, self.zalo_bot_token,
            self.zalo_webhook_secret,
        )  # fmt: skip
        return tuple(value.get_secret_value() for value in values if value is not None)


class SettingProblem(ValueError):
    """A validator's complaint as a catalogue key (`settings.problem.<key>`) with parameters,
    so that it is said in the configured language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class SettingsError(Exception):
    """A setting is invalid; the message is one line naming it and never contains its value."""


# pydantic's error types that a person can be told about plainly; others keep its message.
_PYDANTIC_PROBLEMS = {
    "int_parsing", "int_type", "float_parsing", "bool_parsing", "greater_than_equal",
    "less_than_equal", "greater_than", "less_than", "literal_error", "missing", "string_type",
}  # fmt: skip


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError with one line, in the configured language (LANGUAGE,
    read on its own so that it applies even when another setting is wrong), naming the first
    bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        from bot import i18n

        i18n.use_language(configured_language(overrides))
        raise SettingsError(_describe(exc.errors()[0])) from None


def _describe(error: ErrorDetails) -> str:
    from bot.i18n import label

    context = error.get("ctx", {})
    problem = context.get("error")
    if isinstance(problem, SettingProblem):
        text = label(f"settings.problem.{problem.key}", **problem.params)
    elif error["type"] in _PYDANTIC_PROBLEMS:
        text = label(f"settings.problem.{error['type']}", **context)
    else:
        text = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:  # a rule across settings: its message names them
        return label("settings.invalid_combination", problem=text)
    return label("settings.invalid", name=str(error["loc"][0]).upper(), problem=text)


def normalize_language(raw: object) -> str:
    """`vi`, `en`, also as the environment often spells them (`en_US.UTF-8`, `en_US:en`)."""
    if not isinstance(raw, str):
        return "vi"
    return raw.strip().lower().split(":")[0].split("_")[0].split(".")[0]


def configured_language(overrides: dict[str, object]) -> str:
    """LANGUAGE from the overrides, the environment or the `.env` file; `vi` when unset or
    not one of ours."""
    raw = overrides.get("language") or os.environ.get("LANGUAGE")
    env_file = overrides.get("_env_file", ".env")
    if raw is None and isinstance(env_file, str | Path) and Path(env_file).is_file():
        raw = dotenv_values(env_file).get("LANGUAGE")
    language = normalize_language(raw)
    return language if language in LANGUAGES else "vi"
