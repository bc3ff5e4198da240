"""The spreadsheet of the seeded March, read back with openpyxl and checked cell by cell."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.digest.compose import DigestBundle, collect
from bot.digest.spreadsheet import HEADER_ROW, XLSX_MEDIA_TYPE, SheetTitle, build_workbook
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
    """The table: the header row and what follows (the title rows are checked apart)."""
    return [tuple(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]


def day(d: int, m: int = 3) -> datetime:
    return datetime(2026, m, d)


def test_sheets_are_ready_to_print(workbook: Any) -> None:
    """Title rows, a frozen bold header with a filter, repeated on every landscape page that
    fits the width."""
    assert workbook.sheetnames == ["Tổng hợp", "Chi tiết", "Chưa báo cáo"]
    for sheet in workbook.worksheets:
        titles = [row[0] for row in sheet.iter_rows(max_row=4, values_only=True)]
        assert titles == ["THƯỜNG TRỰC CẤP ỦY",
                          f"{sheet.title} — báo cáo dự sinh hoạt chi bộ, tháng 03/2026",
                          "Lập lúc 07:30 03/04/2026", None]  # fmt: skip
        assert sheet["A1"].font.bold
        assert sheet.freeze_panes == "A6"
        assert all(cell.font.bold for cell in sheet[HEADER_ROW] if cell.value is not None)
        assert sheet.auto_filter.ref == f"A5:{sheet.cell(5, sheet.max_column).column_letter}" + (
            str(sheet.max_row)
        )
        assert sheet.print_title_rows == "$5:$5"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert all(sheet.column_dimensions[letter].width >= 6 for letter in "ABCDEFGH")


async def test_committee_name_in_the_title(db: Database) -> None:
    await seed_committee(db)
    config = replace(CONFIG, committee_name="BAN THƯỜNG VỤ ĐẢNG ỦY XÃ MINH HÒA")
    bundle = await collect(db, MARCH, config, now=NOW)
    book = load_workbook(BytesIO(bundle.workbook().content))
    assert book["Tổng hợp"]["A1"].value == "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ MINH HÒA"


def test_summary_sheet(workbook: Any) -> None:
    """One row per meeting that started in March, by unit then cell then date; the notes say
    why a report failed, measured value beside threshold."""
    sheet = workbook["Tổng hợp"]
    assert rows(sheet) == [
        ("STT", "Đảng bộ", "Chi bộ", "Số đảng viên", "Ngày họp", "Điểm", "Xếp loại", "Ghi chú"),
        (1, AN_PHU, "Chi bộ Trường THCS", 19, day(27), None, None,
         "Chưa báo cáo (quá hạn 5 ngày)"),
        (2, AN_PHU, "Chi bộ xóm 1", 41, day(1), 80, "Khá",
         "C3 Phát biểu 12 % < 30 % (Đã bổ sung)"),
        (3, AN_PHU, "Chi bộ xóm 2", 37, day(2), None, None, "Không tổ chức: Mất điện"),
        (4, AN_PHU, "Chi bộ xóm 2", 37, day(16), None, None, "Hoãn"),
        (5, MINH_HOA, "Chi bộ thôn Đông", 32, day(5), 100, "Tốt", None),
        (6, MINH_HOA, "Chi bộ thôn Tây", 28, day(2), 60, "Trung bình",
         "C1 Dự họp 75 % < 85 %; C3 Thời gian 80 phút < 90, Phát biểu 24 % < 30 % "
         "(Yêu cầu bổ sung)"),
        (7, MINH_HOA, "Chi bộ Trạm Y tế", 8, day(2), None, None,
         "Chưa báo cáo (quá hạn 30 ngày)"),
        (8, MINH_HOA, "Chi bộ Trạm Y tế", 8, day(30), None, None, "Không tổ chức (lịch đã hủy)"),
    ]  # fmt: skip
    assert sheet["E6"].is_date and sheet["E6"].number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["A"].width


def test_detail_sheet(workbook: Any) -> None:
    """One row per report; its facts (score, attendance as a percentage, duration, reasons),
    then one column per question (photos aside) headed by the question's short label."""
    sheet = workbook["Chi tiết"]
    table = rows(sheet)
    header = table[0]
    assert header[:15] == (
        "Số báo cáo", "Đảng bộ", "Chi bộ", "Ngày họp", "Cán bộ dự", "Thời điểm nộp",
        "Nộp muộn", "Trạng thái", "Lần gửi", "Đánh giá", "Điểm", "Xếp loại theo điểm",
        "Tỷ lệ dự họp", "Thời lượng (phút)", "Ghi chú",
    )  # fmt: skip
    assert header[15] == "Diễn ra"
    assert header[-1] == "Kiến nghị, đề xuất" and len(header) == 15 + 23
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
    assert tay[9:15] == ("Chưa đạt", 60, "Trung bình", 0.75, 80,
                         "C1 Dự họp 75 % < 85 %; C3 Thời gian 80 phút < 90, "
                         "Phát biểu 24 % < 30 %")  # fmt: skip
    assert tay[column["Diễn ra"]] == "Có, đã diễn ra"
    assert tay[column["Có mặt"]] == 21  # a number, not text
    assert tay[column["Kết thúc"]] == time(20, 50)  # a time, not text
    assert tay[column["Bí thư chuẩn bị"]] == "Có"
    assert tay[column["Các bước"]] == (
        "Khai mạc, điểm danh; Đánh giá nghị quyết tháng trước; Phương hướng tháng tới; "
        "Thảo luận; Biểu quyết; Kết luận"
    )
    assert tay[column["Chủ đề"]] is None  # not asked
    assert table[2][column["Kiến nghị, đề xuất"]] == AMENDED_PROPOSAL  # the latest revision
    cuong = table[3]
    assert cuong[9] is None and cuong[column["Lý do"]] == "Mất điện"
    assert sheet["D6"].number_format == "DD/MM/YYYY"
    assert sheet["F6"].is_date and sheet["F6"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["M10"].number_format == "0%"
    end = sheet.cell(10, column["Kết thúc"] + 1)
    assert end.is_date and end.number_format == "HH:MM"


def test_missing_sheet(workbook: Any) -> None:
    assert rows(workbook["Chưa báo cáo"]) == [
        ("STT", "Đảng bộ", "Chi bộ", "Ngày họp", "Cán bộ dự", "Điện thoại", "Hạn báo cáo",
         "Số ngày quá hạn"),
        (1, AN_PHU, "Chi bộ Trường THCS", day(27), "Phạm Thị Dung", "0912 000 004",
         datetime(2026, 3, 29, 15, 30), 5),
        (2, MINH_HOA, "Chi bộ Trạm Y tế", day(2), "Trần Thị Bình", "0912 000 002",
         datetime(2026, 3, 4, 14, 0), 30),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","bấm")', "+84 912", "-1", "@SUM(A1)", "\tcmd", "\r=1+1"],
)
def test_typed_text_is_never_a_formula(march: DigestBundle, typed: str) -> None:
    """Text starting with what a spreadsheet may read as a formula stays text; control
    characters Excel rejects are dropped."""
    data = march.data
    assert data is not None
    tricky = []
    for item in data.expectations:
        report = item.report
        if report is not None and report.outcome == "held":
            report = replace(report, answers={**report.answers, "proposals": typed + "\x07"})
        tricky.append(replace(item, report=report))
    content = build_workbook(replace(data, expectations=tuple(tricky)),
                             march.digest.current, CONFIG.questionnaire, TZ,
                             SheetTitle("X", "tháng 03/2026", datetime(2026, 4, 3)))  # fmt: skip
    sheet = load_workbook(BytesIO(content))["Chi tiết"]
    cell = sheet.cell(row=HEADER_ROW + 2, column=38)  # Bình's held report, «Kiến nghị»
    assert cell.value == typed and cell.data_type == "s"
