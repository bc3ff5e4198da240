"""The streaming .xlsx reader on workbooks as Excel writes them (shared strings, date styles)."""

from __future__ import annotations

import zipfile
from datetime import datetime, time
from pathlib import Path

from openpyxl import Workbook

from bot.xlsx_stream import XlsxWorkbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def excel_like(
    path: Path,
    sheet_xml: str,
    *,
    shared: list[str] = [],  # noqa: B006 - never mutated
    shared_xml: str | None = None,
    date1904: bool = False,
) -> Path:
    """A workbook laid out as Excel saves it: one sheet, shared strings, date styles 1 and 2."""
    strings = shared_xml or "".join(f"<si><t>{text}</t></si>" for text in shared)
    parts = {
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<workbookPr date1904="{int(date1904)}"/>'
            '<sheets><sheet name="Phân công" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="20"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def rows_of(path: Path, sheet: str = "Phân công") -> list[tuple[int, tuple[object, ...]]]:
    workbook = XlsxWorkbook(path)
    try:
        return [(number, tuple(values)) for number, values in workbook.rows(sheet)]
    finally:
        workbook.close()


def test_shared_strings_numbers_dates_times_and_booleans(tmp_path: Path) -> None:
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><v>912000001</v></c><c r="B3" s="1"><v>46023</v></c>'
        '<c r="C3" s="2"><v>0.8125</v></c><c r="D3" t="b"><v>1</v></c>'
        '<c r="E3"><v>2.5</v></c><c r="F3" t="str"><f>A1</f><v>Họ tên</v></c></row>'
    )
    path = excel_like(tmp_path / "excel.xlsx", sheet, shared=["Họ tên", "Số điện thoại"])
    assert rows_of(path) == [
        (1, ("Họ tên", None, "Số điện thoại")),
        (3, (912000001, datetime(2026, 1, 1), time(19, 30), True, 2.5, "Họ tên")),
    ]


def test_rich_text_runs_are_joined_and_phonetic_hints_left_out(tmp_path: Path) -> None:
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    rich = (
        "<si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r><rPh><t>ignored</t></rPh></si>"
    )
    path = excel_like(tmp_path / "rich.xlsx", sheet, shared_xml=rich)
    assert rows_of(path) == [(1, ("Nguyễn Văn An",))]


def test_the_1904_calendar_and_cells_without_references(tmp_path: Path) -> None:
    sheet = '<row><c s="1"><v>44561</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    path = excel_like(tmp_path / "mac.xlsx", sheet, date1904=True)
    assert rows_of(path) == [(1, (datetime(2026, 1, 1), "x"))]


def test_namespace_prefixes_are_understood(tmp_path: Path) -> None:
    sheet = '<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>'
    path = excel_like(tmp_path / "prefixed.xlsx", sheet, shared=["SĐT"])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{sheet}</x:sheetData></x:worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert rows_of(path) == [(2, (None, "SĐT"))]


def test_what_openpyxl_writes_reads_back_the_same(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Phân công"
    sheet.append(["Họ và tên", 25, 2.5, datetime(2026, 3, 5), time(7, 30), True, None, "x"])
    workbook.save(tmp_path / "openpyxl.xlsx")
    assert rows_of(tmp_path / "openpyxl.xlsx") == [
        (1, ("Họ và tên", 25, 2.5, datetime(2026, 3, 5), time(7, 30), True, None, "x"))
    ]
