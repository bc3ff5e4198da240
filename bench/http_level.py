"""The HTTP mode of `bench/answers.py`: a bot runs as a process of its own, polling the fake
Bot API over real HTTP, and cadres answer the report through it like people on phones."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.handler_level import Run
from bench.proc import cpu_seconds
from bench.report_script import REPORT_STEPS, Step
from tests.chat_driver import Person
from tests.fake_bot_api import FakeBotAPI, JSONDict
from tests.fake_bot_api_server import serve

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-TOKEN"
COMMITTEE_CHAT_ID = -1009000000001


@dataclass
class PolledAPI(FakeBotAPI):
    """Says when the bot under test first asks for updates (it is then ready)."""

    polled: asyncio.Event = field(default_factory=asyncio.Event)

    async def call(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        if method == "getUpdates":
            self.polled.set()
        return await super().call(method, params)


def edits_to(api: FakeBotAPI, chat: int) -> int:
    return sum(1 for call in api.calls_of("editMessageText") if int(call.params["chat_id"]) == chat)


async def tick(person: Person, label: str) -> None:
    """`Person.tick`, waiting for this chat's message to be redrawn (other cadres tick too)."""
    data, message_id = person._find(label)
    before = edits_to(person.api, person.id)
    person.api.user(person.id).press(data, message_id)
    await person.api.wait_for(lambda: edits_to(person.api, person.id) > before)


async def take(person: Person, step: Step) -> None:
    if step.kind == "send":
        await person.send(step.value, expect=step.replies)
    elif step.kind == "photo":
        await person.send_photo(step.value, expect=step.replies)
    elif step.kind == "tick":
        await tick(person, step.value)
    else:
        await person.press(step.value, expect=step.replies)


async def report(person: Person, latencies: list[float], think: float) -> None:
    """One cadre answers the whole report, each step `think` seconds after the previous
    one's replies arrived; a step's time is from its update being available to its replies.
    (A person takes seconds to answer; with no pause the project's pacing of one message a
    second per chat, which the baseline does not have, would be all that is measured.)"""
    for step in REPORT_STEPS:
        started = time.perf_counter()
        await take(person, step)
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(think)


@asynccontextmanager
async def bot_process(
    command: Sequence[str], env: dict[str, str], cwd: Path
) -> AsyncIterator[tuple[PolledAPI, int]]:
    """Serve a fresh fake Bot API, start the bot against it and wait for its first poll."""
    api = PolledAPI(token=TOKEN)
    async with serve(api) as base_url:
        full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        full_command = [part.replace("{base_url}", base_url) for part in command]
        full_env = {key: value.replace("{base_url}", base_url) for key, value in full_env.items()}
        with (cwd / "bot.log").open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                *full_command, env=full_env, cwd=cwd, stdout=log, stderr=log
            )
            try:
                async with asyncio.timeout(120):
                    await api.polled.wait()
                yield api, process.pid
            except Exception:
                print((cwd / "bot.log").read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                process.send_signal(signal.SIGTERM)
                await process.wait()


async def measure(api: FakeBotAPI, pid: int, user_ids: Sequence[int], think: float) -> Run:
    """The first cadre warms the bot up alone; then the others answer side by side."""
    await report(Person(api, user_ids[0]), [], think)
    run = Run()
    cpu, wall = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(
        *(report(Person(api, user), run.latencies, think) for user in user_ids[1:])
    )
    run.cpu_seconds = cpu_seconds(pid) - cpu
    run.wall_seconds = time.perf_counter() - wall
    run.answers = len(run.latencies)
    receipts = [
        call for call in api.calls_of("sendMessage")
        if int(call.params["chat_id"]) > 0 and "BC-" in str(call.params.get("text"))
    ]  # fmt: skip
    run.reports = len(receipts) - 1
    return run
