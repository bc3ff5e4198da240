"""`python bot.py run` with only Zalo's token, as a real process talking HTTP to a server that
implements the Zalo Bot API: linking by the printed code, a report typed by numbers, and a
`kill -9` in the middle of it that loses no answer."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from tests.conftest import SAMPLE_ROSTER
from tests.fake_zalo_api import FakeZaloAPI, ZaloUser
from tests.fake_zalo_api_server import serve
from tests.test_bot_process import ROOT, run_cli


def zalo_env(tmp_path: Path, base_url: str, api: FakeZaloAPI) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "ZALO_BOT_TOKEN": api.token,
        "ZALO_BASE_URL": base_url,
        "ZALO_ADMIN_IDS": "za-admin-1",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        # No reminder may interleave with the steps below (a reminder's numbered action
        # becomes the chat's latest screen): the whole day is quiet.
        "QUIET_HOURS": "00:00-23:59",
        "LOG_LEVEL": "INFO",
    }


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def pick(person: ZaloUser, label: str, expected: str) -> str:
    return await person.step(person.number_of(label), expected)


async def test_link_report_and_kill_9_on_zalo_over_real_http(tmp_path: Path) -> None:
    api = FakeZaloAPI(SystemClock())
    an = api.user("z-an", "Nguyễn Văn An")
    yesterday = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1)
    async with serve(api) as base_url:
        env = zalo_env(tmp_path, base_url, api)
        code, output = await run_cli(env, "import", str(SAMPLE_ROSTER))
        assert code == 0, output
        code, output = await run_cli(env, "invite", "--messenger", "zalo", "--phone", "0912000001")
        assert code == 0, output
        match = re.search(r"mã ([A-Z0-9]{10})", output)
        assert match, output
        process = await start_bot(env)
        try:
            await an.step(match.group(1), "Tài khoản đã được liên kết thành công")
            await an.step("/baocao", "Ngày khác")
            await pick(an, "📅 Ngày khác", "Buổi sinh hoạt của chi bộ nào?")
            await pick(an, "Chi bộ thôn Đông", "Chi bộ họp ngày nào?")
            await an.step(f"{yesterday:%d/%m/%Y}", "có diễn ra không?")
            await an.step("co", "thường kỳ hay chuyên đề")
            await pick(an, "Thường kỳ", "bắt đầu lúc mấy giờ?")
            await an.step("19h30", "kết thúc lúc mấy giờ?")
        finally:
            process.kill()  # no goodbye: SIGKILL
            await process.wait()
        process = await start_bot(env)
        try:
            before = len(an.texts)
            await an.step("/baocao", "Tiếp tục báo cáo đang làm dở: Chi bộ thôn Đông")
            await an.expect("kết thúc lúc mấy giờ?", before)
            await an.step("21h45", "được miễn sinh hoạt")  # the answers before the kill are kept
        finally:
            process.send_signal(signal.SIGTERM)
            log, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0
    assert api.token not in log.decode()
    assert all(len(call.body.get("text", "")) <= 2000 for call in api.calls)


async def test_a_refused_zalo_token_stops_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    api = FakeZaloAPI(SystemClock())
    async with serve(api) as base_url:
        env = zalo_env(tmp_path, base_url, api) | {"ZALO_BOT_TOKEN": "wrong-zalo-token"}
        code, output = await run_cli(env, "run")
    assert code == 2
    assert "Zalo refuses ZALO_BOT_TOKEN (401)" in output and "wrong-zalo-token" not in output
