"""Charts and spreadsheets travel through the outbox as stored attachments, and straight back
as bytes in replies; the Telegram transport uploads them, the console names them."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.clock import FakeClock
from bot.messages import Attachment, AttachmentKind, Outbound, StoredAttachment
from bot.sender import OutboxSender, PermanentDeliveryError
from bot.settings import Settings
from bot.transports.console import ConsoleChat
from bot.transports.telegram import delivery, send
from storage import attachments, outbox
from storage.db import Database
from tests.conftest import COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI
from tests.harness import sending_bot

NOW = datetime(2026, 4, 3, 0, 30, tzinfo=UTC)
CHART = Attachment("bieu_do.png", "image/png", b"\x89PNG fake chart bytes")
SHEET = Attachment("bao_cao.xlsx", "application/vnd.ms-excel", b"PK fake workbook bytes")
CHAT = str(COMMITTEE_CHAT_ID)


@pytest.fixture
async def app(settings: Settings, api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    async with sending_bot(settings, api) as bot:
        yield bot


def test_an_outbox_row_carries_only_the_attachments_id() -> None:
    stored = Outbound(CHAT, "Biểu đồ", attachment=StoredAttachment(7, AttachmentKind.PHOTO))
    payload = stored.to_payload()
    assert payload == {"text": "Biểu đồ", "attachment_id": 7, "attachment_kind": "photo"}
    assert Outbound.from_payload(CHAT, payload) == stored
    assert Outbound.from_payload(CHAT, {"text": "x"}).attachment is None
    with pytest.raises(ValueError, match="store the attachment first"):
        Outbound(CHAT, "x", attachment=CHART).to_payload()
    assert "fake chart" not in repr(CHART)  # bytes stay out of logs
    assert (CHART.kind, SHEET.kind) == (AttachmentKind.PHOTO, AttachmentKind.DOCUMENT)


async def test_queued_files_are_uploaded_from_the_database(
    db: Database, app: ExtBot[Any], api: FakeBotAPI
) -> None:
    async with db.transaction() as conn:
        for caption, attachment in (("📊 Biểu đồ", CHART), ("📎 Bảng tính", SHEET)):
            stored = await attachments.store(conn, attachment, NOW)
            await outbox.enqueue(
                conn, key=f"test:{attachment.filename}", messenger="telegram", chat_id=CHAT,
                kind="digest", payload=Outbound(CHAT, caption, attachment=stored).to_payload(),
                due_at=NOW, now=NOW,
            )  # fmt: skip
    deliver = delivery(app, load_attachment=attachments.loader(db))
    assert await OutboxSender(db, FakeClock(NOW), "telegram", deliver).drain_once() == 2
    (photo,) = api.calls_of("sendPhoto")
    (document,) = api.calls_of("sendDocument")
    assert int(photo.params["chat_id"]) == COMMITTEE_CHAT_ID
    assert photo.params["caption"] == "📊 Biểu đồ"
    assert photo.params["photo"] == {"filename": "bieu_do.png", "bytes": CHART.content}
    assert document.params["document"] == {"filename": "bao_cao.xlsx", "bytes": SHEET.content}
    assert [row.status for row in await outbox.messages(db)] == ["sent", "sent"]


async def test_a_row_whose_file_cannot_be_loaded_fails_for_good(
    db: Database, app: ExtBot[Any], api: FakeBotAPI
) -> None:
    message = Outbound(CHAT, "x", attachment=StoredAttachment(99, AttachmentKind.DOCUMENT))
    async with db.transaction() as conn:
        await outbox.enqueue(
            conn, key="test:lost", messenger="telegram", chat_id=CHAT, kind="digest",
            payload=message.to_payload(), due_at=NOW, now=NOW,
        )  # fmt: skip
    rows = await outbox.messages(db)
    for deliver in (delivery(app), delivery(app, load_attachment=attachments.loader(db))):
        with pytest.raises(PermanentDeliveryError, match="attachment 99"):
            await deliver(rows[0])
    assert api.calls_of("sendDocument") == []


async def test_a_reply_with_bytes_and_a_long_text(app: ExtBot[Any], api: FakeBotAPI) -> None:
    """A caption is at most 1,024 characters: a longer text goes first, on its own."""
    await send(app, Outbound(CHAT, "Bảng tính tháng 03/2026", attachment=SHEET))
    (document,) = api.calls_of("sendDocument")
    assert document.params["caption"] == "Bảng tính tháng 03/2026"
    await send(app, Outbound(CHAT, "dòng\n" * 300, attachment=CHART))
    (text,) = api.calls_of("sendMessage")
    (photo,) = api.calls_of("sendPhoto")
    assert text.params["text"].count("dòng") == 300 and "caption" not in photo.params


async def test_the_console_names_the_file() -> None:
    out = io.StringIO()
    chat = ConsoleChat(lambda _inbound: None, out)  # type: ignore[arg-type, return-value]
    chat.show(Outbound("demo", "📊 <b>Biểu đồ</b>", attachment=CHART))
    chat.show(
        Outbound("demo", "Bảng tính", attachment=StoredAttachment(3, AttachmentKind.DOCUMENT))
    )
    assert out.getvalue() == (
        "📊 Biểu đồ\n(tệp đính kèm: bieu_do.png)\n\nBảng tính\n(tệp đính kèm: #3)\n\n"
    )
