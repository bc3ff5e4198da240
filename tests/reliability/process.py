"""`python bot.py` as a real process against the fake Bot API over real HTTP, on a generated
roster sized for the run: started, killed with SIGKILL, restarted."""

from __future__ import annotations

import asyncio
import csv
import signal
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import sqlite_url
from tests.fake_bot_api import FakeBotAPI
from tests.test_bot_process import ROOT, bot_env, run_cli

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MEMBERS = 30


def phone(index: int) -> str:
    return f"0913 {index:06d}"


def write_roster(folder: Path, cadres: int, cells_each: int, today: date) -> Path:
    """`cadres` cadres with `cells_each` cells of their own (named `Chi bộ số {cadre}-{n}`)."""
    folder.mkdir(parents=True, exist_ok=True)
    day = min((today - timedelta(days=1)).day, 28)
    with (folder / "chi_bo.csv").open("w", newline="", encoding="utf-8") as out:
        cells = csv.writer(out)
        cells.writerow(["Đảng bộ", "Chi bộ", "Số đảng viên", "Ngày họp", "Giờ họp", "Dời lịch"])
        for cadre in range(cadres):
            for cell in range(cells_each):
                cells.writerow(
                    ["Đảng bộ thử", f"Chi bộ số {cadre}-{cell}", MEMBERS, day, "08:00", "không"]
                )
    with (folder / "phan_cong.csv").open("w", newline="", encoding="utf-8") as out:
        assigned = csv.writer(out)
        assigned.writerow(
            ["Họ và tên", "Điện thoại", "Chức vụ, đơn vị công tác", "Đảng bộ", "Chi bộ", "Từ ngày"]
        )
        for cadre in range(cadres):
            for cell in range(cells_each):
                assigned.writerow(
                    [f"Cán bộ {cadre}", phone(cadre), "Chuyên viên", "Đảng bộ thử",
                     f"Chi bộ số {cadre}-{cell}", "01/01/2020"]
                )  # fmt: skip
    return folder


def today_in_vietnam() -> date:
    return datetime.now(TZ).date()


@dataclass
class BotProcess:
    """The bot process; its output goes to `log_path` (appended across restarts)."""

    env: dict[str, str]
    log_path: Path
    process: asyncio.subprocess.Process | None = None
    starts: int = 0
    kills: int = 0
    exit_codes: list[int] = field(default_factory=list)

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "bot.py"), env=self.env, stdout=log, stderr=log
            )
        self.starts += 1

    async def kill9(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no goodbye, no flush
        await self.process.wait()
        self.kills += 1

    async def stop(self) -> int:
        """SIGTERM and wait (bounded): the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 60)
        self.exit_codes.append(code)
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


async def prepared_bot(
    tmp_path: Path, base_url: str, api: FakeBotAPI, cadres: int, cells_each: int = 1
) -> tuple[BotProcess, dict[str, str]]:
    """A database with the generated roster imported, and the bot process (not started)."""
    env = {**bot_env(sqlite_url(tmp_path), base_url, api), "COMMITTEE_CHAT_ID": str(COMMITTEE)}
    roster = write_roster(tmp_path / "roster", cadres, cells_each, today_in_vietnam())
    code, output = await run_cli(env, "import", str(roster))
    assert code == 0, output
    return BotProcess(env, tmp_path / "bot.log"), env


COMMITTEE = -100777
