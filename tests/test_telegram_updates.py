"""Receiving from Telegram: stored before confirmed, garbage parked, start-up that waits."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from telegram import Bot

from bot.backoff import Backoff
from bot.clock import FakeClock
from bot.settings import Settings
from bot.transports.telegram_updates import ALLOWED_UPDATES, BadToken, chat_key, connect
from storage import inbox
from storage.db import Database
from tests.chat_driver import Person
from tests.fake_bot_api import Failure, FakeBotAPI
from tests.harness import fake_request, running_bot

AN = 7001


async def test_an_update_ptb_cannot_read_is_parked_and_the_next_one_answered(
    settings: Settings, roster_db: Database, clock: FakeClock, api: FakeBotAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    async with running_bot(settings, roster_db, clock, api):
        api.push_update({"message": {"message_id": "not a number", "chat": "nowhere"}})
        answer = await Person(api, AN).send("/start")
    assert "Chia sẻ số điện thoại" in answer[0]
    assert await inbox.counts(roster_db) == {"dead": 1, "done": 1}
    assert "cannot be read and is parked" in caplog.text


async def test_updates_are_confirmed_only_after_they_are_stored(
    settings: Settings, roster_db: Database, clock: FakeClock, api: FakeBotAPI
) -> None:
    offsets: list[int] = []
    original = api._get_updates

    async def spy(params: dict[str, object]) -> list[dict[str, object]]:
        offsets.append(int(str(params.get("offset", 0) or 0)))
        assert json.loads(str(params["allowed_updates"])) == list(ALLOWED_UPDATES)
        if len(offsets) > 1:
            # Whatever the previous poll returned is in the inbox before this poll confirms it.
            stored = {int(row["update_key"]) for row in await inbox.rows(roster_db)}
            assert all(update_id in stored for update_id in range(1, offsets[-1]))
        return await original(params)

    api._get_updates = spy  # type: ignore[method-assign]
    async with running_bot(settings, roster_db, clock, api):
        for _ in range(3):
            await Person(api, AN).send("/trogiup")
    assert max(offsets) >= 2


def test_chat_keys_keep_each_chats_updates_together() -> None:
    private = {"update_id": 1, "message": {"chat": {"id": 42}}}
    press = {
        "update_id": 2,
        "callback_query": {"from": {"id": 42}, "message": {"chat": {"id": 42}}},
    }
    inline = {"update_id": 3, "callback_query": {"from": {"id": 43}}}
    assert [chat_key(u) for u in (private, press, inline, {"update_id": 4})] == [
        "42", "42", "43", ""
    ]  # fmt: skip


async def test_start_up_waits_for_the_api_with_backoff_and_one_line_per_attempt(
    settings: Settings, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail_next("getMe", *(Failure(0) for _ in range(3)))  # timeouts: no network
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    bot = Bot("123456:TEST-TOKEN", base_url=settings.telegram_base_url, request=fake_request(api))
    caplog.set_level(logging.WARNING)
    assert await connect(bot, asyncio.Event(), backoff=Backoff(), sleep=fake_sleep)
    assert len(waits) == 3 and waits[0] <= 1 and waits[2] > waits[0]
    lines = [r for r in caplog.records if "cannot reach the Telegram Bot API" in r.getMessage()]
    assert len(lines) == 3 and all(r.exc_info is None for r in lines)  # no traceback
    await bot.shutdown()


async def test_a_refused_token_stops_start_up(settings: Settings, api: FakeBotAPI) -> None:
    bot = Bot("999:WRONG", base_url=settings.telegram_base_url, request=fake_request(api))
    with pytest.raises(BadToken):
        await connect(bot, asyncio.Event())
