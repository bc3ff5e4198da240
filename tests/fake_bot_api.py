"""A small fake of the Telegram Bot API for end-to-end tests.

It serves the real python-telegram-bot HTTP stack (through `httpx.MockTransport`, or over
real HTTP with `tests.fake_bot_api_server`), queues what simulated people do for
`getUpdates`, records every call the bot makes, and can inject 429s, 5xx and timeouts.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

import httpx

from bot.clock import Clock

BOT_ID = 7000000001
JSONDict = dict[str, Any]


@dataclass
class ApiCall:
    method: str
    params: JSONDict
    ok: bool = True  # False when a failure was injected for this call
    result: Any = None  # what the API answered (a sent message carries its message_id)
    at: float = field(default_factory=time.monotonic)  # when it arrived (rate checks)


# `Failure.status` for a connection that cannot be opened (nothing reached the API).
REFUSED = -1


@dataclass
class Failure:
    status: int  # 429, 5xx, 0 for a timeout, or REFUSED
    retry_after: int = 1
    description: str = "Injected failure"
    # A timeout after Telegram did the work: the message exists, the bot never hears so.
    delivered: bool = False
    chat_id: int | None = None  # only calls to this chat fail (None: any call)


@dataclass
class FakeBotAPI:
    token: str = "123456:TEST-TOKEN"
    username: str = "fieldreport_test_bot"
    calls: list[ApiCall] = field(default_factory=list)
    _updates: list[JSONDict] = field(default_factory=list)
    _failures: dict[str, list[Failure]] = field(default_factory=dict)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event | None = None
    # Stamps what people send (Telegram's `date`); real time when not given.
    clock: Clock | None = None

    def now_timestamp(self) -> int:
        return int(self.clock.now().timestamp() if self.clock is not None else time.time())

    # --- what simulated people do -------------------------------------------------------

    def user(self, user_id: int, first_name: str = "Người dùng") -> FakeUser:
        return FakeUser(self, user_id, first_name)

    def push_update(self, payload: JSONDict) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._notify()
        return update_id

    def fail_next(self, method: str, *failures: Failure) -> None:
        """The next calls of `method` fail like this, in order, then succeed again."""
        self._failures.setdefault(method, []).extend(failures)

    # --- what tests read -----------------------------------------------------------------

    def calls_of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def messages_to(self, chat_id: int) -> list[JSONDict]:
        """Messages the chat really received (calls that failed are not counted)."""
        return [
            call.params
            for call in self.calls
            if call.method == "sendMessage" and call.ok and int(call.params["chat_id"]) == chat_id
        ]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `predicate()` holds; woken by every call, never polling on a timer.

        `within` only bounds a broken test; a passing test never waits for it.
        """
        async with asyncio.timeout(within):
            while not predicate():
                await self._event().wait()

    async def wait_for_messages(
        self, chat_id: int, count: int, within: float = 10.0
    ) -> list[JSONDict]:
        await self.wait_for(lambda: len(self.messages_to(chat_id)) >= count, within)
        return self.messages_to(chat_id)

    # --- the API -------------------------------------------------------------------------

    async def handler(self, request: httpx.Request) -> httpx.Response:
        """`httpx.MockTransport` entry point."""
        method = request.url.path.rsplit("/", 1)[-1]
        if not request.url.path.startswith(f"/bot{self.token}/"):
            return httpx.Response(401, json={"ok": False, "error_code": 401,
                                              "description": "Unauthorized"})  # fmt: skip
        params = parse_body(request.headers.get("content-type", ""), request.content)
        status, body = await self.call(method, params)
        if status == 0:
            raise httpx.ReadTimeout("injected timeout", request=request)
        if status == REFUSED:
            raise httpx.ConnectError("injected: connection refused", request=request)
        return httpx.Response(status, json=body)

    async def call(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        failure = self._next_failure(method, params)
        if failure is not None and failure.delivered:
            result = await self._result(method, params)
            self.calls.append(ApiCall(method, params, result=result))
            self._notify()
            return 0, error_body(failure)
        if failure is not None:
            self.calls.append(ApiCall(method, params, ok=False))
            self._notify()
            return failure.status, error_body(failure)
        result = await self._result(method, params)
        if method != "getUpdates":
            self.calls.append(ApiCall(method, params, result=result))
            self._notify()
        return 200, {"ok": True, "result": result}

    def _next_failure(self, method: str, params: JSONDict) -> Failure | None:
        pending = self._failures.get(method, [])
        for index, failure in enumerate(pending):
            if failure.chat_id is None or str(failure.chat_id) == str(params.get("chat_id")):
                return pending.pop(index)
        return None

    async def _result(self, method: str, params: JSONDict) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Fieldreport",
                "username": self.username,
            }
        if method == "getUpdates":
            return await self._get_updates(params)
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            return self._message(params)
        if method == "sendMediaGroup":
            media = json.loads(params.get("media", "[]"))
            return [self._message(params) for _ in media]
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return self._edit(params)
        return True  # answerCallbackQuery, setWebhook, deleteWebhook, setMyCommands, …

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = int(params.get("offset", 0) or 0)
        # Telegram forgets updates below the offset: that is how the bot confirms them.
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._notify()
            # Long polling: answer as soon as an update arrives, or empty after a while.
            wait = min(float(params.get("timeout", 0) or 0), 1.0)
            if wait:
                try:
                    await self.wait_for(lambda: bool(self._updates), within=wait)
                except TimeoutError:
                    return []
        return list(self._updates)

    def _edit(self, params: JSONDict) -> JSONDict:
        """Change a sent message in place, as Telegram does: its chat sees the new version."""
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for call in self.calls:
            sent = call.result if call.method == "sendMessage" and call.ok else None
            if sent and sent["message_id"] == message_id and sent["chat"]["id"] == chat_id:
                for key in ("text", "reply_markup"):
                    if key in params:
                        call.params[key] = params[key]
                    else:
                        call.params.pop(key, None)
                return {**sent, "text": params.get("text", sent.get("text"))}
        raise KeyError(f"no message {message_id} in chat {chat_id}")

    def message_ids_to(self, chat_id: int) -> list[int]:
        """The message_id of each message `messages_to(chat_id)` lists, in the same order."""
        return [
            int(call.result["message_id"])
            for call in self.calls
            if call.method == "sendMessage" and call.ok and int(call.params["chat_id"]) == chat_id
        ]

    def _message(self, params: JSONDict) -> JSONDict:
        chat_id = int(params.get("chat_id", 0))
        message: JSONDict = {
            "message_id": next(self._message_ids),
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Fieldreport"},
        }
        if "text" in params:
            message["text"] = params["text"]
        if "reply_markup" in params:
            markup = params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "inline_keyboard" in markup:  # only inline keyboards belong to the message
                message["reply_markup"] = markup
        return message

    def _event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def _notify(self) -> None:
        """Wake every waiter; the next waiters get a fresh event."""
        self._event().set()
        self._changed = asyncio.Event()


