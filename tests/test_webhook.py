"""Webhook mode: updates are accepted only with the secret header, over real loopback HTTP."""

from __future__ import annotations

import socket

import httpx

from bot.app import make_context, responder
from bot.clock import FakeClock
from bot.settings import Settings
from bot.transports.telegram import build_application, webhook_path
from storage.db import Database
from tests.fake_bot_api import FakeBotAPI
from tests.harness import fake_request

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
    application = build_application(
        settings,
        responder(make_context(settings, db, clock)),
        request=fake_request(api),
        get_updates_request=fake_request(api),
    )
    port = free_port()
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url="https://bot.example.vn/hook",
            secret_token=SECRET,
        )
        (set_webhook,) = api.calls_of("setWebhook")
        assert set_webhook.params["secret_token"] == SECRET
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
            await api.wait_for_messages(6003, 1)
        await application.updater.stop()
        await application.stop()
    assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
    assert api.messages_to(6001) == [] and api.messages_to(6002) == []


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
