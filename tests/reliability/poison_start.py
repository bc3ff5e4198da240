"""The real process gets updates it cannot read, then a `/start`: how long until it answers."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve
from tests.reliability.process import prepared_bot

WITHIN = 120.0  # bounds a broken run only
# PTB cannot build a Message without its date and chat type
UNREADABLE = {"message": {"message_id": 1, "chat": {"id": 9300000}, "text": "/start"}}


@dataclass
class PoisonFigures:
    rounds: int
    slowest: float
    average: float
    parked_lines: int

    def line(self) -> str:
        return (
            f"{self.rounds} unparsable updates, each followed by /start: answered in "
            f"{self.average:.2f} s on average, {self.slowest:.2f} s at worst; "
            f"{self.parked_lines} 'cannot be read and is parked' log lines"
        )


async def run_poison_start(workdir: Path, rounds: int) -> PoisonFigures:
    api = FakeBotAPI()
    times: list[float] = []
    async with serve(api) as base_url:
        bot, _env = await prepared_bot(workdir, base_url, api, cadres=1)
        await bot.start()
        try:
            await api.wait_for(lambda: bool(api.calls_of("setMyCommands")), within=WITHIN)
            for round_ in range(rounds):
                user = 9_300_001 + round_
                api.push_update(UNREADABLE)
                started = time.monotonic()
                api.user(user).send("/start")
                await api.wait_for(lambda u=user: bool(api.messages_to(u)), within=WITHIN)  # type: ignore[misc]
                times.append(time.monotonic() - started)
        finally:
            await bot.stop()
    parked = bot.log().count("cannot be read and is parked")
    return PoisonFigures(rounds, max(times), sum(times) / len(times), parked)
