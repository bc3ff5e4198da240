"""`python bot.py digest …` and `python bot.py export …` on the seeded committee."""

from __future__ import annotations

import io
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import build_parser
from bot.clock import FakeClock
from bot.digest.periods import month_period
from bot.digest_commands import digest_command, export_command
from bot.settings import Settings
from storage.db import Database
from tests.test_digest_chart import png_size
from tests.test_digest_fixtures import NOW, seed_committee

MARCH = month_period(2026, 3)


def test_the_arguments() -> None:
    args = build_parser().parse_args(
        ["digest", "--month", "2026-03", "--unit", "Minh Hòa", "--out", "out"]
    )
    assert (args.command, args.month, args.unit, args.out) == (
        "digest", MARCH, "Minh Hòa", Path("out")
    )  # fmt: skip
    args = build_parser().parse_args(["export", "--month", "2026-03", "--out", "march.xlsx"])
    assert (args.command, args.month, args.out) == ("export", MARCH, Path("march.xlsx"))


def test_a_bad_month_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--month", "2026-13", "--out", "x.xlsx"])
    assert "Tháng không hợp lệ: «2026-13». Ghi dạng YYYY-MM" in capsys.readouterr().err


async def test_digest_writes_text_chart_and_spreadsheet(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    await seed_committee(db)
    out, stdout = tmp_path / "digest", io.StringIO()
    code = await digest_command(settings, MARCH, None, out, clock=FakeClock(NOW), stdout=stdout)
    assert code == 0 and stdout.getvalue().startswith("Đã ghi: ")
    text = (out / "digest.txt").read_text(encoding="utf-8")
    assert text.startswith("📊 TỔNG HỢP SINH HOẠT CHI BỘ\ntháng 03/2026\n")  # no tags
    assert "📨 Đã nhận 5/7 báo cáo (71%) · ▲ 2 so với tháng trước" in text
    assert "• Trần Thị Bình — Chi bộ Trạm Y tế, 02/03, quá hạn 30 ngày" in text
    assert "«Tăng cường <b>kiểm tra</b> & giám sát»" in text  # unescaped for a text file
    assert png_size((out / "chart.png").read_bytes())[0] > 0
    assert png_size((out / "trend.png").read_bytes())[0] > 0  # the 12-month trend
    book = load_workbook(BytesIO((out / "bao_cao.xlsx").read_bytes()))
    # four title rows and the header, then one row per report / missing report
    assert book["Chi tiết"].max_row == 5 + 5 and book["Chưa báo cáo"].max_row == 5 + 2


async def test_digest_of_one_unit(db: Database, settings: Settings, tmp_path: Path) -> None:
    await seed_committee(db)
    clock = FakeClock(NOW)
    assert await digest_command(settings, MARCH, "minh hoa", tmp_path, clock=clock,
                                stdout=io.StringIO()) == 0  # fmt: skip
    text = (tmp_path / "digest.txt").read_text(encoding="utf-8")
    assert "Phạm vi: Đảng bộ xã Minh Hòa" in text and "Đã nhận 2/3 báo cáo" in text
    err = io.StringIO()
    assert await digest_command(settings, MARCH, "Thanh Lâm", tmp_path, clock=clock, err=err) == 1
    assert err.getvalue() == (
        "Không tìm thấy đảng bộ «Thanh Lâm». Các đảng bộ: Đảng bộ xã An Phú, Đảng bộ xã Minh Hòa.\n"
    )


async def test_export_writes_the_spreadsheet(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    await seed_committee(db)
    target = tmp_path / "exports" / "thang3.xlsx"
    stdout = io.StringIO()
    assert await export_command(settings, MARCH, target, clock=FakeClock(NOW), stdout=stdout) == 0
    assert stdout.getvalue() == f"Đã ghi bảng tính: {target}\n"
    assert load_workbook(target).sheetnames == ["Tổng hợp", "Chi tiết", "Chưa báo cáo"]
