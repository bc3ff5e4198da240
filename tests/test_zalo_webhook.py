"""Zalo's webhook, over real loopback HTTP: the secret header, then the inbox; and charts
served at unguessable, expiring paths."""

from __future__ import annotations

from datetime import timedelta

import httpx
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.messages import Attachment
from bot.settings import Settings
from storage import attachments, inbox
from storage.db import Database
from tests.fake_zalo_api import FakeZaloAPI
from tests.harness import running_zalo_bot
from tests.test_webhook import free_port

SECRET = "zalo-webhook-secret"


def text_update(message_id: str, user_id: str) -> dict[str, object]:
    return {
        "event_name": "message.text.received",
        "message": {
            "message_id": message_id, "date": 1_773_000_000_000,
            "from": {"id": user_id, "display_name": "Khách", "is_bot": False},
            "chat": {"id": user_id, "chat_type": "PRIVATE"}, "text": "xin chào",
        },
    }  # fmt: skip


async def test_zalo_webhook_needs_the_secret_and_stores_each_message_once(
    zalo_settings: Settings, db: Database, clock: FakeClock
) -> None:
    zapi = FakeZaloAPI(clock)
    port = free_port()
    hooked = zalo_settings.model_copy(
        update={
            "zalo_webhook_url": "https://bot.example.vn/zalo/hook",
            "zalo_webhook_secret": SecretStr(SECRET),
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
        }
    )
    async with running_zalo_bot(hooked, db, clock, zapi) as runtime:
        (set_webhook,) = zapi.calls_of("setWebhook")
        assert set_webhook.body == {
            "url": "https://bot.example.vn/zalo/hook",
            "secret_token": SECRET,
        }
        url = f"http://127.0.0.1:{port}/zalo/hook"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json=text_update("m1", "u1"))
            wrong = await client.post(
                url, json=text_update("m1", "u1"), headers={"X-Bot-Api-Secret-Token": "nope"}
            )
            headers = {"X-Bot-Api-Secret-Token": SECRET}
            first = await client.post(url, json=text_update("m1", "u1"), headers=headers)
            again = await client.post(url, json=text_update("m1", "u1"), headers=headers)
        assert (refused.status_code, wrong.status_code) == (403, 403)
        assert (first.status_code, again.status_code) == (200, 200)
        assert [row["update_key"] for row in await inbox.rows(db)] == ["m1"]
        await zapi.wait_for(lambda: bool(zapi.texts_to("u1")))
        assert "gửi cho bot mã mời" in zapi.texts_to("u1")[0]

        # A chart is reachable by its link for a day, then no more.
        async with db.transaction() as conn:
            chart = await attachments.store(
                conn, Attachment("chart.png", "image/png", b"PNG"), clock.now()
            )
        assert runtime.zalo is not None
        public_url = runtime.zalo.zalo_sender.public_url
        assert public_url is not None
        link = await public_url(chart.id)
        assert link is not None
        assert link.startswith("https://bot.example.vn/files/")
        local = f"http://127.0.0.1:{port}" + link.removeprefix("https://bot.example.vn")
        async with httpx.AsyncClient() as client:
            served = await client.get(local)
            guessed = await client.get(local[:-4] + "AAAA")
            clock.advance(timedelta(days=1, seconds=1))
            expired = await client.get(local)
        assert served.status_code == 200 and served.content == b"PNG"
        assert served.headers["content-type"] == "image/png"
        assert (guessed.status_code, expired.status_code) == (404, 404)
