"""Several replicas on one PostgreSQL, as real processes over real HTTP: updates fed to them
round-robin are each answered once, and when the leader is killed (`kill -9`) in the middle
of a broadcast another replica takes over, nothing is lost, at most one message per kill is
sent twice, and Telegram's 30 messages a second are never exceeded in total.

The broadcast's size is a parameter (`FIELDREPORT_REPLICA_BROADCAST`, small in CI; the
README gives the figures of a 1,000-message run)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest

from storage import outbox
from storage.db import Database
from tests.conftest import SAMPLE_ROSTER
from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve
from tests.test_bot_process import bot_env, run_cli, start_bot
from tests.test_webhook import free_port, start_update

REPLICAS = 3
BROADCAST = int(os.environ.get("FIELDREPORT_REPLICA_BROADCAST", "120"))
SECRET = "replica-webhook-secret"
TAKEOVER_LIMIT = 10.0  # seconds: the bound for a new leader


async def queue_broadcast(database_url: str, count: int) -> None:
    db = Database(database_url)
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        for index in range(count):
            await outbox.enqueue(
                conn, key=f"broadcast:{index}", messenger="telegram",
                chat_id=str(700_000 + index), kind="remind_day_before",
                payload={"text": f"Nhắc lịch số {index}"}, due_at=now, now=now,
            )  # fmt: skip
    await db.close()


async def health(client: httpx.AsyncClient, port: int) -> dict[str, object] | None:
    try:
        answer = await client.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except httpx.HTTPError:
        return None
    return dict(answer.json()) if answer.status_code == 200 else None


async def leader_port(client: httpx.AsyncClient, ports: list[int], within: float) -> int:
    """The port of the replica that says it leads; waits (bounded) for one to say so."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for port in ports:
            state = await health(client, port)
            if state is not None and state["role"] == "leader":
                return port
        await asyncio.sleep(0.2)
    raise AssertionError(f"no leader among {ports} within {within} s")


async def all_serving(client: httpx.AsyncClient, ports: list[int], within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if all([await health(client, port) is not None for port in ports]):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"the replicas on {ports} did not all start within {within} s")


def most_in_one_second(times: list[float]) -> int:
    times = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_replicas_share_updates_and_outlive_their_leader(
    backend: str, database_url: str
) -> None:
    if backend != "postgresql":
        pytest.skip("several replicas need PostgreSQL")
    api = FakeBotAPI()
    async with serve(api) as base_url:
        env = bot_env(database_url, base_url, api) | {
            "WEBHOOK_URL": "https://bot.example.vn/hook", "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1", "QUIET_HOURS": "",
        }  # fmt: skip
        code, output = await run_cli(env, "import", str(SAMPLE_ROSTER))
        assert code == 0, output
        await queue_broadcast(database_url, BROADCAST)
        ports = [free_port() for _ in range(REPLICAS)]
        processes = {port: await start_bot(env | {"WEBHOOK_PORT": str(port)}) for port in ports}
        try:
            async with httpx.AsyncClient() as client:
                await all_serving(client, ports, within=60)
                first = await leader_port(client, ports, within=30)
                # Updates reach the replicas round-robin, as behind a load balancer.
                for index in range(3 * REPLICAS):
                    port = ports[index % REPLICAS]
                    answer = await client.post(
                        f"http://127.0.0.1:{port}/hook", json=start_update(index + 1, 8000 + index),
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    )  # fmt: skip
                    assert answer.status_code == 200
                # Mid-broadcast, the leader dies without a word.
                await api.wait_for(lambda: len(sent_texts(api)) >= BROADCAST // 3, within=120)
                processes[first].send_signal(signal.SIGKILL)
                await processes[first].wait()
                killed_at = time.monotonic()
                survivors = [port for port in ports if port != first]
                await leader_port(client, survivors, within=30)
                takeover = time.monotonic() - killed_at
                await api.wait_for(
                    lambda: len(set(sent_texts(api))) >= BROADCAST, within=60 + BROADCAST / 10
                )
                for index in range(3 * REPLICAS):
                    await api.wait_for_messages(8000 + index, 1, within=30)
        finally:
            for process in processes.values():
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                await asyncio.wait_for(process.wait(), 60)
    copies = Counter(sent_texts(api))
    assert len(copies) == BROADCAST  # nothing lost
    assert sum(count - 1 for count in copies.values()) <= 1  # at most one duplicate per kill
    assert takeover <= TAKEOVER_LIMIT, f"a new leader took {takeover:.1f} s"
    sends = [call.at for call in api.calls if call.method == "sendMessage" and call.ok]
    assert most_in_one_second(sends) <= 30
    # Every update was answered exactly once, whichever replica received it.
    assert all(len(api.messages_to(8000 + index)) == 1 for index in range(3 * REPLICAS))


def sent_texts(api: FakeBotAPI) -> list[str]:
    return [
        str(call.params["text"])
        for call in api.calls
        if call.method == "sendMessage" and call.ok and str(call.params["text"]).startswith("Nhắc")
    ]
