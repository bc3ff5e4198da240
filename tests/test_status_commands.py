"""`bot.py status` and `bot.py backup FILE` on a real SQLite file, as the office runs them."""

from __future__ import annotations

import io
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.settings import Settings
from bot.status_commands import backup_command, sqlite_path, status_command
from storage import cadres
from storage.db import Database
from storage.outbox import enqueue, mark_failed, messages
from tests.test_bot_process import run_cli
from tests.test_migrations import HEAD

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


async def test_status_on_a_planned_roster(
    settings: Settings, clock: FakeClock, planned_db: Database
) -> None:
    an = await cadres.find_by_phone(planned_db, "+84912000001")
    assert an is not None
    async with planned_db.transaction() as conn:
        await cadres.link_account(
            conn, cadre_id=an.id, messenger="telegram", user_id="5001", now=clock.now(),
            via="contact", replace_existing=False,
        )  # fmt: skip
        for key in ("a", "b"):
            await enqueue(
                conn, key=key, messenger="telegram", chat_id="5001", kind="nudge",
                payload={"text": key}, due_at=clock.now() + timedelta(hours=1), now=clock.now(),
            )  # fmt: skip
    (first, _second) = await messages(planned_db)
    await mark_failed(planned_db, first.id, "blocked")
    out = io.StringIO()
    assert await status_command(settings, clock=clock, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Cơ sở dữ liệu: {settings.database_url} (phiên bản {HEAD})"
    assert lines[1] == "Cán bộ đang hoạt động: 10; đã liên kết Telegram: 1, Zalo: 0"
    assert lines[2].startswith("Buổi sinh hoạt tháng 03/2026: 20 (")
    # Three March meetings have started by the morning of 06/03; nobody has reported.
    assert lines[3].startswith("Báo cáo còn chờ (buổi họp trong 35 ngày qua): ")
    assert int(lines[3].split(": ")[1].split(";")[0]) > 0
    assert lines[4] == "Tin chờ gửi: 1; gửi lỗi: 1; đã gửi: 0"
    assert lines[5] == "Hoạt động gần nhất của người dùng: 09:00 06/03/2026"  # the link
    assert lines[6:] == [
        "Việc sắp tới:",
        "  lập lịch sinh hoạt: 00:05 07/03/2026",
        "  tổng hợp tuần: 07:30 09/03/2026",
        "  tổng hợp tháng: 07:30 03/04/2026",
        "  tin nhắn kế tiếp trong hàng đợi: 10:00 06/03/2026",
    ]


async def test_status_without_a_database(settings: Settings, tmp_path: Path) -> None:
    missing = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path}/none/x.sqlite3"}
    )
    err = io.StringIO()
    assert await status_command(missing, err=err) == 1
    assert err.getvalue() == (
        f"Không có cơ sở dữ liệu ở {tmp_path}/none/x.sqlite3. Kiểm tra DATABASE_URL, "
        "hoặc chạy «python bot.py migrate».\n"
    )
    assert not (tmp_path / "none").exists()  # status created nothing


def count_units(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM units").fetchone()[0])


@SQLITE_ONLY  # `backup` copies a SQLite file (PostgreSQL: pg_dump)
async def test_backup_while_a_writer_holds_the_lock(
    settings: Settings, roster_db: Database, tmp_path: Path
) -> None:
    live = sqlite_path(settings.database_url)
    assert live is not None
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO units (name, created_at) VALUES ('Chưa lưu', '2026-03-10')")
    try:
        out = io.StringIO()
        assert backup_command(settings, tmp_path / "copy" / "b.sqlite3", out=out) == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert out.getvalue().startswith(f"Đã sao lưu cơ sở dữ liệu vào {tmp_path}/copy/b.sqlite3 (")
    assert count_units(tmp_path / "copy" / "b.sqlite3") == 5  # what was committed, no more
    assert not (tmp_path / "copy" / "b.sqlite3.partial").exists()


@SQLITE_ONLY  # `backup` copies a SQLite file (PostgreSQL: pg_dump)
async def test_backup_refusals(settings: Settings, roster_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "b.sqlite3"
    target.write_bytes(b"keep me")
    err = io.StringIO()
    assert backup_command(settings, target, err=err) == 1
    assert "đã có; xin chọn tên khác" in err.getvalue() and target.read_bytes() == b"keep me"
    postgres = settings.model_copy(update={"database_url": "postgresql+asyncpg://u:p@h/db"})
    err = io.StringIO()
    assert backup_command(postgres, tmp_path / "pg.sql", err=err) == 1
    assert err.getvalue() == (
        "Lệnh backup chỉ dùng cho SQLite. Với PostgreSQL, sao lưu bằng pg_dump.\n"
    )


@SQLITE_ONLY  # `backup` copies a SQLite file (PostgreSQL: pg_dump)
async def test_status_and_backup_as_processes(
    settings: Settings, roster_db: Database, tmp_path: Path
) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": settings.database_url}
    code, output = await run_cli(env, "status")
    assert code == 0 and "Cán bộ đang hoạt động: 10" in output, output
    code, output = await run_cli(env, "backup", str(tmp_path / "b.sqlite3"))
    assert code == 0 and "Đã sao lưu" in output, output
    assert count_units(tmp_path / "b.sqlite3") == 5
