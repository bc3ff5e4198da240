"""Zalo: stored updates → `Inbound`, `Outbound` → Bot API calls (`zalo_api`).

Zalo has no buttons, no edits and no formatting: text is sent plain, choices as numbered
lines (`bot.numbered_choices`), and the numbers of each chat's latest screen are stored once
Zalo has accepted it, so a typed `2` is read against what the person actually saw.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.clock import Clock
from bot.i18n import t
from bot.inbox_worker import Parse, UnparsableUpdate
from bot.messages import AttachmentKind, Inbound, InboundKind, Outbound, StoredAttachment
from bot.numbered_choices import render, screen_of
from bot.sender import Deliver, PermanentDeliveryError, TransientDeliveryError
from bot.transports.console import html_to_plain
from bot.transports.zalo_api import ZaloClient, ZaloError, ZaloNetworkError, ZaloUnauthorized
from storage import chat_screens
from storage.db import Database
from storage.outbox import OutboxMessage

MESSENGER = "zalo"
TEXT_LIMIT = 2000  # sendMessage takes 1-2000 characters
CAPTION_LIMIT = 2000
log = logging.getLogger(__name__)

# A public URL for a stored file (None: the bot has no public address).
PublicUrl = Callable[[int], Awaitable[str | None]]


def update_parser(committee_chat_id: str | None) -> Parse:
    """Stored update JSON → `Inbound` (None: not for us); `UnparsableUpdate` for garbage."""

    def parse(payload: str) -> Inbound | None:
        try:
            data = json.loads(payload)
            message = data["message"]
            sender, chat = message["from"], message["chat"]
            user_id, chat_id = str(sender["id"]), str(chat["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise UnparsableUpdate(f"{type(exc).__name__}: {exc}") from exc
        private = str(chat.get("chat_type", "PRIVATE")).upper() != "GROUP"
        if sender.get("is_bot") or (not private and chat_id != committee_chat_id):
            return None  # private chats and the committee's group only
        base = Inbound(
            messenger=MESSENGER,
            user_id=user_id,
            chat_id=chat_id,
            is_private=private,
            kind=InboundKind.OTHER,
            user_display_name=str(sender.get("display_name") or sender.get("name") or ""),
            message_id=str(message.get("message_id", "")),
            sent_at=_sent_at(message.get("date")),
        )
        event = data.get("event_name", "")
        if event == "message.image.received" and isinstance(message.get("photo"), str):
            return replace(base, kind=InboundKind.PHOTO, photo_ids=(message["photo"],))
        text = message.get("text")
        if event != "message.text.received" or not isinstance(text, str) or not text.strip():
            return base  # stickers, unsupported messages: the handlers explain
        text = text.strip()
        if text.startswith("/"):
            head, *args = text.split()
            return replace(
                base, kind=InboundKind.COMMAND, text=text, command=head[1:].lower(),
                args=tuple(args),
            )  # fmt: skip
        return replace(base, kind=InboundKind.TEXT, text=text)

    return parse


def _sent_at(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC)  # Zalo says milliseconds
    return None


def split_lines(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut at line boundaries (a longer line is cut
    where it must be), in order."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            candidate = line
        current = candidate
    if current.strip():
        parts.append(current)
    return [part for part in parts if part.strip()]


class ZaloSender:
    """Sends one `Outbound`; remembers its numbered choices as the chat's latest screen."""

    def __init__(
        self, client: ZaloClient, db: Database, clock: Clock, public_url: PublicUrl | None
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self.public_url = public_url

    async def send(self, outbound: Outbound) -> str | None:
        # The screen is recorded before sending: the person may answer the moment Zalo shows
        # the message, before this send returns. If the send fails, the screen before it is
        # restored.
        shown_at = self._clock.now()
        screen = screen_of(outbound)
        previous = None
        if screen is not None:
            previous = await chat_screens.load(self._db, MESSENGER, outbound.chat_id)
            async with self._db.transaction() as conn:
                await chat_screens.save(
                    conn, messenger=MESSENGER, chat_id=outbound.chat_id,
                    choices=screen.choices, expects_text=screen.expects_text,
                    shown_at=shown_at,
                )  # fmt: skip
        try:
            return await self._send_parts(outbound)
        except BaseException:
            if screen is not None:
                async with self._db.transaction() as conn:
                    await chat_screens.restore(
                        conn, messenger=MESSENGER, chat_id=outbound.chat_id,
                        written_at=shown_at, previous=previous,
                    )  # fmt: skip
            raise

    async def _send_parts(self, outbound: Outbound) -> str | None:
        text = html_to_plain(outbound.text)
        last: str | None = None
        if outbound.attachment is not None:
            text, last = await self._attachment(outbound, text)
        if outbound.photo_ids:
            text, last = await self._photos(outbound, text)
        for part in split_lines(render(text, outbound)):
            last = await self._client.send_message(outbound.chat_id, part)
        return last

    async def _attachment(self, outbound: Outbound, text: str) -> tuple[str, str | None]:
        """A chart as a photo by URL, a spreadsheet as a link, when the bot has a public
        address; otherwise the text says where to get the file."""
        attachment = outbound.attachment
        assert attachment is not None
        url = None
        if self.public_url is not None and isinstance(attachment, StoredAttachment):
            url = await self.public_url(attachment.id)
        if url is None:
            return text + "\n\n" + t("zalo.file_unavailable"), None
        if attachment.kind is AttachmentKind.PHOTO:
            sent = await self._client.send_photo(outbound.chat_id, url)
            return text, sent
        return text + "\n\n" + t("zalo.file_link", url=url), None

    async def _photos(self, outbound: Outbound, text: str) -> tuple[str, str | None]:
        """Photos that are URLs (sent from Zalo) are shown; Telegram's file ids cannot be."""
        urls = [p for p in outbound.photo_ids if p.startswith(("https://", "http://"))]
        last = None
        for url in urls:
            last = await self._client.send_photo(outbound.chat_id, url)
        hidden = len(outbound.photo_ids) - len(urls)
        if hidden:
            text += "\n" + t("zalo.photos_attached", count=hidden)
        return text, last


def delivery(sender: ZaloSender) -> Deliver:
    """The outbox sender's way to send a row to Zalo, with errors classified."""

    async def deliver(message: OutboxMessage) -> str | None:
        try:
            return await sender.send(Outbound.from_payload(message.chat_id, message.payload))
        except ZaloUnauthorized as exc:
            raise PermanentDeliveryError(str(exc)) from None
        except ZaloError as exc:
            if exc.transient:
                raise TransientDeliveryError(str(exc)) from None
            raise PermanentDeliveryError(str(exc)) from None
        except ZaloNetworkError as exc:
            raise TransientDeliveryError(str(exc)) from None

    return deliver
