"""`python bot.py` as a real process, talking HTTP to a Bot-API-compatible server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import SAMPLE_ROSTER
from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve

ROOT = Path(__file__).resolve().parent.parent


def bot_env(tmp_path: Path, base_url: str, api: FakeBotAPI) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        "COMMITTEE_CHAT_ID": "-100777",
        "LOG_LEVEL": "INFO",
    }


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_links_by_contact_and_by_code_over_real_http(tmp_path: Path) -> None:
    api = FakeBotAPI()
    async with serve(api) as base_url:
        env = bot_env(tmp_path, base_url, api)
        code, output = await run_cli(env, "import", str(SAMPLE_ROSTER))
        assert code == 0, output
        code, output = await run_cli(env, "invite", "--phone", "0912 000 002")
        assert code == 0, output
        # The username came from getMe on the fake server.
        assert "https://t.me/fieldreport_test_bot?start=" in output
        invite = output.split("?start=")[1].split()[0]

        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            api.user(7001).share_contact("+84 912 000 001")
            api.user(7002).send(f"/start {invite}")
            api.user(7003).share_contact("+84 912 000 001", owner_id=7001)
            for user in (7001, 7002, 7003):
                await api.wait_for_messages(user, 1, within=60)
            api.user(7004).send(f"/start {invite}")  # the code was used by 7002
            await api.wait_for_messages(7004, 1, within=60)
        finally:
            process.send_signal(signal.SIGTERM)
            log, _ = await asyncio.wait_for(process.communicate(), 60)
    assert "Nguyễn Văn An" in api.messages_to(7001)[0]["text"]
    assert "Trần Thị Bình" in api.messages_to(7002)[0]["text"]
    assert "chính đồng chí" in api.messages_to(7003)[0]["text"]
    assert "đã được dùng" in api.messages_to(7004)[0]["text"]
    assert api.token not in log.decode()
    assert process.returncode == 0