def error_body(failure: Failure) -> JSONDict:
    body: JSONDict = {
        "ok": False,
        "error_code": failure.status,
        "description": failure.description,
    }
    if failure.status == 429:
        body["parameters"] = {"retry_after": failure.retry_after}
        body["description"] = f"Too Many Requests: retry after {failure.retry_after}"
    return body


def parse_body(content_type: str, content: bytes) -> JSONDict:
    """PTB sends form fields whose values are JSON-encoded when not plain strings."""
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + content
        )
        fields: JSONDict = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                fields[str(name)] = {"filename": part.get_filename(), "bytes": payload}
            else:
                fields[str(name)] = payload.decode() if isinstance(payload, bytes) else payload
        return fields
    if content_type.startswith("application/json"):
        loaded = json.loads(content or b"{}")
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in loaded.items()}
    return dict(parse_qsl(content.decode()))


@dataclass
class FakeUser:
    """A person in a private chat with the bot."""

    api: FakeBotAPI
    id: int
    first_name: str

    def as_json(self) -> JSONDict:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name}

    def _message(self, **fields: Any) -> JSONDict:
        return {
            "message_id": next(self.api._message_ids),
            "date": self.api.now_timestamp(),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.as_json(),
            **fields,
        }

    def send(self, text: str) -> int:
        fields: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.api.push_update({"message": self._message(**fields)})

    def share_contact(self, phone: str, owner_id: int | None = None) -> int:
        """Share a contact; by default the person's own (what the request_contact button does)."""
        contact: JSONDict = {"phone_number": phone, "first_name": self.first_name}
        owner = self.id if owner_id is None else owner_id
        if owner:
            contact["user_id"] = owner
        return self.api.push_update({"message": self._message(contact=contact)})

    def send_photo(self, file_id: str) -> int:
        size = {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800, "height": 600}
        return self.api.push_update({"message": self._message(photo=[size])})

    def send_sticker(self) -> int:
        sticker = {
            "file_id": "STK",
            "file_unique_id": "stk",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.api.push_update({"message": self._message(sticker=sticker)})

    def press(self, data: str, message_id: int = 1) -> int:
        """Press an inline button whose callback data is `data`."""
        bot_message = self.api._message({"chat_id": self.id, "text": "…"})
        bot_message["message_id"] = message_id
        return self.api.push_update(
            {
                "callback_query": {
                    "id": f"cb{next(self.api._update_ids)}",
                    "from": self.as_json(),
                    "chat_instance": f"ci{self.id}",
                    "data": data,
                    "message": bot_message,
                }
            }
        )


def group_message(api: FakeBotAPI, chat_id: int, user: FakeUser, text: str) -> int:
    """A message written in a group chat."""
    return api.push_update(
        {
            "message": {
                "message_id": next(api._message_ids),
                "date": api.now_timestamp(),
                "chat": {"id": chat_id, "type": "supergroup", "title": "Nhóm"},
                "from": user.as_json(),
                "text": text,
            }
        }
    )
