"""The committee's commands end to end through the fake Bot API, on the seeded committee
(tests/test_digest_fixtures.py): who may use them, what they show, the «Nhắc» buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from bot.app import make_context
from bot.clock import FakeClock
from bot.digest.spreadsheet import HEADER_ROW
from bot.messages import Inbound, InboundKind
from bot.sender import OutboxSender
from bot.settings import Settings
from bot.transports.telegram import delivery
from handlers import router
from storage import outbox
from storage.db import Database
from storage.tables import cadres
from tests.chat_driver import Person, inline_buttons, plain
from tests.conftest import ADMIN_ID, COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI, FakeUser, group_message
from tests.harness import AnyApplication, running_bot
from tests.test_digest_fixtures import NOW, Seed, seed_committee

MEMBER = 7001  # someone in the committee chat, neither admin nor cadre
OTHER_GROUP = -100999
BINH, AN = 5002, 5001


class GroupMember:
    """A person writing in a group chat and reading what the bot posts there."""

    def __init__(self, api: FakeBotAPI, chat_id: int, user: FakeUser) -> None:
        self.api, self.chat_id, self.user = api, chat_id, user

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.api.messages_to(self.chat_id)

    async def send(self, text: str, expect: int = 1) -> list[str]:
        before = len(self.messages)
        group_message(self.api, self.chat_id, self.user, text)
        return await self._replies(before, expect)

    async def press(self, data: str, expect: int = 1) -> list[str]:
        before = len(self.messages)
        message = self.api._message({"chat_id": self.chat_id, "text": "…"})
        self.api.push_update({"callback_query": {
            "id": f"cb{len(self.api.calls)}", "from": self.user.as_json(),
            "chat_instance": f"ci{self.chat_id}", "data": data, "message": message,
        }})  # fmt: skip
        return await self._replies(before, expect)

    async def _replies(self, before: int, expect: int) -> list[str]:
        messages = await self.api.wait_for_messages(self.chat_id, before + expect)
        return [plain(str(message["text"])) for message in messages[before:]]

    def button(self, label: str) -> str:
        for message in reversed(self.messages):
            if label in inline_buttons(message):
                return inline_buttons(message)[label]
        raise AssertionError(f"no button {label!r}")


async def files(api: FakeBotAPI, method: str, chat_id: int, count: int) -> list[dict[str, Any]]:
    """The photos or documents a chat received, once `count` have arrived."""

    def sent() -> list[dict[str, Any]]:
        return [c.params for c in api.calls_of(method) if int(c.params["chat_id"]) == chat_id]

    await api.wait_for(lambda: len(sent()) >= count)
    return sent()


@pytest.fixture
async def seeded(db: Database, clock: FakeClock) -> Seed:
    clock.set(NOW)
    return await seed_committee(db)


@pytest.fixture
async def app(
    settings: Settings, db: Database, seeded: Seed, clock: FakeClock, api: FakeBotAPI
) -> AsyncIterator[AnyApplication]:
    async with running_bot(settings, db, clock, api) as application:
        yield application


@pytest.fixture
def committee(app: AnyApplication, api: FakeBotAPI) -> GroupMember:
    return GroupMember(api, COMMITTEE_CHAT_ID, api.user(MEMBER, "Lê Thường Trực"))


async def test_tonghop_gives_the_months_counts_and_missing_list(
    committee: GroupMember, api: FakeBotAPI
) -> None:
    (digest,) = await committee.send("/tonghop 03/2026")
    assert digest.startswith("📊 TỔNG HỢP SINH HOẠT CHI BỘ\ntháng 03/2026\n")
    assert "📨 Đã nhận 5/7 báo cáo (71%) · ▲ 2 so với tháng trước" in digest
    assert "đúng hạn 3 · muộn 2 · chưa nộp 2 (quá hạn 2)" in digest
    assert "✅ Đạt chất lượng: 1 · không đổi\n❌ Chưa đạt: 2 · không đổi" in digest
    assert (
        "Chưa báo cáo (2)\nĐảng bộ xã Minh Hòa\n"
        "• Trần Thị Bình — Chi bộ Trạm Y tế, 02/03, quá hạn 30 ngày\nĐảng bộ xã An Phú\n"
        "• Phạm Thị Dung — Chi bộ Trường THCS, 27/03, quá hạn 5 ngày"
    ) in digest
    chart, trend = await files(api, "sendPhoto", COMMITTEE_CHAT_ID, 2)
    assert chart["caption"] == "📊 Biểu đồ kết quả sinh hoạt chi bộ · tháng 03/2026"
    assert chart["photo"]["bytes"][:8] == b"\x89PNG\r\n\x1a\n"
    assert trend["caption"] == "📈 Xu hướng 12 tháng đến tháng 03/2026"
    assert trend["photo"]["bytes"][:8] == b"\x89PNG\r\n\x1a\n"
    # The English alias, one unit named without accents.
    (unit,) = await committee.send("/summary 03/2026 minh hoa")
    assert "Phạm vi: Đảng bộ xã Minh Hòa" in unit and "Đã nhận 2/3 báo cáo (67%)" in unit
    (refused,) = await committee.send("/tonghop 13/2026")
    assert refused == "Tháng không hợp lệ: «13/2026». Ghi dạng mm/yyyy, ví dụ 03/2026."
    (unknown,) = await committee.send("/tonghop Thanh Lâm")
    assert unknown.startswith("Không tìm thấy đảng bộ «Thanh Lâm»")


async def test_xuat_spreadsheet_has_the_same_numbers(
    committee: GroupMember, api: FakeBotAPI
) -> None:
    group_message(api, COMMITTEE_CHAT_ID, committee.user, "/xuat 03/2026")
    (document,) = await files(api, "sendDocument", COMMITTEE_CHAT_ID, 1)
    assert document["caption"] == "📎 Bảng tổng hợp báo cáo · tháng 03/2026"
    assert document["document"]["filename"] == "bao_cao_2026-03.xlsx"
    book = load_workbook(BytesIO(document["document"]["bytes"]))
    details = list(book["Chi tiết"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    missing = list(book["Chưa báo cáo"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(details) == 5  # received
    assert sum(1 for row in details if row[6] == "Có") == 2  # late
    assert sum(1 for row in details if row[9] == "Đạt") == 1  # meets standard
    assert sum(1 for row in details if row[9] == "Chưa đạt") == 2  # below
    assert [(row[2], row[4], row[7]) for row in missing] == [
        ("Chi bộ Trường THCS", "Phạm Thị Dung", 5),
        ("Chi bộ Trạm Y tế", "Trần Thị Bình", 30),
    ]
    assert book["Tổng hợp"].max_row == HEADER_ROW + 8


async def test_only_the_committee_and_admins_may_ask(
    committee: GroupMember, api: FakeBotAPI, settings: Settings, db: Database, clock: FakeClock
) -> None:
    admin = Person(api, ADMIN_ID)
    (digest,) = await admin.send("/tonghop 03/2026")
    assert "Đã nhận 5/7 báo cáo" in digest
    assert len(await files(api, "sendPhoto", ADMIN_ID, 2)) == 2  # the chart and the trend
    an = Person(api, AN)  # a linked cadre
    (refused,) = await an.send("/xuat")
    assert refused.startswith("Lệnh này chỉ dành cho Thường trực và Ban Tổ chức.")
    (refused,) = await Person(api, 123).send("/chuanop")  # someone never linked
    assert refused.startswith("Lệnh này chỉ dành cho Thường trực và Ban Tổ chức.")
    (refused,) = await an.press_data("nh:2")  # a nudge button forwarded to a cadre
    assert refused.startswith("Lệnh này chỉ dành cho")
    # Another group: nothing at all. The committee's answer below comes after it was handled.
    stranger = GroupMember(api, OTHER_GROUP, api.user(MEMBER, "Lê Thường Trực"))
    group_message(api, OTHER_GROUP, stranger.user, "/tonghop")
    await committee.send("/chuanop")
    assert api.messages_to(OTHER_GROUP) == [] and api.calls_of("sendDocument") == []
    ctx = make_context(settings, db, clock)
    other = Inbound("telegram", str(MEMBER), str(OTHER_GROUP), False, InboundKind.COMMAND,
                    text="/tonghop", command="tonghop")  # fmt: skip
    assert await router.handle(ctx, other) == []


async def test_chuanop_and_a_nudge_per_press_minute(
    committee: GroupMember,
    api: FakeBotAPI,
    db: Database,
    clock: FakeClock,
    app: AnyApplication,
    seeded: Seed,
) -> None:
    (listing,) = await committee.send("/chuanop")
    assert "📋 CHƯA BÁO CÁO · 28/02 – 03/04/2026\nSố liệu tính đến 07:30 ngày 03/04" in listing
    assert listing.index("Trần Thị Bình") < listing.index("Phạm Thị Dung")  # most overdue first
    buttons = inline_buttons(committee.messages[-1])
    assert list(buttons) == ["🔔 Nhắc: Trần Thị Bình", "🔔 Nhắc: Phạm Thị Dung"]
    nudge = committee.button("🔔 Nhắc: Trần Thị Bình")
    assert await committee.press(nudge) == ["🔔 Đã nhắc đồng chí Trần Thị Bình."]
    assert await committee.press(nudge) == ["Vừa nhắc đồng chí Trần Thị Bình rồi."]
    clock.advance(timedelta(minutes=1))
    assert await committee.press(nudge) == ["🔔 Đã nhắc đồng chí Trần Thị Bình."]
    rows = await outbox.messages(db, kind="nudge")
    binh_id = seeded.cadre_ids["binh"]
    assert [(row.chat_id, row.idempotency_key) for row in rows] == [
        (str(BINH), f"nudge:{binh_id}:20260403T0730"),
        (str(BINH), f"nudge:{binh_id}:20260403T0731"),
    ]
    # Bình receives it and opens the report straight from its button.
    await OutboxSender(db, clock, "telegram", delivery(app.bot)).drain_once()
    binh = Person(api, BINH)
    received = binh.last_text()
    assert received.startswith("⏰ Thường trực nhắc đồng chí gửi báo cáo dự sinh hoạt chi bộ:")
    assert "• Chi bộ Trạm Y tế (Đảng bộ xã Minh Hòa), ngày 02/03/2026 — quá hạn 30 ngày" in received
    intro, _question = await binh.press("📝 Chi bộ Trạm Y tế — 02/03", expect=2)
    assert "Báo cáo buổi sinh hoạt Chi bộ Trạm Y tế" in intro


async def test_nobody_left_to_nudge(committee: GroupMember, seeded: Seed) -> None:
    """A «Nhắc» button pressed after the cadre reported (here: An, who owes nothing)."""
    (listing,) = await committee.send("/missing 03/2026 an phu")
    assert "Chưa báo cáo (1)" in listing and "Phạm Thị Dung" in listing
    reply = await committee.press(f"nh:{seeded.cadre_ids['an']}")
    assert reply == ["Đồng chí Nguyễn Văn An không còn báo cáo nào chưa nộp."]


async def test_a_cadre_without_telegram_cannot_be_nudged(
    committee: GroupMember, seeded: Seed, db: Database
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            update(cadres).where(cadres.c.id == seeded.cadre_ids["dung"]).values(
                telegram_user_id=None)
        )  # fmt: skip
    reply = await committee.press(f"nh:{seeded.cadre_ids['dung']}")
    assert reply == [
        "Đồng chí Phạm Thị Dung chưa liên kết Telegram nên bot không nhắc được; "
        "xin liên hệ trực tiếp (0912 000 004)."
    ]
    assert await outbox.messages(db, kind="nudge") == []


async def test_trogiup_in_the_committee_chat_gives_the_leaders_help(
    committee: GroupMember, api: FakeBotAPI
) -> None:
    (help_text,) = await committee.send("/trogiup")
    assert help_text.startswith("Các lệnh của Thường trực:\n/tonghop [mm/yyyy] [đảng bộ]")
    assert "«Yêu cầu bổ sung»" in help_text and "/baocao" not in help_text
    (english,) = await committee.send("/help")
    assert english == help_text
    (for_admin,) = await Person(api, ADMIN_ID).send("/trogiup")
    assert for_admin.startswith("Các lệnh của Thường trực:") and "/baocao" in for_admin
    (for_cadre,) = await Person(api, AN).send("/trogiup")
    assert for_cadre.startswith("Các lệnh:\n/start") and "/tonghop" not in for_cadre
