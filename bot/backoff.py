"""Waiting before trying again: exponential, with jitter, interruptible by a stop event."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Sleep = Callable[[float], Awaitable[None]]
log = logging.getLogger(__name__)


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


async def until_it_works(
    attempt: Callable[[], Awaitable[object]],
    *,
    what: str,
    transient: tuple[type[BaseException], ...],
    fatal: tuple[type[BaseException], ...] = (),
    stop: asyncio.Event,
    backoff: Backoff | None = None,
    sleep: Sleep | None = None,
) -> bool:
    """Run `attempt` until it raises none of the `transient` errors (one log line per
    failure, no traceback); False when stopped first. `fatal` errors (a refused token,
    though its type may be a transient one's subclass) and any other are raised."""
    from bot.errors import describe

    backoff = backoff or Backoff()
    while not stop.is_set():
        try:
            await attempt()
        except fatal:
            raise
        except transient as exc:
            delay = backoff.next_delay()
            log.warning(
                "cannot reach %s (%s); attempt %d, retrying in %.0f s",
                what, describe(exc), backoff.failures, delay,
            )  # fmt: skip
            await (sleep(delay) if sleep is not None else sleep_unless_stopped(delay, stop))
            continue
        return True
    return False


async def poll_forever(
    poll_once: Callable[[], Awaitable[int]],
    *,
    what: str,
    fatal: type[BaseException],
    on_accepted: Callable[[], None],
    stop: asyncio.Event,
    backoff: Backoff,
) -> None:
    """Long polling that never dies of a network error, a 5xx or a database hiccup: each
    failure is one log line and a wait with backoff. Only `fatal` (a refused token) stops it."""
    from bot.errors import describe

    while not stop.is_set():
        try:
            accepted = await poll_once()
        except fatal:
            log.error("%s refuses the bot token; polling stops", what)
            raise
        except Exception as exc:
            delay = backoff.next_delay()
            log.warning("polling %s failed (%s); retrying in %.0f s", what, describe(exc), delay)
            await sleep_unless_stopped(delay, stop)
            continue
        backoff.reset()
        if accepted:
            on_accepted()
