"""Drive the bot like a person on a phone: type, press buttons by their label, read replies."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fake_bot_api import FakeBotAPI

TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """What the person reads: the HTML without tags."""
    return TAGS.sub("", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def inline_buttons(message: dict[str, Any]) -> dict[str, str]:
    """Label → callback data of a message's inline keyboard."""
    markup = message.get("reply_markup")
    if not markup:
        return {}
    keyboard = json.loads(markup) if isinstance(markup, str) else markup
    return {
        button["text"]: button["callback_data"]
        for row in keyboard.get("inline_keyboard", [])
        for button in row
    }


class Person:
    """One cadre in a private chat with the bot."""

    def __init__(self, api: FakeBotAPI, user_id: int) -> None:
        self.api = api
        self.id = user_id

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.api.messages_to(self.id)

    def last(self) -> dict[str, Any]:
        return self.messages[-1]

    def last_text(self) -> str:
        return plain(str(self.last()["text"]))

    async def _replies(self, before: int, expect: int) -> list[str]:
        messages = await self.api.wait_for_messages(self.id, before + expect)
        return [plain(str(message["text"])) for message in messages[before:]]

    async def send(self, text: str, expect: int = 1) -> list[str]:
        before = len(self.messages)
        self.api.user(self.id).send(text)
        return await self._replies(before, expect)

    async def share_contact(self, phone: str, expect: int = 1) -> list[str]:
        before = len(self.messages)
        self.api.user(self.id).share_contact(phone)
        return await self._replies(before, expect)

    async def send_photo(self, file_id: str, expect: int = 1) -> list[str]:
        before = len(self.messages)
        self.api.user(self.id).send_photo(file_id)
        return await self._replies(before, expect)

    async def send_sticker(self, expect: int = 2) -> list[str]:
        before = len(self.messages)
        self.api.user(self.id).send_sticker()
        return await self._replies(before, expect)

    async def expect_text(self, fragment: str, since: int = 0) -> str:
        """Wait for a message (from index `since`) containing `fragment`, whatever else
        arrives meanwhile (reminders are sent on their own schedule)."""

        def found() -> str | None:
            texts = (plain(str(m["text"])) for m in self.messages[since:])
            return next((text for text in texts if fragment in text), None)

        await self.api.wait_for(lambda: found() is not None)
        text = found()
        assert text is not None
        return text

    def button(self, label: str, message: dict[str, Any] | None = None) -> str:
        """The data of the button with this label on the newest message that has it."""
        return self._find(label, message)[0]

    def _find(self, label: str, message: dict[str, Any] | None = None) -> tuple[str, int]:
        """(data, message_id) of the button with this label on the newest message with it."""
        ids = self.api.message_ids_to(self.id)
        pairs = list(zip(self.messages, ids, strict=True))
        if message is not None:
            pairs = [(m, i) for m, i in pairs if m is message]
        for exact in (True, False):
            for candidate, message_id in reversed(pairs):
                for text, data in inline_buttons(candidate).items():
                    if text == label or (not exact and text.startswith(label)):
                        return data, message_id
        raise AssertionError(f"no button {label!r}; last message: {self.last_text()}")

    async def press(
        self, label: str, expect: int = 1, message: dict[str, Any] | None = None
    ) -> list[str]:
        data, message_id = self._find(label, message)
        return await self.press_data(data, expect, message_id)

    async def tick(self, label: str) -> str:
        """Press a box of a multi-choice list: the bot redraws that message in place."""
        data, message_id = self._find(label)
        edits = len(self.api.calls_of("editMessageText"))
        self.api.user(self.id).press(data, message_id)
        await self.api.wait_for(lambda: len(self.api.calls_of("editMessageText")) > edits)
        return plain(str(self.api.calls_of("editMessageText")[-1].params["text"]))

    async def press_data(self, data: str, expect: int = 1, message_id: int = 1) -> list[str]:
        before = len(self.messages)
        self.api.user(self.id).press(data, message_id)
        return await self._replies(before, expect)
