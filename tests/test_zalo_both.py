"""One process serving Telegram and Zalo: a cadre linked on both hears each reminder once,
on the messenger they last wrote from; reports reach leaders on both."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.runtime import BotRuntime
from bot.scheduler import enqueue_due_reminders
from bot.settings import Settings
from storage import outbox
from storage.db import Database
from tests.chat_driver import Person
from tests.conftest import AN, COMMITTEE_CHAT_ID, ZALO_ADMINS
from tests.fake_bot_api import FakeBotAPI
from tests.fake_zalo_api import FakeZaloAPI, ZaloUser
from tests.harness import running_zalo_bot
from tests.test_zalo_e2e import AN_PHONE, AN_ZALO, zalo_code


@pytest.fixture
def both_settings(settings: Settings, zalo_settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "zalo_bot_token": zalo_settings.zalo_bot_token,
            "zalo_base_url": zalo_settings.zalo_base_url,
            "zalo_admin_ids": zalo_settings.zalo_admin_ids,
        }
    )


@pytest.fixture
async def both(
    both_settings: Settings, planned_db: Database, clock: FakeClock, zapi: FakeZaloAPI,
    api: FakeBotAPI,
) -> AsyncIterator[BotRuntime]:  # fmt: skip
    async with running_zalo_bot(both_settings, planned_db, clock, zapi, telegram=api) as runtime:
        yield runtime


async def link_on_both(
    api: FakeBotAPI, zapi: FakeZaloAPI, settings: Settings, clock: FakeClock
) -> tuple[Person, ZaloUser]:
    on_telegram = Person(api, AN)
    await on_telegram.share_contact(AN_PHONE)
    on_zalo = zapi.user(AN_ZALO, "Nguyễn Văn An")
    (welcome,) = await on_zalo.send(await zalo_code(settings, clock, AN_PHONE))
    assert "Tài khoản đã được liên kết thành công" in welcome
    return on_telegram, on_zalo


async def reminder_rows(db: Database) -> list[outbox.OutboxMessage]:
    return [m for m in await outbox.messages(db) if m.kind.startswith("remind")]


@pytest.mark.usefixtures("both")
async def test_a_cadre_linked_on_both_hears_each_reminder_once_where_they_last_wrote(
    api: FakeBotAPI, zapi: FakeZaloAPI, both_settings: Settings, clock: FakeClock,
    planned_db: Database,
) -> None:  # fmt: skip
    on_telegram, on_zalo = await link_on_both(api, zapi, both_settings, clock)
    await on_zalo.send("/lich")  # he last wrote from Zalo
    result = await enqueue_due_reminders(planned_db, now=clock.now(), settings=both_settings)
    rows = await reminder_rows(planned_db)
    assert result.queued >= 1 and rows
    assert {(row.messenger, row.chat_id) for row in rows} == {("zalo", AN_ZALO)}
    assert len({row.idempotency_key for row in rows}) == len(rows)
    await zapi.wait_for(lambda: any("Báo cáo ngay" in text for text in on_zalo.texts))
    telegram_before = len(on_telegram.messages)

    await on_telegram.send("/lich")  # now from Telegram: the next reminders follow him there
    again = await enqueue_due_reminders(planned_db, now=clock.now(), settings=both_settings)
    assert again.queued == 0 and len(await reminder_rows(planned_db)) == len(rows)
    assert len(on_telegram.messages) == telegram_before + 1  # only the /lich answer


@pytest.mark.usefixtures("both")
async def test_both_messengers_serve_one_process_and_forward_to_both(
    api: FakeBotAPI, zapi: FakeZaloAPI, both_settings: Settings, clock: FakeClock
) -> None:
    from tests.test_zalo_e2e import answer_default_report

    _, on_zalo = await link_on_both(api, zapi, both_settings, clock)
    await answer_default_report(on_zalo)
    (receipt,) = await on_zalo.pick("📨 Gửi báo cáo")
    assert "BC-2026-00001" in receipt
    await api.wait_for(lambda: bool(api.messages_to(COMMITTEE_CHAT_ID)))
    await zapi.wait_for(lambda: all(zapi.texts_to(admin) for admin in ZALO_ADMINS))
    telegram_copy = str(api.messages_to(COMMITTEE_CHAT_ID)[0]["text"])
    assert "BC-2026-00001" in telegram_copy and "BC-2026-00001" in zapi.texts_to(ZALO_ADMINS[0])[0]
