"""Transport-neutral messages: what a person sent (`Inbound`) and what the bot says (`Outbound`).

Transports translate their messenger's updates into `Inbound` and render `Outbound`;
handlers only ever see these types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class InboundKind(StrEnum):
    COMMAND = "command"  # "/start abc" → command "start", args ("abc",)
    TEXT = "text"
    CHOICE = "choice"  # a pressed button (Telegram callback) or a number picked on Zalo
    CONTACT = "contact"  # a shared phone number
    PHOTO = "photo"
    OTHER = "other"  # stickers, voice notes, files: things the bot does not read


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


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # short id, at most 64 bytes (Telegram's callback_data limit)

    def __post_init__(self) -> None:
        if len(self.data.encode()) > 64:
            raise ValueError(f"button data longer than 64 bytes: {self.data!r}")


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

    def to_payload(self) -> dict[str, Any]:
        """The JSON an outbox row keeps: everything but the chat, which has its own column."""
        payload: dict[str, Any] = {"text": self.text}
        if self.buttons:
            payload["buttons"] = [[[b.label, b.data] for b in row] for row in self.buttons]
        if self.photo_ids:
            payload["photo_ids"] = list(self.photo_ids)
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
        )
