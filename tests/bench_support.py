"""A fake Bot API that enforces Telegram's sending limits, for the broadcast benchmark.

It answers 429 (with `retry_after`) whenever a `sendMessage` would make more than 30 in any
sliding one-second window overall, or more than one per second to the same chat; otherwise it
answers like Telegram after a simulated network latency.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from tests.fake_bot_api import BOT_ID, JSONDict, parse_body

OVERALL_PER_SECOND = 30
PER_CHAT_PER_SECOND = 1
WINDOW = 1.0


@dataclass
class SlidingLimits:
    """Telegram's limits as a sliding window over accepted sends (times in seconds)."""

    overall: int = OVERALL_PER_SECOND
    per_chat: int = PER_CHAT_PER_SECOND
    _recent: deque[float] = field(default_factory=deque)
    _per_chat: dict[str, deque[float]] = field(default_factory=dict)
    peak: int = 0  # the most accepted sends seen in one window

    def admit(self, chat_id: str, now: float) -> float | None:
        """Record a send and return None, or return how long to wait (not recorded)."""
        _forget(self._recent, now)
        chat = self._per_chat.setdefault(chat_id, deque())
        _forget(chat, now)
        waits = []
        if len(self._recent) >= self.overall:
            waits.append(self._recent[-self.overall] + WINDOW - now)
        if len(chat) >= self.per_chat:
            waits.append(chat[-self.per_chat] + WINDOW - now)
        if waits:
            return max(waits)
        self._recent.append(now)
        chat.append(now)
        self.peak = max(self.peak, len(self._recent))
        return None


def _forget(times: deque[float], now: float) -> None:
    while times and times[0] <= now - WINDOW:
        times.popleft()


@dataclass
class RateLimitedBotAPI:
    """`httpx.MockTransport` handler: limits enforced at arrival, latency before answering."""

    token: str = "123456:BENCH-TOKEN"
    latency: float = 0.03
    monotonic: Callable[[], float] = time.monotonic
    limits: SlidingLimits = field(default_factory=SlidingLimits)
    sent: int = 0
    rejected: int = 0
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def handler(self, request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        params = parse_body(request.headers.get("content-type", ""), request.content)
        result: object = True
        if method == "getMe":
            result = {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        elif method == "sendMessage":
            chat_id = str(params.get("chat_id", ""))
            wait = self.limits.admit(chat_id, self.monotonic())
            if wait is not None:
                self.rejected += 1
                retry_after = max(1, math.ceil(wait))
                await asyncio.sleep(self.latency)
                return httpx.Response(429, json=too_many(retry_after))
            self.sent += 1
            result = self._message(chat_id, params)
        await asyncio.sleep(self.latency)
        return httpx.Response(200, json={"ok": True, "result": result})

    def _message(self, chat_id: str, params: JSONDict) -> JSONDict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bench"},
            "text": params.get("text", ""),
        }


def too_many(retry_after: int) -> JSONDict:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }
