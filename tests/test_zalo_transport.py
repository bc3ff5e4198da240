"""Zalo's updates read as `Inbound`, and texts cut to Zalo's 2,000 characters."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.clock import FakeClock
from bot.inbox_worker import UnparsableUpdate
from bot.messages import InboundKind
from bot.sender import PermanentDeliveryError, TransientDeliveryError
from bot.transports.zalo import ZaloSender, delivery, split_lines, update_parser
from bot.transports.zalo_api import ZaloClient
from storage.db import Database
from storage.outbox import OutboxMessage
from tests.fake_zalo_api import FakeZaloAPI

parse = update_parser("group-committee")


def update(event: str, chat: str = "u1", chat_type: str = "PRIVATE", **content: object) -> str:
    sender = {"id": "u1", "name": "Lê Văn C", "is_bot": False}
    message = {"message_id": "m1", "date": 1_773_000_000_000, "from": sender,
               "chat": {"id": chat, "chat_type": chat_type}, **content}  # fmt: skip
    return json.dumps({"event_name": event, "message": message})


def test_text_and_commands() -> None:
    text = parse(update("message.text.received", text=" 1 "))
    assert text is not None and text.kind is InboundKind.TEXT and text.text == "1"
    assert text.user_display_name == "Lê Văn C" and text.is_private  # "name" read too
    assert text.sent_at is not None and text.sent_at.year == 2026  # milliseconds
    command = parse(update("message.text.received", text="/start AB3DE5FG7H"))
    assert command is not None and command.kind is InboundKind.COMMAND
    assert (command.command, command.args) == ("start", ("AB3DE5FG7H",))


def test_photos_stickers_and_the_unsupported() -> None:
    photo = parse(update("message.image.received", photo="https://p.zalo/1.jpg", caption="x"))
    assert photo is not None and photo.photo_ids == ("https://p.zalo/1.jpg",)
    for event, content in (
        ("message.sticker.received", {"sticker": "s"}),
        ("message.unsupported.received", {}),
    ):
        other = parse(update(event, **content))
        assert other is not None and other.kind is InboundKind.OTHER


def test_groups_other_than_the_committee_are_ignored() -> None:
    assert parse(update("message.text.received", "group-x", "GROUP", text="/tonghop")) is None
    ours = parse(update("message.text.received", "group-committee", "GROUP", text="/tonghop"))
    assert ours is not None and not ours.is_private and ours.command == "tonghop"


@pytest.mark.parametrize("payload", ["not json", "{}", '{"message": {"from": {}}}'])
def test_garbage_is_unparsable(payload: str) -> None:
    with pytest.raises(UnparsableUpdate):
        parse(payload)


def test_long_texts_are_cut_on_lines_in_order() -> None:
    lines = [f"dòng {n:04d} " + "x" * 40 for n in range(100)]
    parts = split_lines("\n".join(lines))
    assert all(1 <= len(part) <= 2000 for part in parts) and len(parts) > 1
    assert "\n".join(parts).split("\n") == lines  # nothing lost, nothing reordered
    long_line = "y" * 4500
    assert [len(p) for p in split_lines(long_line)] == [2000, 2000, 500]


async def test_send_failures_are_classified_and_the_token_never_shows(
    db: Database, clock: FakeClock
) -> None:
    api = FakeZaloAPI(clock)
    client = ZaloClient("https://zalo.test", api.token, transport=httpx.MockTransport(api.handler))
    deliver = delivery(ZaloSender(client, db, clock, public_url=None))
    row = OutboxMessage(
        id=1, idempotency_key="k", messenger="zalo", chat_id="u1", kind="reply",
        payload={"text": "Xin chào"}, due_at=clock.now(), expires_at=None, status="sending",
        attempts=0, last_error=None, meeting_id=None, cadre_id=None,
    )  # fmt: skip
    api.fail_next("sendMessage", 502)
    with pytest.raises(TransientDeliveryError):
        await deliver(row)
    api.fail_next("sendMessage", 400)
    with pytest.raises(PermanentDeliveryError) as refused:
        await deliver(row)
    assert api.token not in str(refused.value)
    assert await deliver(row) is not None
    assert api.texts_to("u1") == ["Xin chào"]
    wrong = ZaloClient("https://zalo.test", "bad", transport=httpx.MockTransport(api.handler))
    with pytest.raises(PermanentDeliveryError):
        await delivery(ZaloSender(wrong, db, clock, public_url=None))(row)
