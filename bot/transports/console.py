"""A console "messenger" for the demo and scripted tests: plain text, numbered choices."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TextIO

from bot.i18n import t
from bot.messages import Attachment, Button, Inbound, InboundKind, Outbound, SharedContact

MESSENGER = "console"
Responder = Callable[[Inbound], Awaitable[list[Outbound]]]

_TAG = re.compile(r"<[^>]+>")
_PHONE_LIKE = re.compile(r"^\+?[\d .\-]{9,15}$")


def html_to_plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def attachment_name(outbound: Outbound) -> str:
    """The file's name, or `#id` for one stored in the database."""
    attachment = outbound.attachment
    if isinstance(attachment, Attachment):
        return attachment.filename
    return f"#{attachment.id}" if attachment is not None else ""


class ConsoleChat:
    """One person talking to the bot in a terminal (or a script standing in for them)."""

    def __init__(
        self,
        respond: Responder,
        out: TextIO,
        user_id: str = "demo-user",
        messenger: str = MESSENGER,
        *,
        chat_id: str | None = None,  # a group chat; None: the private chat with the bot
    ) -> None:
        self._respond = respond
        self._out = out
        self.user_id = user_id
        self.chat_id = chat_id or user_id
        self.is_private = chat_id is None
        # The month demo plays a Telegram account, so reminders find the cadre as in production.
        self.messenger = messenger
        self._buttons: list[Button] = []
        self._contact_requested = False
        self._expects_text = False

    def to_inbound(self, line: str) -> Inbound:
        """Typed text → what a messenger would deliver: a command, a choice, a contact, text."""
        text = line.strip()
        base = Inbound(
            messenger=self.messenger,
            user_id=self.user_id,
            chat_id=self.chat_id,
            is_private=self.is_private,
            kind=InboundKind.TEXT,
            text=text,
        )
        if text.startswith("/"):
            head, *args = text.split()
            return replace(
                base, kind=InboundKind.COMMAND, command=head[1:].lower(), args=tuple(args)
            )
        picked = self._picked_button(text)
        if picked is not None:
            return replace(base, kind=InboundKind.CHOICE, choice=picked.data)
        if self._contact_requested and _PHONE_LIKE.match(text):
            # Stands in for the "share my phone number" button: the contact is the sender's own.
            contact = SharedContact(phone=text, owner_user_id=self.user_id)
            return replace(base, kind=InboundKind.CONTACT, contact=contact)
        return base

    def _picked_button(self, text: str) -> Button | None:
        """`3` picks button 3; when the bot expects a typed number, buttons need `#3`."""
        marker = "#" if self._expects_text else ""
        if not text.startswith(marker) or not text[len(marker) :].isdigit():
            return None
        number = int(text[len(marker) :])
        return self._buttons[number - 1] if 1 <= number <= len(self._buttons) else None

    async def say(self, line: str) -> list[Outbound]:
        """Deliver one typed line to the bot and print its answers."""
        replies = await self._respond(self.to_inbound(line))
        for reply in replies:
            self.show(reply)
        return replies

    def show(self, outbound: Outbound) -> None:
        self._out.write(html_to_plain(outbound.text) + "\n")
        if outbound.attachment is not None:
            self._out.write(t("leadership.console_attachment", name=attachment_name(outbound)))
            self._out.write("\n")
        buttons = [button for row in outbound.buttons for button in row]
        if buttons:
            self._buttons = buttons
            self._expects_text = outbound.expects_text
            marker = "#" if outbound.expects_text else ""
            for number, button in enumerate(buttons, start=1):
                self._out.write(f"  [{marker}{number}] {button.label}\n")
        if outbound.ask_contact_label:
            self._contact_requested = True
            self._out.write(t("demo.share_hint", button=outbound.ask_contact_label) + "\n")
        self._out.write("\n")
        self._out.flush()
