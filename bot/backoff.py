"""Waiting before trying again: exponential, with jitter, interruptible by a stop event."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Backoff:
    """1 s, 2 s, 4 s … up to `cap_seconds`, each drawn from the upper half so that many
    replicas or restarts do not retry in step; `reset()` after a success."""

    base_seconds: float = 1.0
    cap_seconds: float = 60.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** (self.failures - 1))
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


async def sleep_unless_stopped(seconds: float, stop: asyncio.Event) -> None:
    """Sleep `seconds`, or less when `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
