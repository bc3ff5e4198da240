"""Transport-neutral messages: what a person sent (`Inbound`) and what the bot says (`Outbound`).

Transports translate their messenger's updates into `Inbound` and render `Outbound`;
handlers only ever see these types.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class InboundKind(StrEnum):
    COMMAND = "command"  # "/start abc" → command "start", args ("abc",)
    TEXT = "text"
    CHOICE = "choice"  # a pressed button (Telegram callback) or a number picked on Zalo
    CONTACT = "contact"  # a shared phone number
    PHOTO = "photo"
    OTHER = "other"  # stickers, voice notes, files: things the bot does not read


_ROW_ID = re.compile(r"[0-9]{1,12}")


def row_id(text: str) -> int | None:
    """A database id carried in button data; None for anything else. Button data comes from
    the user's side and can be forged: `"²".isdigit()` is true, and huge numbers overflow."""
    return int(text) if _ROW_ID.fullmatch(text) else None


@dataclass(frozen=True)
class SharedContact:
    phone: str
    # Whose contact it is: None when the messenger does not say (it is then not the sender's).
    owner_user_id: str | None


@dataclass(frozen=True)
class Inbound:
    """One thing a person did in a chat."""

    messenger: str  # "telegram", "zalo", "console"
    user_id: str  # messenger's user id as text (Telegram ints, Zalo strings)
    chat_id: str
    is_private: bool
    kind: InboundKind
    text: str = ""
    command: str = ""
    args: tuple[str, ...] = ()
    choice: str = ""  # the button's data
    contact: SharedContact | None = None
    photo_ids: tuple[str, ...] = ()
    user_display_name: str = ""
    # Transport's handle of the message a pressed button belongs to (for acknowledging it).
    callback_id: str = ""
    # The message whose button was pressed (so a reply can update it in place).
    message_id: str = ""
    # When the person sent it, as the messenger says (None: not known, e.g. a button press).
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # short id, at most 64 bytes (Telegram's callback_data limit)

    def __post_init__(self) -> None:
        if len(self.data.encode()) > 64:
            raise ValueError(f"button data longer than 64 bytes: {self.data!r}")


class AttachmentKind(StrEnum):
    PHOTO = "photo"  # shown in the chat (a chart)
    DOCUMENT = "document"  # a file to open (a spreadsheet)


PHOTO_MEDIA_TYPES = frozenset({"image/png", "image/jpeg"})


@dataclass(frozen=True)
class Attachment:
    """A file the bot made (a chart, a spreadsheet); the message's text is its caption."""

    filename: str
    media_type: str
    content: bytes = field(repr=False)

    @property
    def kind(self) -> AttachmentKind:
        if self.media_type in PHOTO_MEDIA_TYPES:
            return AttachmentKind.PHOTO
        return AttachmentKind.DOCUMENT


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment kept in the database: outbox rows carry only its id and kind."""

    id: int
    kind: AttachmentKind


# How a transport gets the bytes of a stored attachment (None: it no longer exists).
LoadAttachment = Callable[[int], Awaitable[Attachment | None]]


@dataclass(frozen=True)
class Outbound:
    """One message to send. `text` is HTML: user-supplied parts must already be escaped."""

    chat_id: str
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    ask_contact_label: str = ""  # non-empty: offer a "share my phone number" button
    remove_keyboard: bool = False
    # Photos (messenger file ids) sent as an album; `text` is then the album's caption.
    photo_ids: tuple[str, ...] = ()
    # The answer is typed (a number, a time…): messengers that pick buttons by number
    # (console, Zalo) must then read digits as text.
    expects_text: bool = False
    # A file sent with `text` as its caption: bytes for a direct reply, or a stored one
    # (the only kind an outbox row can carry).
    attachment: Attachment | StoredAttachment | None = None
    # Ask for a typed reply to this very message (works with Telegram's group privacy mode).
    force_reply: bool = False
    # Update this earlier message instead of sending a new one (ticking a box in a list);
    # messengers without message edits simply send it.
    edit_message_id: str = ""

    def to_payload(self) -> dict[str, Any]:
        """The JSON an outbox row keeps: everything but the chat, which has its own column."""
        payload: dict[str, Any] = {"text": self.text}
        if self.buttons:
            payload["buttons"] = [[[b.label, b.data] for b in row] for row in self.buttons]
        if self.photo_ids:
            payload["photo_ids"] = list(self.photo_ids)
        if isinstance(self.attachment, Attachment):
            raise ValueError("store the attachment first: an outbox row cannot hold its bytes")
        if self.attachment is not None:
            payload["attachment_id"] = self.attachment.id
            payload["attachment_kind"] = self.attachment.kind.value
        if self.force_reply:
            payload["force_reply"] = True
        if self.ask_contact_label:
            payload["ask_contact_label"] = self.ask_contact_label
        if self.remove_keyboard:
            payload["remove_keyboard"] = True
        if self.expects_text:
            payload["expects_text"] = True
        if self.edit_message_id:
            payload["edit_message_id"] = self.edit_message_id
        return payload

    @classmethod
    def from_payload(cls, chat_id: str, payload: dict[str, Any]) -> Outbound:
        buttons = tuple(
            tuple(Button(label, data) for label, data in row) for row in payload.get("buttons", ())
        )
        return cls(
            chat_id=chat_id,
            text=payload.get("text", ""),
            buttons=buttons,
            photo_ids=tuple(payload.get("photo_ids", ())),
            attachment=_stored_attachment(payload),
            force_reply=bool(payload.get("force_reply", False)),
            ask_contact_label=str(payload.get("ask_contact_label", "")),
            remove_keyboard=bool(payload.get("remove_keyboard", False)),
            expects_text=bool(payload.get("expects_text", False)),
            edit_message_id=str(payload.get("edit_message_id", "")),
        )


def _stored_attachment(payload: dict[str, Any]) -> StoredAttachment | None:
    if "attachment_id" not in payload:
        return None
    kind = AttachmentKind(payload.get("attachment_kind", AttachmentKind.DOCUMENT.value))
    return StoredAttachment(int(payload["attachment_id"]), kind)
