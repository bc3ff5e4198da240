"""Linking an account, end to end: fake people talk to the real PTB stack over the fake API."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.admin_commands import invite_command
from bot.clock import FakeClock
from bot.messages import Inbound, Outbound
from bot.settings import Settings
from storage import audit, cadres
from storage.db import Database
from storage.tables import cadres as cadres_table
from tests.conftest import ADMIN_ID, COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI, group_message

AN_PHONE = "+84 912 000 001"  # Nguyễn Văn An in the sample roster
AN = 5001
STRANGER = 5002


async def say(api: FakeBotAPI, user_id: int, text: str) -> str:
    before = len(api.messages_to(user_id))
    api.user(user_id).send(text)
    messages = await api.wait_for_messages(user_id, before + 1)
    return str(messages[before]["text"])


async def share(api: FakeBotAPI, user_id: int, phone: str, owner: int | None = None) -> str:
    before = len(api.messages_to(user_id))
    api.user(user_id).share_contact(phone, owner_id=owner)
    messages = await api.wait_for_messages(user_id, before + 1)
    return str(messages[before]["text"])


async def make_invite(settings: Settings, clock: FakeClock, phone: str) -> str:
    out = io.StringIO()
    assert await invite_command(settings, phone=phone, everyone=False, clock=clock, out=out) == 0
    match = re.search(
        r"mã ([A-Z0-9]{10}) — https://t\.me/fieldreport_test_bot\?start=\1", out.getvalue()
    )
    assert match, out.getvalue()
    return match.group(1)


async def linked_account(db: Database, phone: str) -> int | None:
    cadre = await cadres.find_by_phone(db, phone)
    assert cadre is not None
    return cadre.telegram_user_id


@pytest.mark.usefixtures("bot")
async def test_start_asks_for_the_phone_with_a_contact_button(api: FakeBotAPI) -> None:
    api.user(STRANGER).send("/start")
    (message,) = await api.wait_for_messages(STRANGER, 1)
    assert "Chia sẻ số điện thoại" in str(message["text"])
    keyboard = json.loads(str(message["reply_markup"]))["keyboard"]
    assert keyboard[0][0]["request_contact"] is True


@pytest.mark.usefixtures("bot")
async def test_own_contact_links_and_greets_with_assigned_cells(
    api: FakeBotAPI, roster_db: Database
) -> None:
    await say(api, AN, "/start")
    text = await share(api, AN, AN_PHONE)
    assert "Nguyễn Văn An" in text and "liên kết thành công" in text
    assert "Chi bộ thôn Đông" in text and "Chi bộ thôn Tây" in text
    # Day-5 rule at 19:30: the next meeting after 10/03/2026 is Monday 06/04/2026.
    assert "Buổi tới: Thứ Hai, 06/04/2026" in text
    assert await linked_account(roster_db, "+84912000001") == AN
    (row,) = await audit.actions(roster_db, "link")
    assert row["actor"] == f"telegram:{AN}" and row["detail"]["via"] == "contact"
    # Once linked, /start greets again instead of asking for the phone.
    assert "Xin chào đồng chí" in await say(api, AN, "/start")


@pytest.mark.usefixtures("bot")
async def test_phone_spelt_without_plus_is_the_same_cadre(
    api: FakeBotAPI, roster_db: Database
) -> None:
    # Telegram delivers contact numbers like this, without the plus sign.
    text = await share(api, AN, "84912000001")
    assert "Nguyễn Văn An" in text
    assert await linked_account(roster_db, "+84912000001") == AN


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("owner", [STRANGER + 1, 0], ids=["someone-else", "no-owner"])
async def test_a_contact_that_is_not_the_senders_own_is_refused(
    api: FakeBotAPI, roster_db: Database, owner: int
) -> None:
    text = await share(api, STRANGER, AN_PHONE, owner=owner)
    assert "chính đồng chí" in text
    assert "Nguyễn Văn An" not in text
    assert await linked_account(roster_db, "+84912000001") is None
    (row,) = await audit.actions(roster_db, "link_refused")
    assert row["detail"]["outcome"] == "forged_contact"


@pytest.mark.usefixtures("bot")
async def test_an_unknown_number_is_refused(api: FakeBotAPI, roster_db: Database) -> None:
    text = await share(api, STRANGER, "0987 654 321")
    assert "chưa có trong danh sách" in text and "0987 654 321" in text
    (row,) = await audit.actions(roster_db, "link_refused")
    assert row["detail"]["outcome"] == "unknown_phone"
    assert await audit.actions(roster_db, "link") == []


@pytest.mark.usefixtures("bot")
async def test_unlinked_people_learn_only_how_to_link(api: FakeBotAPI) -> None:
    for text in ("xin chào", "/baocao", "/lich"):
        answer = await say(api, STRANGER, text)
        assert "chưa được liên kết" in answer
        assert "Chi bộ" not in answer and "Đảng bộ" not in answer


@pytest.mark.usefixtures("bot")
async def test_invite_code_links_once(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock
) -> None:
    code = await make_invite(settings, clock, "0912 000 001")
    text = await say(api, AN, f"/start {code}")
    assert "Nguyễn Văn An" in text and "liên kết thành công" in text
    assert await linked_account(roster_db, "+84912000001") == AN
    # The same code again, by someone else: refused, nothing changes.
    assert "đã được dùng" in await say(api, STRANGER, f"/start {code}")
    assert await linked_account(roster_db, "+84912000001") == AN
    refused = await audit.actions(roster_db, "link_refused")
    assert refused[-1]["detail"]["reason"] == "used"


@pytest.mark.usefixtures("bot")
async def test_expired_and_made_up_codes_are_refused(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock
) -> None:
    code = await make_invite(settings, clock, "0912 000 001")
    clock.advance(timedelta(days=7, seconds=1))
    assert "hết hạn" in await say(api, AN, f"/start {code}")
    assert "hết hạn" in await say(api, AN, "/start ABCDEFGHJK")
    assert await linked_account(roster_db, "+84912000001") is None
    reasons = [row["detail"]["reason"] for row in await audit.actions(roster_db, "link_refused")]
    assert reasons == ["expired", "unknown"]


@pytest.mark.usefixtures("bot")
async def test_an_account_linked_to_one_cadre_cannot_take_another(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock
) -> None:
    await share(api, AN, AN_PHONE)
    other = await make_invite(settings, clock, "0912 000 002")
    assert "cán bộ khác" in await say(api, AN, f"/start {other}")
    assert await linked_account(roster_db, "+84912000002") is None
    assert await linked_account(roster_db, "+84912000001") == AN


@pytest.mark.usefixtures("bot")
async def test_relinking_to_a_new_account_needs_a_new_code(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock
) -> None:
    await share(api, AN, AN_PHONE)
    new_phone_account = 5003
    text = await share(api, new_phone_account, AN_PHONE)
    assert "tài khoản khác" in text
    assert await linked_account(roster_db, "+84912000001") == AN

    code = await make_invite(settings, clock, "0912 000 001")
    assert "Nguyễn Văn An" in await say(api, new_phone_account, f"/start {code}")
    assert await linked_account(roster_db, "+84912000001") == new_phone_account
    # The old account lost the link: it is treated as a stranger now.
    assert "chưa được liên kết" in await say(api, AN, "xin chào")


@pytest.mark.usefixtures("bot")
async def test_other_group_chats_are_ignored(api: FakeBotAPI) -> None:
    person = api.user(AN)
    group_message(api, -100999, person, "/start")
    group_message(api, COMMITTEE_CHAT_ID, person, "xin chào")
    # A private message afterwards is answered: so the group ones were processed before it.
    await say(api, AN, "/trogiup")
    assert api.messages_to(-100999) == [] and api.messages_to(COMMITTEE_CHAT_ID) == []


async def test_a_failing_update_is_retried_then_parked_and_admins_told(
    settings: Settings,
    roster_db: Database,
    clock: FakeClock,
    api: FakeBotAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.inbox_worker import InboxRetryPolicy
    from storage import inbox
    from tests.harness import running_bot

    attempts: list[str] = []

    async def broken(inbound: Inbound) -> list[Outbound]:
        attempts.append(inbound.text)
        raise RuntimeError("database exploded")

    policy = InboxRetryPolicy(max_attempts=2)
    async with running_bot(
        settings, roster_db, clock, api, respond=broken, inbox_policy=policy
    ) as running:
        api.user(AN).send("/start")
        await api.wait_for(lambda: len(attempts) == 1)
        clock.advance(timedelta(minutes=5))  # past the retry's backoff
        running.worker.wake.set()
        (notice,) = await api.wait_for_messages(ADMIN_ID, 1)
    assert attempts == ["/start", "/start"]
    assert "không xử lý được" in str(notice["text"])
    assert "RuntimeError: database exploded" in str(notice["text"])
    assert "failed 2 times and is parked" in caplog.text
    assert api.messages_to(AN) == []
    assert await inbox.counts(roster_db) == {"dead": 1}


@pytest.mark.usefixtures("bot")
async def test_an_invite_for_a_cadre_no_longer_active_is_refused(
    api: FakeBotAPI, roster_db: Database, settings: Settings, clock: FakeClock
) -> None:
    code = await make_invite(settings, clock, "0912 000 001")
    async with roster_db.transaction() as conn:
        await conn.execute(update(cadres_table).values(active=False))
    assert "hết hạn" in await say(api, AN, f"/start {code}")
    assert await linked_account(roster_db, "+84912000001") is None
