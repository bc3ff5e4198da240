"""Write the synthetic sample roster (roster.xlsx, chi_bo.csv, phan_cong.csv) from one list.

Run `.venv/bin/python examples/roster/make_sample.py`; all names and numbers are invented.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent

CELL_HEADER = ["Đảng bộ", "Chi bộ", "Số đảng viên", "Ngày họp", "Giờ họp", "Địa điểm", "Dời lịch"]
ASSIGNMENT_HEADER = [
    "Họ và tên",
    "Điện thoại",
    "Chức vụ, đơn vị công tác",
    "Đảng bộ",
    "Chi bộ",
    "Văn bản",
    "Từ ngày",
    "Đến ngày",
]

MINH_HOA = "Đảng bộ xã Minh Hòa"
AN_PHU = "Đảng bộ xã An Phú"
BINH_SON = "Đảng bộ thị trấn Bình Sơn"
THANH_LAM = "Đảng bộ xã Thanh Lâm"
HONG_PHONG = "Đảng bộ xã Hồng Phong"

# Đảng bộ, Chi bộ, Số đảng viên, Ngày họp, Giờ họp, Địa điểm, Dời lịch.
# A `time` becomes a real Excel time cell; a string stays as the admin would type it.
CELLS: list[tuple[str, str, int, int | str, str | time, str | None, str | None]] = [
    (MINH_HOA, "Chi bộ thôn Đông", 32, 5, "19h30", "Nhà văn hóa thôn Đông", None),
    (MINH_HOA, "Chi bộ thôn Tây", 28, "thứ 2 đầu tiên", "7h30", "Nhà văn hóa thôn Tây", None),
    (MINH_HOA, "Chi bộ Trường Tiểu học", 15, 3, time(14, 0), "Phòng họp nhà trường", None),
    (MINH_HOA, "Chi bộ Trạm Y tế", 8, 2, "14:00", None, "trước"),
    (AN_PHU, "Chi bộ xóm 1", 41, 1, "19h30", "Nhà văn hóa xóm 1", None),
    (AN_PHU, "Chi bộ xóm 2", 37, 2, "19h30", "Nhà văn hóa xóm 2", None),
    (AN_PHU, "Chi bộ xóm 3", 25, 3, "19h", None, None),
    (AN_PHU, "Chi bộ Trường THCS", 19, "thứ 6 cuối cùng", time(15, 30), "Thư viện trường", None),
    (BINH_SON, "Chi bộ khu phố 1", 60, 4, "19h30", "Nhà văn hóa khu phố 1", None),
    (BINH_SON, "Chi bộ khu phố 2", 54, 4, "19h30", "Nhà văn hóa khu phố 2", "sau"),
    (BINH_SON, "Chi bộ Công an thị trấn", 12, 1, "7h30", "Trụ sở Công an thị trấn", "không"),
    (BINH_SON, "Chi bộ Trường Mầm non", 10, 5, time(14, 0), None, None),
    (THANH_LAM, "Chi bộ thôn Thượng", 30, 2, "19h30", "Nhà văn hóa thôn Thượng", None),
    (THANH_LAM, "Chi bộ thôn Trung", 27, 3, "19h30", "Nhà văn hóa thôn Trung", None),
    (THANH_LAM, "Chi bộ thôn Hạ", 22, 3, "20h", "Nhà văn hóa thôn Hạ", None),
    (
        THANH_LAM,
        "Chi bộ Quân sự xã",
        9,
        "thứ 2 đầu tiên",
        "7h30",
        "Trụ sở Ban Chỉ huy Quân sự",
        None,
    ),
    (HONG_PHONG, "Chi bộ xóm Bãi", 35, 1, "19h30", None, None),
    (HONG_PHONG, "Chi bộ xóm Đồng", 33, 5, "19h30", "Nhà văn hóa xóm Đồng", None),
    (HONG_PHONG, "Chi bộ Hợp tác xã", 11, 4, "8h", "Văn phòng Hợp tác xã", "trước"),
    (HONG_PHONG, "Chi bộ Trường Tiểu học", 14, 2, time(14, 0), "Phòng họp nhà trường", None),
]

# Họ và tên, Điện thoại, Chức vụ, then the cells (index into CELLS) the cadre attends.
CADRES: list[tuple[str, str, str, list[int]]] = [
    ("Nguyễn Văn An", "0912 000 001", "Chuyên viên Ban Tổ chức", [0, 1]),
    ("Trần Thị Bình", "0912 000 002", "Chuyên viên Ban Tổ chức", [2, 3, 8]),
    ("Lê Văn Cường", "0912 000 003", "Chuyên viên Ban Tuyên giáo và Dân vận", [4, 5, 13]),
    ("Phạm Thị Dung", "0912 000 004", "Chuyên viên Ủy ban Kiểm tra", [6, 7]),
    ("Hoàng Văn Đức", "0912 000 005", "Phó Chánh Văn phòng", [8, 9]),
    ("Vũ Thị Hà", "0912 000 006", "Chuyên viên Văn phòng", [10, 11]),
    ("Đặng Văn Hải", "0912 000 007", "Chuyên viên Ban Tuyên giáo và Dân vận", [12, 13]),
    ("Bùi Thị Lan", "0912 000 008", "Chuyên viên Ủy ban Kiểm tra", [14, 15]),
    ("Đỗ Văn Minh", "0912 000 009", "Phó Trưởng Ban Tổ chức", [16, 17]),
    ("Ngô Thị Nga", "0912 000 010", "Chuyên viên Ban Tổ chức", [18, 19]),
]
DOCUMENT = "1301-CV/HU"
STARTS_ON = date(2026, 1, 1)
# Fixed file timestamps, so that running the script again gives the same bytes.
STAMP = datetime(2026, 1, 1)


def cell_rows() -> list[list[object]]:
    """The `Chi bộ` sheet as values, header excluded."""
    return [list(cell) for cell in CELLS]


def assignment_rows() -> list[list[object]]:
    """The `Phân công` sheet as values, header excluded."""
    rows: list[list[object]] = []
    for name, phone, position, cell_indexes in CADRES:
        for index in cell_indexes:
            unit, cell = CELLS[index][0], CELLS[index][1]
            rows.append([name, phone, position, unit, cell, DOCUMENT, STARTS_ON, None])
    return rows


def as_csv_text(value: object) -> str:
    """How the value reads in the CSV: Vietnamese date and time formats."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    # With a BOM, Excel opens the file as UTF-8 and shows the diacritics right.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[as_csv_text(value) for value in row] for row in rows])


