"""The console demo, replayed from a script, as a newcomer would see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

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


def test_the_demo_plays_the_committee_too(tmp_path: Path) -> None:
    """After a report, /vaitro makes the newcomer a committee member: the forward's
    «Yêu cầu bổ sung», /tonghop, /chuanop, /xuat and the leaders' help; /vaitro goes back."""
    script = str(ROOT / "examples/demo/committee.txt")
    result = run_demo(tmp_path, "demo", "--script", script, "--date", "2026-03-06")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    forward = out.split("Nhóm chat Thường trực nhận được")[1]
    assert "  1. Yêu cầu bổ sung" in forward
    committee = out.split("> /vaitro")[1]
    assert committee.lstrip().startswith("👥 Bây giờ đồng chí là thành viên nhóm chat")
    assert "xin ghi nội dung yêu cầu bổ sung báo cáo số BC-2026-00001" in committee
    assert "đã chuyển sang «yêu cầu bổ sung»" in committee
    assert "📊 TỔNG HỢP SINH HOẠT CHI BỘ\ntháng 03/2026" in committee
    assert "(tệp đính kèm: bieu_do_2026-03.png)" in committee
    assert "(tệp đính kèm: xu_huong_2026-03.png)" in committee
    assert "📋 CHƯA BÁO CÁO" in committee and "🔔 Nhắc: Nguyễn Văn An" in committee
    assert "(tệp đính kèm: bao_cao_2026-03.xlsx)" in committee
    assert "Các lệnh của Thường trực:" in committee
    back = out.split("> /vaitro")[2]
    assert "lại là cán bộ Nguyễn Văn An" in back and "Lịch sinh hoạt chi bộ" in back


def test_digest_and_export_as_of_a_day_on_the_demo_database(tmp_path: Path) -> None:
    script = str(ROOT / "examples/demo/report.txt")
    assert run_demo(tmp_path, "demo", "--script", script, "--date", "2026-03-06").returncode == 0
    env = {"DATABASE_URL": "sqlite+aiosqlite:///data/demo.sqlite3"}
    digest = run_cli(tmp_path, env, "digest", "--month", "2026-03", "--as-of", "2026-04-03",
                     "--out", "out")  # fmt: skip
    assert digest.returncode == 0, digest.stderr
    text = (tmp_path / "out" / "digest.txt").read_text(encoding="utf-8")
    assert "Số liệu tính đến 23:59 ngày 03/04" in text and "Đã nhận 1/22 báo cáo" in text
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "digest.txt", "chart.png", "trend.png", "bao_cao.xlsx"
    }  # fmt: skip
    export = run_cli(tmp_path, env, "export", "--month", "2026-03", "--as-of", "2026-04-03",
                     "--out", "thang3.xlsx")  # fmt: skip
    assert export.returncode == 0, export.stderr
    book = load_workbook(tmp_path / "thang3.xlsx")
    assert book["Tổng hợp"]["A3"].value == "Lập lúc 23:59 03/04/2026"
    bad = run_cli(tmp_path, env, "export", "--month", "2026-03", "--as-of", "03/04/2026",
                  "--out", "x.xlsx")  # fmt: skip
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def run_cli(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", ""), "TELEGRAM_BOT_TOKEN": "", **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        cwd=tmp_path, env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
