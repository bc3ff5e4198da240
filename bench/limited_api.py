"""The fake Bot API of the tests, enforcing Telegram's sending limits (as the broadcast
benchmark's fake does) and remembering, per chat, when each message was accepted."""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from tests.bench_support import OVERALL_PER_SECOND, WINDOW, too_many
from tests.chat_driver import inline_buttons
from tests.fake_bot_api import FakeBotAPI, JSONDict


@dataclass
class Limits:
    """Telegram's limits over sliding one-second windows of accepted sends, counting which
    limit refused a send."""

    overall: int = OVERALL_PER_SECOND
    per_chat: int = 1
    refused_overall: int = 0
    refused_per_chat: int = 0
    peak: int = 0  # the most accepted sends seen in one window
    _recent: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def admit(self, chat: int, now: float) -> float | None:
        """Record a send and return None, or return how long to wait (not recorded)."""
        recent, of_chat = self._recent, self._chats[chat]
        for times in (recent, of_chat):
            while times and times[0] <= now - WINDOW:
                times.popleft()
        if len(of_chat) >= self.per_chat:
            self.refused_per_chat += 1
            return of_chat[-self.per_chat] + WINDOW - now
        if len(recent) >= self.overall:
            self.refused_overall += 1
            return recent[-self.overall] + WINDOW - now
        recent.append(now)
        of_chat.append(now)
        self.peak = max(self.peak, len(recent))
        return None


@dataclass
class LimitedFakeBotAPI(FakeBotAPI):
    """`sendMessage` above 30 in any sliding second overall, or above `limits.per_chat` in
    any sliding second to one chat, is answered 429 with `retry_after`; every answer comes
    after `latency`."""

    latency: float = 0.03
    limits: Limits = field(default_factory=Limits)
    # chat -> monotonic times at which its messages were accepted
    accepted: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    # chat -> label -> callback data of the newest message with buttons
    buttons: dict[int, dict[str, str]] = field(default_factory=dict)
    _arrivals: dict[int, asyncio.Event] = field(default_factory=dict)

    async def call(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        if method == "sendMessage":
            chat = int(params.get("chat_id", 0))
            wait = self.limits.admit(chat, time.monotonic())
            await asyncio.sleep(self.latency)
            if wait is not None:
                return 429, too_many(max(1, math.ceil(wait)))
            self.accepted[chat].append(time.monotonic())
            found = inline_buttons(params)
            if found:
                self.buttons[chat] = found
            self._arrival(chat).set()
        elif method != "getUpdates":
            await asyncio.sleep(self.latency)
        return await super().call(method, params)

    def _arrival(self, chat: int) -> asyncio.Event:
        return self._arrivals.setdefault(chat, asyncio.Event())

    async def messages_reach(self, chat: int, count: int) -> float:
        """Wait until `count` messages to `chat` were accepted; when the last one was."""
        while len(self.accepted[chat]) < count:
            arrival = self._arrival(chat)
            arrival.clear()
            await arrival.wait()
        return self.accepted[chat][count - 1]
