"""The spreadsheet of the seeded March, read back with openpyxl and checked cell by cell."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.digest.compose import DigestBundle, collect
from bot.digest.spreadsheet import XLSX_MEDIA_TYPE, build_workbook
from storage.db import Database
from tests.test_digest_aggregate import CONFIG, MARCH
from tests.test_digest_fixtures import AMENDED_PROPOSAL, AN_PHU, MINH_HOA, NOW, TZ, seed_committee


@pytest.fixture
async def march(db: Database) -> DigestBundle:
    await seed_committee(db)
    return await collect(db, MARCH, CONFIG, now=NOW)


@pytest.fixture
def workbook(march: DigestBundle) -> Any:
    attachment = march.workbook()
    assert attachment.media_type == XLSX_MEDIA_TYPE
    assert attachment.filename == "bao_cao_2026-03.xlsx"
    return load_workbook(BytesIO(attachment.content))


def rows(sheet: Any) -> list[tuple[object, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def day(d: int, m: int = 3) -> datetime:
    return datetime(2026, m, d)


def test_three_sheets_with_frozen_headers(workbook: Any) -> None:
    assert workbook.sheetnames == ["Tổng hợp", "Chi tiết", "Chưa báo cáo"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])


def test_summary_sheet(workbook: Any) -> None:
    """One row per meeting that started in March, by unit then cell then date."""
    sheet = workbook["Tổng hợp"]
    assert rows(sheet) == [
        ("STT", "Đảng bộ", "Chi bộ", "Số đảng viên", "Ngày họp", "Xếp loại", "Ghi chú"),
        (1, AN_PHU, "Chi bộ Trường THCS", 19, day(27), None, "Chưa báo cáo (quá hạn 5 ngày)"),
        (2, AN_PHU, "Chi bộ xóm 1", 41, day(1), "Khá", "C3 Các bước và nội dung (Đã bổ sung)"),
        (3, AN_PHU, "Chi bộ xóm 2", 37, day(2), None, "Không tổ chức: Mất điện"),
        (4, AN_PHU, "Chi bộ xóm 2", 37, day(16), None, "Hoãn"),
        (5, MINH_HOA, "Chi bộ thôn Đông", 32, day(5), "Tốt", None),
        (6, MINH_HOA, "Chi bộ thôn Tây", 28, day(2), "Trung bình",
         "C1 Tỷ lệ đảng viên dự họp; C3 Các bước và nội dung (Yêu cầu bổ sung)"),
        (7, MINH_HOA, "Chi bộ Trạm Y tế", 8, day(2), None, "Chưa báo cáo (quá hạn 30 ngày)"),
        (8, MINH_HOA, "Chi bộ Trạm Y tế", 8, day(30), None, "Không tổ chức (lịch đã hủy)"),
    ]  # fmt: skip
    assert sheet["E2"].is_date and sheet["E2"].number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["G"].width > sheet.column_dimensions["A"].width


def test_detail_sheet(workbook: Any) -> None:
    """One row per report; after the report's facts one column per question (photos aside)."""
    sheet = workbook["Chi tiết"]
    table = rows(sheet)
    header = table[0]
    assert header[:13] == (
        "Số báo cáo", "Đảng bộ", "Chi bộ", "Ngày họp", "Cán bộ dự", "Thời điểm nộp",
        "Nộp muộn", "Trạng thái", "Lần gửi", "Đánh giá", "Điểm", "Xếp loại theo điểm",
        "Tiêu chí chưa đạt",
    )  # fmt: skip
    assert header[13] == "Buổi sinh hoạt chi bộ có diễn ra không?"
    assert header[-1] == "Kiến nghị, đề xuất của đồng chí?" and len(header) == 13 + 23
    column = {name: index for index, name in enumerate(header)}
    assert [(r[0], r[2], r[4], r[7], r[8]) for r in table[1:]] == [
        ("BC-2026-00008", "Chi bộ xóm 1", "Phạm Thị Dung", "Đã gửi", 1),
        ("BC-2026-00007", "Chi bộ xóm 1", "Trần Thị Bình", "Đã bổ sung", 2),
        ("BC-2026-00009", "Chi bộ xóm 2", "Lê Văn Cường", "Đã gửi", 1),
        ("BC-2026-00005", "Chi bộ thôn Đông", "Nguyễn Văn An", "Đã gửi", 1),
        ("BC-2026-00006", "Chi bộ thôn Tây", "Nguyễn Văn An", "Yêu cầu bổ sung", 1),
    ]
    tay = table[5]
    assert tay[3] == day(2) and tay[5] == datetime(2026, 3, 5, 7, 30) and tay[6] == "Có"
    assert tay[9:13] == ("Chưa đạt", 60, "Trung bình",
                         "C1 Tỷ lệ đảng viên dự họp; C3 Các bước và nội dung")  # fmt: skip
    assert tay[column["Buổi sinh hoạt chi bộ có diễn ra không?"]] == "Có, đã diễn ra"
    assert tay[column["Bao nhiêu đảng viên có mặt?"]] == 21  # a number, not text
    assert tay[column["Buổi sinh hoạt kết thúc lúc mấy giờ?"]] == "20:50"
    assert tay[column["Bí thư (phó bí thư) có trực tiếp chuẩn bị nội dung không?"]] == "Có"
    assert tay[column["Buổi sinh hoạt đã thực hiện những bước nào?"]] == (
        "Khai mạc, điểm danh; Đánh giá nghị quyết tháng trước; Phương hướng tháng tới; "
        "Thảo luận; Biểu quyết; Kết luận"
    )
    assert tay[column["Chủ đề sinh hoạt chuyên đề là gì?"]] is None  # not asked
    # the latest revision
    assert table[2][column["Kiến nghị, đề xuất của đồng chí?"]] == AMENDED_PROPOSAL
    cuong = table[3]
    assert cuong[9] is None and cuong[column["Lý do là gì?"]] == "Mất điện"
    assert sheet["F2"].number_format == "DD/MM/YYYY HH:MM"


def test_missing_sheet(workbook: Any) -> None:
    assert rows(workbook["Chưa báo cáo"]) == [
        ("STT", "Đảng bộ", "Chi bộ", "Ngày họp", "Cán bộ dự", "Điện thoại", "Hạn báo cáo",
         "Số ngày quá hạn"),
        (1, AN_PHU, "Chi bộ Trường THCS", day(27), "Phạm Thị Dung", "0912 000 004",
         datetime(2026, 3, 29, 15, 30), 5),
        (2, MINH_HOA, "Chi bộ Trạm Y tế", day(2), "Trần Thị Bình", "0912 000 002",
         datetime(2026, 3, 4, 14, 0), 30),
    ]  # fmt: skip


def test_typed_text_is_never_a_formula(march: DigestBundle) -> None:
    """A proposal starting with «=» stays text; control characters Excel rejects are dropped."""
    data = march.data
    tricky = []
    for item in data.expectations:
        report = item.report
        if report is not None and report.outcome == "held":
            answers = {**report.answers, "proposals": '=HYPERLINK("http://x","bấm")\x07'}
            report = replace(report, answers=answers)
        tricky.append(replace(item, report=report))
    content = build_workbook(replace(data, expectations=tuple(tricky)),
                             march.digest.current, CONFIG.questionnaire, TZ)  # fmt: skip
    sheet = load_workbook(BytesIO(content))["Chi tiết"]
    cell = sheet.cell(row=2 + 1, column=36)  # Bình's held report, «Kiến nghị, đề xuất»
    assert cell.value == '=HYPERLINK("http://x","bấm")' and cell.data_type == "s"
