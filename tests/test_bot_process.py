"""`python bot.py` as a real process, talking HTTP to a Bot-API-compatible server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.chat_driver import Person
from tests.conftest import SAMPLE_ROSTER
from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve

ROOT = Path(__file__).resolve().parent.parent


def bot_env(database_url: str, base_url: str, api: FakeBotAPI) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": base_url,
        "DATABASE_URL": database_url,
        "COMMITTEE_CHAT_ID": "-100777",
        "ADMIN_TELEGRAM_IDS": "9001",
        "LOG_LEVEL": "INFO",
    }


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_links_by_contact_and_by_code_over_real_http(database_url: str) -> None:
    api = FakeBotAPI()
    async with serve(api) as base_url:
        env = bot_env(database_url, base_url, api)
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
    # A command menu per audience, in Vietnamese: cadres, the committee chat, each admin.
    menus = {
        json.loads(menu.params["scope"]).get("chat_id"): [
            c["command"] for c in json.loads(menu.params["commands"])
        ]
        for menu in api.calls_of("setMyCommands")
    }
    assert menus == {
        None: ["baocao", "lich", "cuatoi", "huy", "start", "trogiup"],  # every private chat
        -100777: ["tonghop", "chuanop", "xuat", "trogiup"],
        9001: ["tonghop", "chuanop", "xuat", "baocao", "lich", "cuatoi", "huy", "start", "trogiup"],
    }
    cadre_menu = api.calls_of("setMyCommands")[0].params["commands"]
    described = {c["command"]: c["description"] for c in json.loads(cadre_menu)}
    assert described["baocao"] == "Báo cáo buổi sinh hoạt đã dự"
    assert "chính đồng chí" in api.messages_to(7003)[0]["text"]
    assert "đã được dùng" in api.messages_to(7004)[0]["text"]
    assert api.token not in log.decode()
    assert process.returncode == 0


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def press(person: Person, label: str) -> None:
    person.api.user(person.id).press(person.button(label))


async def step(person: Person, action: Callable[[], object], expected: str) -> str:
    """Do one thing and wait for the reply that contains `expected`."""
    before = len(person.messages)
    action()
    return await person.expect_text(expected, before)


async def test_kill_9_in_the_middle_of_a_report_loses_no_answer_and_it_is_sent(
    database_url: str,
) -> None:
    api = FakeBotAPI()
    an = Person(api, 7101)
    yesterday = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1)
    async with serve(api) as base_url:
        env = bot_env(database_url, base_url, api)
        code, output = await run_cli(env, "import", str(SAMPLE_ROSTER))
        assert code == 0, output
        process = await start_bot(env)
        try:
            # Reminders of yesterday's meeting arrive on their own schedule, so every step
            # waits for the answer it expects by content rather than by count.
            await step(an, lambda: an.api.user(an.id).share_contact("+84 912 000 001"), "Xin chào")
            # The meetings of the past weeks are known (recorded at import): a list, not «Ngày
            # khác» alone; this report is still of a day that was not planned.
            choose = "báo cáo buổi sinh hoạt nào?"
            await step(an, lambda: an.api.user(an.id).send("/baocao"), choose)
            await step(an, lambda: press(an, "📅 Ngày khác"), "Buổi sinh hoạt của chi bộ nào?")
            await step(an, lambda: press(an, "Chi bộ thôn Đông"), "Chi bộ họp ngày nào?")
            day = f"{yesterday:%d/%m/%Y}"
            await step(an, lambda: an.api.user(an.id).send(day), "có diễn ra không?")
            await step(an, lambda: press(an, "Có, đã diễn ra"), "thường kỳ hay chuyên đề?")
            await step(an, lambda: press(an, "Thường kỳ"), "bắt đầu lúc mấy giờ?")
            await step(an, lambda: an.api.user(an.id).send("19h30"), "kết thúc lúc mấy giờ?")
        finally:
            process.kill()  # no goodbye: SIGKILL
            await process.wait()
        process = await start_bot(env)
        try:
            resumed = "Tiếp tục báo cáo đang làm dở: Chi bộ thôn Đông"
            before = len(an.messages)
            await step(an, lambda: an.api.user(an.id).send("/baocao"), resumed)
            await an.expect_text("kết thúc lúc mấy giờ?", before)
            await step(an, lambda: press(an, "◀️ Quay lại"), "Câu trả lời hiện tại: 19:30")
            # … and the report goes on to its receipt and the committee's copy.
            await step(an, lambda: an.api.user(an.id).send("19h30"), "kết thúc lúc mấy giờ?")
            for typed, next_question in (("21:45", "được miễn"), ("2", "có mặt"),
                                         ("28", "vắng có lý do"), ("2", "Có cả ba")):  # fmt: skip
                await step(an, partial(an.api.user(an.id).send, typed), next_question)
            await step(an, lambda: press(an, "✅ Có cả ba"), "bước nào?")
            await step(an, lambda: press(an, "✅ Đủ tất cả các bước"), "phát biểu")
            await step(an, lambda: an.api.user(an.id).send("10"), "Câu")
            for label in ("Đầy đủ", "Thực hiện tốt", "≥ 90 %", "Tốt"):
                await step(an, partial(press, an, label), "Câu")
            await step(an, lambda: press(an, "Không có gì thêm"), "Đạt chất lượng")
            receipt = await step(an, lambda: press(an, "📨 Gửi báo cáo"), "Số biên nhận")
            assert "BC-" in receipt

            def forwards() -> list[str]:
                texts = (str(m["text"]) for m in api.messages_to(-100777))
                return [text for text in texts if "BÁO CÁO DỰ SINH HOẠT CHI BỘ" in text]

            await api.wait_for(lambda: bool(forwards()), within=60)
            (forward,) = forwards()
            assert "Thời gian: 19:30–21:45" in forward
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 60)
