"""What the reliability proofs share: reading a cadre's draft, waiting on log lines."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storage import conversations
from storage.db import Database


async def draft_answers(db: Database, cadre_id: int) -> dict[str, Any]:
    """The answers stored in the cadre's report draft (empty when there is none)."""
    state = (await conversations.load(db, cadre_id)).state
    found = _find_answers(state)
    return found if found is not None else {}


def _find_answers(node: Any) -> dict[str, Any] | None:
    if isinstance(node, dict):
        answers = node.get("answers")
        if isinstance(answers, dict):
            return answers
        for value in node.values():
            found = _find_answers(value)
            if found is not None:
                return found
    return None


class LogWatch(logging.Handler):
    """Collects log lines and wakes waiters when one contains a fragment (no polling)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self._changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self._changed.set()
        self._changed = asyncio.Event()

    def count(self, fragment: str) -> int:
        return sum(fragment in line for line in self.lines)

    async def wait_for(self, fragment: str, times: int = 1, within: float = 20.0) -> None:
        """Until `fragment` was logged `times` times; `within` only bounds a broken test."""
        async with asyncio.timeout(within):
            while self.count(fragment) < times:
                await self._changed.wait()


@contextmanager
def watching_logs() -> Iterator[LogWatch]:
    watch = LogWatch()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(watch)
    root.setLevel(logging.INFO)
    try:
        yield watch
    finally:
        root.removeHandler(watch)
        root.setLevel(previous)
