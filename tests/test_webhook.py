"""Webhook mode: updates are accepted only with the secret header, over real loopback HTTP."""

from __future__ import annotations

import json
import socket

import httpx
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.settings import Settings
from bot.transports.telegram import webhook_path
from storage import inbox
from storage.db import Database
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

SECRET = "s3cret-webhook-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_update(update_id: int, user_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Khách"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def test_webhook_path_comes_from_the_public_url() -> None:
    assert webhook_path("https://bot.example.vn/telegram/hook") == "telegram/hook"


async def test_requests_without_the_secret_are_refused(
    settings: Settings, db: Database, clock: FakeClock
) -> None:
    api = FakeBotAPI()
    port = free_port()
    webhook = settings.model_copy(
        update={
            "webhook_url": "https://bot.example.vn/hook",
            "webhook_secret": SecretStr(SECRET),
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
        }
    )
    async with running_bot(webhook, db, clock, api):
        (set_webhook,) = api.calls_of("setWebhook")
        assert set_webhook.params["secret_token"] == SECRET
        assert json.loads(set_webhook.params["allowed_updates"]) == ["message", "callback_query"]
        url = f"http://127.0.0.1:{port}/hook"
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=start_update(1, 6001))
            wrong = await client.post(
                url,
                json=start_update(2, 6002),
                headers={"X-Telegram-Bot-Api-Secret-Token": "guess"},
            )
            right = await client.post(
                url,
                json=start_update(3, 6003),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            # When 200 is answered the update is already stored: Telegram may forget it.
            stored = await inbox.rows(db)
            await api.wait_for_messages(6003, 1)
    assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
    assert [row["update_key"] for row in stored] == ["3"]
    assert api.messages_to(6001) == [] and api.messages_to(6002) == []
    assert api.calls_of("getUpdates") == []


def test_commands_for_another_bot_are_not_ours() -> None:
    from telegram import Update

    from bot.transports.telegram import to_inbound

    def command(text: str) -> Update:
        data = start_update(1, -100777)
        message = data["message"]
        assert isinstance(message, dict)
        message["chat"] = {"id": -100777, "type": "supergroup", "title": "Thường trực"}
        message["text"] = text
        return Update.de_json(data, None)

    mine = to_inbound(command("/tonghop@fieldreport_bot 03/2026"), "FieldReport_Bot")
    assert mine is not None and mine.command == "tonghop" and mine.args == ("03/2026",)
    assert to_inbound(command("/tonghop@other_bot"), "fieldreport_bot") is None
