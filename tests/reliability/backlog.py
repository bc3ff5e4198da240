"""A backlog of updates queued while the bot works through it, a SIGKILL, a restart: every
update is answered."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve
from tests.reliability.process import prepared_bot

WITHIN = 300.0  # bounds a broken run only
FIRST_USER = 9_200_000


@dataclass
class BacklogFigures:
    updates: int
    answered_before_kill: int
    answered: int
    duplicates: int
    seconds_after_restart: float

    def line(self) -> str:
        return (
            f"{self.updates} updates queued, {self.answered_before_kill} answered before "
            f"kill -9, {self.answered}/{self.updates} answered after the restart "
            f"({self.duplicates} duplicates) in {self.seconds_after_restart:.1f} s"
        )


async def run_backlog(workdir: Path, updates: int) -> BacklogFigures:
    """`updates` people send /lich at once; the bot is killed once the first is answered."""
    api = FakeBotAPI()
    users = [FIRST_USER + index for index in range(updates)]

    def answered() -> int:
        return sum(bool(api.messages_to(user)) for user in users)

    async with serve(api) as base_url:
        bot, _env = await prepared_bot(workdir, base_url, api, cadres=1)
        await bot.start()
        try:
            await api.wait_for(lambda: bool(api.calls_of("setMyCommands")), within=WITHIN)
            for user in users:
                api.user(user).send("/lich")
            await api.wait_for(lambda: answered() >= 1, within=WITHIN)
            await bot.kill9()
            before = answered()
            started = time.monotonic()
            await bot.start()
            await api.wait_for(lambda: answered() == updates, within=WITHIN)
            seconds = time.monotonic() - started
        finally:
            await bot.stop()
    duplicates = sum(max(0, len(api.messages_to(user)) - 1) for user in users)
    return BacklogFigures(updates, before, answered(), duplicates, seconds)
