"""The console demo, replayed from a script, as a newcomer would see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_demo(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": ""}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        cwd=tmp_path, env=env, input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_scripted_demo_links_and_lists_cells(tmp_path: Path) -> None:
    result = run_demo(
        tmp_path, "demo", "--script", str(ROOT / "examples/demo/link.txt"), "--date", "2026-03-10"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Before linking, a stranger learns only how to link.
    before, _, after = out.partition("> 0912 000 001")
    assert "chưa được liên kết" in before and "Chi bộ thôn" not in before
    assert "Xin chào đồng chí Nguyễn Văn An! Tài khoản đã được liên kết thành công." in after
    assert "Chi bộ thôn Đông — Đảng bộ xã Minh Hòa" in after
    assert "Buổi tới: Thứ Hai, 06/04/2026" in after  # day 5 falls on a Sunday in April
    assert "Buổi tới: Thứ Hai, 06/04/2026" in after
    assert "/trogiup" in after and out.rstrip().endswith("Tạm biệt!")
    assert (tmp_path / "data" / "demo.sqlite3").exists()


def test_without_a_token_run_starts_the_demo_on_the_keyboard(tmp_path: Path) -> None:
    result = run_demo(tmp_path, stdin="/start\n0912.000.001\n/thoat\n")
    assert result.returncode == 0, result.stderr
    assert "Bản chạy thử" in result.stdout
    assert "Nguyễn Văn An" in result.stdout and "Chi bộ thôn Tây" in result.stdout


def test_scripted_demo_runs_a_complete_report_and_shows_the_committee_copy(
    tmp_path: Path,
) -> None:
    script = str(ROOT / "examples/demo/report.txt")
    result = run_demo(tmp_path, "demo", "--script", script, "--date", "2026-03-06")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Số biên nhận: BC-2026-00001" in out
    committee = out.split("Nhóm chat Thường trực nhận được")[1]
    assert "BÁO CÁO DỰ SINH HOẠT CHI BỘ · số BC-2026-00001" in committee
    assert "Dự họp: 28/30 đảng viên (93%)" in committee
    assert "Đánh giá: ✅ Đạt chất lượng — 100 điểm, Tốt" in committee
    assert "⚠️" not in out  # the script answers every question right the first time


def test_fast_demo_plays_a_month_of_reminders_reports_and_an_overdue_notice(
    tmp_path: Path,
) -> None:
    result = run_demo(tmp_path, "demo", "--fast")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Everything the month holds, in the order it happens on the simulated clock.
    expected = [
        "Chủ nhật 01/03 08:00 — bot gửi đồng chí Nguyễn Văn An:",  # the day before
        "Thứ Hai 02/03 06:30 — bot gửi",  # 2 h before 07:30, moved out of the quiet hours
        "Thứ Hai 02/03 09:30 — bot gửi",  # the prompt to report
        "Số biên nhận: BC-2026-00001",
        "BÁO CÁO DỰ SINH HOẠT CHI BỘ · số BC-2026-00001",
        "Thứ Năm 05/03 17:30 — bot gửi",  # 2 h before thôn Đông's 19:30 meeting
        "Thứ Sáu 06/03 08:00 — bot gửi",  # the morning nudge
        "Thứ Bảy 07/03 16:30 — bot gửi",  # 3 h before the deadline
        "Thứ Bảy 07/03 19:30 — bot gửi",  # overdue
        "đã quá hạn",
        "Số biên nhận: BC-2026-00002",
        "Báo cáo được ghi nhận là nộp muộn.",  # and no promise of an amendment
        "Nộp muộn (hạn: Thứ Bảy, 07/03/2026, 19:30)",
    ]
    positions = [out.find(fragment) for fragment in expected]
    assert -1 not in positions, [f for f, p in zip(expected, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Thứ Hai 02/03 05:30" not in out  # nothing inside the quiet hours
    late_receipt = out[out.find("BC-2026-00002") :].split("\n\n")[0]
    assert "có thể sửa" not in late_receipt