def write_xlsx(path: Path) -> None:
    workbook = Workbook()
    cells_sheet = workbook.active
    assert cells_sheet is not None
    cells_sheet.title = "Chi bộ"
    assignments_sheet = workbook.create_sheet("Phân công")
    for sheet, header, rows in (
        (cells_sheet, CELL_HEADER, cell_rows()),
        (assignments_sheet, ASSIGNMENT_HEADER, assignment_rows()),
    ):
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for header_cell in sheet[1]:
            header_cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column_cells in sheet.iter_cols(min_row=2):
            for cell in column_cells:
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, time):
                    cell.number_format = "hh:mm"
        for column_cells in sheet.columns:
            width = max(len(as_csv_text(cell.value)) for cell in column_cells)
            letter = column_cells[0].column_letter
            sheet.column_dimensions[letter].width = min(width + 2, 45)
    workbook.properties.created = STAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_reproducibly(buffer.getvalue(), path)


def write_reproducibly(xlsx: bytes, path: Path) -> None:
    """Rewrite the zip with fixed entry times and a fixed `modified` property."""
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                modified = rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)"
                stamp = f"{STAMP:%Y-%m-%dT%H:%M:%SZ}".encode()
                data = re.sub(modified, rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(name, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)


def main() -> None:
    write_xlsx(HERE / "roster.xlsx")
    write_csv(HERE / "chi_bo.csv", CELL_HEADER, cell_rows())
    write_csv(HERE / "phan_cong.csv", ASSIGNMENT_HEADER, assignment_rows())
    print(f"Đã ghi {len(CELLS)} chi bộ, {len(assignment_rows())} phân công vào {HERE}")


if __name__ == "__main__":
    main()
