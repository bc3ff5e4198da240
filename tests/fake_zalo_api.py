"""A small fake of the Zalo Bot API for end-to-end tests, with Zalo's semantics: `getUpdates`
returns ONE update per call and answers 408 when nothing came; an update can be delivered
again (`replay_last`); a wrong token gets 401; `sendMessage` refuses an empty text or one over
2,000 characters; failures (5xx) can be injected. It serves our httpx client through
`httpx.MockTransport`, or over real HTTP with `tests.fake_zalo_api_server`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.clock import Clock
from tests.chat_driver import plain

JSONDict = dict[str, Any]
TEXT_LIMIT = 2000


@dataclass
class ZaloCall:
    method: str
    body: JSONDict
    ok: bool = True


@dataclass
class FakeZaloAPI:
    clock: Clock
    token: str = "zalo-test-token"
    poll_wait: float = 0.05  # how long an empty getUpdates holds before its 408
    calls: list[ZaloCall] = field(default_factory=list)
    _updates: list[JSONDict] = field(default_factory=list)
    _delivered: list[JSONDict] = field(default_factory=list)
    _failures: dict[str, list[int]] = field(default_factory=dict)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event | None = None

    # --- what simulated people do --------------------------------------------------------

    def user(self, user_id: str, name: str = "Người dùng Zalo") -> ZaloUser:
        return ZaloUser(self, user_id, name)

    def push(self, event: str, sender: JSONDict, chat: JSONDict, **content: Any) -> str:
        message_id = f"m{next(self._message_ids)}"
        message = {
            "message_id": message_id,
            "date": int(self.clock.now().timestamp() * 1000),
            "from": sender,
            "chat": chat,
            **content,
        }
        self._updates.append({"event_name": event, "message": message})
        self._notify()
        return message_id

    def replay_last(self) -> None:
        """Zalo may deliver the same update again."""
        self._updates.append(self._delivered[-1])
        self._notify()

    def fail_next(self, method: str, *statuses: int) -> None:
        self._failures.setdefault(method, []).extend(statuses)

    # --- what tests read -----------------------------------------------------------------

    def calls_of(self, method: str) -> list[ZaloCall]:
        return [call for call in self.calls if call.method == method]

    def texts_to(self, chat_id: str) -> list[str]:
        return [
            str(call.body["text"])
            for call in self.calls
            if call.method == "sendMessage" and call.ok and call.body["chat_id"] == chat_id
        ]

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        async with asyncio.timeout(within):
            while not predicate():
                await self._event().wait()

    # --- the API -------------------------------------------------------------------------

    async def handler(self, request: httpx.Request) -> httpx.Response:
        """`httpx.MockTransport` entry point."""
        prefix, _, method = request.url.path.rpartition("/")
        if prefix != f"/bot{self.token}":
            return _error(401, "Unauthorized")
        body = json.loads(request.content or b"{}")
        statuses = self._failures.get(method)
        if statuses:
            self.calls.append(ZaloCall(method, body, ok=False))
            self._notify()
            return _error(statuses.pop(0), "Injected failure")
        if method == "getUpdates":
            return await self._get_updates()
        if method in ("sendMessage", "sendPhoto"):
            text = body.get("text", "") if method == "sendMessage" else body.get("caption", "")
            if method == "sendMessage" and not 1 <= len(text) <= TEXT_LIMIT:
                self.calls.append(ZaloCall(method, body, ok=False))
                self._notify()
                return _error(400, "text must be 1-2000 characters")
            self.calls.append(ZaloCall(method, body))
            self._notify()
            return _ok({"message_id": f"b{next(self._message_ids)}"})
        self.calls.append(ZaloCall(method, body))
        self._notify()
        if method == "getMe":
            return _ok({"id": "bot-1", "account_name": "fieldreport", "can_join_groups": False})
        return _ok(True)  # setWebhook, deleteWebhook, sendChatAction

    def deliver_again(self, update: JSONDict) -> None:
        """An update whose poll died unanswered goes first to the next poll."""
        self._updates.insert(0, update)
        self._notify()

    async def _get_updates(self) -> httpx.Response:
        if not self._updates:
            # Long polling: hold briefly (the real API holds up to `timeout` seconds).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_wait):
                    while not self._updates:
                        await self._event().wait()
        if not self._updates:
            return httpx.Response(
                408, json={"ok": False, "error_code": 408, "description": "Request timeout"}
            )
        update = self._updates.pop(0)
        self._delivered.append(update)
        self._notify()
        return _ok(update)

    def _event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def _notify(self) -> None:
        event = self._event()
        event.set()
        self._changed = asyncio.Event()


def _ok(result: Any) -> httpx.Response:
    return httpx.Response(200, json={"ok": True, "result": result})


def _error(code: int, description: str) -> httpx.Response:
    return httpx.Response(code, json={"ok": False, "error_code": code, "description": description})


_CHOICE = re.compile(r"^(#?)(\d+)\. (.*)$")


class ZaloUser:
    """One person on Zalo, writing to the bot in a private chat."""

    def __init__(self, api: FakeZaloAPI, user_id: str, name: str) -> None:
        self.api = api
        self.id = user_id
        self.name = name

    def _sender(self) -> JSONDict:
        return {"id": self.id, "display_name": self.name, "is_bot": False}

    def _chat(self) -> JSONDict:
        return {"id": self.id, "chat_type": "PRIVATE"}

    @property
    def texts(self) -> list[str]:
        return self.api.texts_to(self.id)

    def last_text(self) -> str:
        return self.texts[-1]

    async def _replies(self, before: int, expect: int) -> list[str]:
        await self.api.wait_for(lambda: len(self.texts) >= before + expect)
        return self.texts[before:]

    async def send(self, text: str, expect: int = 1) -> list[str]:
        before = len(self.texts)
        self.api.push("message.text.received", self._sender(), self._chat(), text=text)
        return await self._replies(before, expect)

    async def send_photo(self, url: str, expect: int = 1) -> list[str]:
        before = len(self.texts)
        self.api.push("message.image.received", self._sender(), self._chat(), photo=url)
        return await self._replies(before, expect)

    async def send_sticker(self, expect: int = 1) -> list[str]:
        before = len(self.texts)
        self.api.push("message.sticker.received", self._sender(), self._chat(), sticker="s1")
        return await self._replies(before, expect)

    def number_of(self, label: str) -> str:
        """What to type to pick `label` on the newest screen that lists it (`3` or `#3`)."""
        for text in reversed(self.texts):
            for line in text.splitlines():
                match = _CHOICE.match(line)
                if match and plain(match.group(3)).startswith(label):
                    return match.group(1) + match.group(2)
        raise AssertionError(f"no choice {label!r}; last message: {self.last_text()}")

    async def pick(self, label: str, expect: int = 1) -> list[str]:
        return await self.send(self.number_of(label), expect)

    async def expect(self, fragment: str, since: int = 0, within: float = 60.0) -> str:
        """Wait for a message (from index `since`) containing `fragment`."""

        def found() -> str | None:
            return next((text for text in self.texts[since:] if fragment in text), None)

        await self.api.wait_for(lambda: found() is not None, within)
        text = found()
        assert text is not None
        return text

    async def step(self, typed: str, expected: str) -> str:
        """Type one line and wait for the reply that contains `expected`."""
        before = len(self.texts)
        self.api.push("message.text.received", self._sender(), self._chat(), text=typed)
        return await self.expect(expected, before)
