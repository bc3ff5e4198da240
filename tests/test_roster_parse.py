"""Reading and validating the roster: headers, CSV and xlsx quirks, every problem in Vietnamese."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.meeting_rules import HolidayShift, MeetingRule
from bot.roster import (
    MAX_DOCUMENT,
    MAX_NAME,
    MAX_PLACE,
    MAX_POSITION,
    Roster,
    RosterAssignment,
    RosterCadre,
    RosterCell,
    RosterInvalid,
    RosterUnreadable,
    load_roster,
    parse_date,
    parse_member_count,
    parse_phone,
    parse_time,
)
from bot.roster_headers import SPECS, SYNONYMS, header_key
from storage.tables import assignments, cadres, cells, units

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
POSITION = "Chuyên viên Ban Tổ chức"
DOC = "1301-CV/HU"

Rows = list[list[object]]
Grid = Sequence[Sequence[object]]  # what the file writers accept

CELL_ROWS: Rows = [
    [MINH_HOA, "Chi bộ thôn Đông", 32, 5, "19h30", "Nhà văn hóa thôn Đông", ""],
    [MINH_HOA, "Chi bộ thôn Tây", 28, "thứ 2 đầu tiên", "7h30", "", "trước"],
    [AN_PHU, "Chi bộ xóm 3", 25, 3, "14:00", "", "không"],
]
ASSIGNMENT_ROWS: Rows = [
    [
        "Nguyễn Văn An",
        "0912 000 001",
        POSITION,
        MINH_HOA,
        "Chi bộ thôn Đông",
        DOC,
        "01/01/2026",
        "",
    ],
    ["Nguyễn Văn An", "0912 000 001", POSITION, MINH_HOA, "Chi bộ thôn Tây", DOC, "01/01/2026", ""],
    ["Trần Thị Bình", "0912 000 002", POSITION, AN_PHU, "Chi bộ xóm 3", "", "", "31/12/2026"],
]
START = date(2026, 1, 1)
EXPECTED = Roster(
    units=(MINH_HOA, AN_PHU),
    cells=(
        RosterCell(
            MINH_HOA,
            "Chi bộ thôn Đông",
            32,
            MeetingRule(day=5),
            time(19, 30),
            "Nhà văn hóa thôn Đông",
            HolidayShift.NEXT,
        ),
        RosterCell(
            MINH_HOA,
            "Chi bộ thôn Tây",
            28,
            MeetingRule(weekday=0, nth=1),
            time(7, 30),
            None,
            HolidayShift.PREVIOUS,
        ),
        RosterCell(
            AN_PHU, "Chi bộ xóm 3", 25, MeetingRule(day=3), time(14), None, HolidayShift.KEEP
        ),
    ),
    cadres=(
        RosterCadre("Nguyễn Văn An", "+84912000001", POSITION),
        RosterCadre("Trần Thị Bình", "+84912000002", POSITION),
    ),
    assignments=(
        RosterAssignment("+84912000001", MINH_HOA, "Chi bộ thôn Đông", DOC, START, None),
        RosterAssignment("+84912000001", MINH_HOA, "Chi bộ thôn Tây", DOC, START, None),
        RosterAssignment("+84912000002", AN_PHU, "Chi bộ xóm 3", None, None, date(2026, 12, 31)),
    ),
)


def write_xlsx(path: Path, sheets: dict[str, Grid]) -> Path:
    """A workbook with one sheet per entry, rows written as given (first row = header)."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def roster_xlsx(
    tmp_path: Path,
    cell_rows: Grid = CELL_ROWS,
    assignment_rows: Grid = ASSIGNMENT_ROWS,
    *,
    cell_header: list[str] = CELL_HEADER,
    assignment_header: list[str] = ASSIGNMENT_HEADER,
    titles: tuple[str, str] = ("Chi bộ", "Phân công"),
) -> Path:
    return write_xlsx(
        tmp_path / "roster.xlsx",
        {titles[0]: [cell_header, *cell_rows], titles[1]: [assignment_header, *assignment_rows]},
    )


def write_csv(path: Path, rows: Grid, *, delimiter: str = ",", bom: bool = True) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(
            [["" if value is None else str(value) for value in row] for row in rows]
        )


def roster_csv(
    tmp_path: Path,
    cell_rows: Grid = CELL_ROWS,
    assignment_rows: Grid = ASSIGNMENT_ROWS,
    *,
    delimiter: str = ",",
    bom: bool = True,
    assignment_header: list[str] = ASSIGNMENT_HEADER,
) -> Path:
    folder = tmp_path / "roster"
    folder.mkdir(exist_ok=True)
    write_csv(folder / "chi_bo.csv", [CELL_HEADER, *cell_rows], delimiter=delimiter, bom=bom)
    write_csv(
        folder / "phan_cong.csv",
        [assignment_header, *assignment_rows],
        delimiter=delimiter,
        bom=bom,
    )
    return folder


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RosterInvalid) as caught:
        load_roster(path)
    return [str(problem) for problem in caught.value.problems]


# --- reading ---------------------------------------------------------------------------


def test_a_valid_xlsx_gives_the_roster(tmp_path: Path) -> None:
    assert load_roster(roster_xlsx(tmp_path)) == EXPECTED


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom_and_either_delimiter(
    tmp_path: Path, delimiter: str, bom: bool
) -> None:
    folder = roster_csv(tmp_path, delimiter=delimiter, bom=bom)
    assert (folder / "chi_bo.csv").read_bytes().startswith(b"\xef\xbb\xbf") == bom
    assert load_roster(folder) == EXPECTED


def test_headers_and_sheet_names_match_without_case_or_diacritics(tmp_path: Path) -> None:
    cell_header = [
        "DANG BO",
        "chi bo",
        "So dang vien",
        "NGÀY HỌP",
        "gio hop",
        "Dia diem",
        "DOI LICH",
    ]
    assignment_header = [
        "ho va ten",
        "DIEN THOAI",
        "Chuc vu - don vi cong tac",
        "ĐẢNG BỘ",
        "Chi Bo",
        "van ban",
        "TU NGAY",
        "den ngay",
    ]
    path = roster_xlsx(
        tmp_path,
        cell_header=cell_header,
        assignment_header=assignment_header,
        titles=("CHI BO", "phan cong"),
    )
    assert load_roster(path) == EXPECTED


def test_headers_as_offices_write_them(tmp_path: Path) -> None:
    cell_header = ["Tên đảng bộ", "Tên chi bộ", "Số ĐV", "Ngày sinh hoạt", "Giờ sinh hoạt"]
    cell_header += ["Nơi họp", "Dời lịch"]
    assignment_header = ["Họ tên", "Số điện thoại", "Chức vụ", "Đảng bộ", "Tên chi bộ"]
    assignment_header += ["Số văn bản", "Ngày bắt đầu", "Ngày kết thúc"]
    path = roster_xlsx(tmp_path, cell_header=cell_header, assignment_header=assignment_header)
    assert load_roster(path) == EXPECTED


@pytest.mark.parametrize(
    "phone_title", ["Số điện thoại", "SĐT", "sdt", "Điện thoại di động", "SỐ ĐIỆN THOẠI"]
)
def test_the_usual_phone_titles_are_the_phone_column(tmp_path: Path, phone_title: str) -> None:
    header = [phone_title if title == "Điện thoại" else title for title in ASSIGNMENT_HEADER]
    assert load_roster(roster_csv(tmp_path, assignment_header=header)) == EXPECTED


def test_no_title_stands_for_two_columns() -> None:
    for spec in SPECS:
        titles = [
            header_key(title)
            for column in spec.columns
            for title in (column, *SYNONYMS.get(column, ()))
        ]
        assert len(titles) == len(set(titles)), spec.name
        assert set(spec.titles().values()) == set(spec.columns)


def test_a_synonym_and_the_template_title_together_are_a_repeated_column(tmp_path: Path) -> None:
    header = [*ASSIGNMENT_HEADER, "SĐT"]
    rows: Rows = [[*row, "0912 000 009"] for row in ASSIGNMENT_ROWS]
    path = roster_xlsx(tmp_path, assignment_rows=rows, assignment_header=header)
    assert problems_of(path) == ["Phân công, dòng 1, Điện thoại: cột bị lặp lại"]


def test_extra_columns_any_order_and_empty_rows_are_fine(tmp_path: Path) -> None:
    header = ["STT", *reversed(CELL_HEADER)]
    rows: Rows = [[i + 1, *reversed(row)] for i, row in enumerate(CELL_ROWS)]
    rows.insert(1, [None] * len(header))
    rows.insert(2, ["   ", "", None, "", "", "", "", ""])
    path = roster_xlsx(tmp_path, rows, cell_header=header)
    assert load_roster(path) == EXPECTED


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    cell_rows: Rows = [row[:5] for row in CELL_ROWS]
    assignment_rows: Rows = [row[:5] for row in ASSIGNMENT_ROWS]
    path = roster_xlsx(
        tmp_path,
        cell_rows,
        assignment_rows,
        cell_header=CELL_HEADER[:5],
        assignment_header=ASSIGNMENT_HEADER[:5],
    )
    roster = load_roster(path)
    assert {cell.holiday_shift for cell in roster.cells} == {HolidayShift.NEXT}
    assert {cell.place for cell in roster.cells} == {None}
    assert {(a.document_ref, a.starts_on, a.ends_on) for a in roster.assignments} == {
        (None, None, None)
    }


def test_xlsx_numbers_dates_and_times_as_excel_stores_them(tmp_path: Path) -> None:
    cell_rows: Rows = [
        [MINH_HOA, "Chi bộ thôn Đông", 32.0, 5.0, time(19, 30), "Nhà văn hóa thôn Đông", None],
        [
            MINH_HOA,
            "Chi bộ thôn Tây",
            28,
            "thứ 2 đầu tiên",
            datetime(1900, 1, 1, 7, 30),
            None,
            "trước",
        ],
        [AN_PHU, "Chi bộ xóm 3", 25, 3, 14.0, None, "Không"],
    ]
    assignment_rows: Rows = [
        ["Nguyễn Văn An", 912000001, POSITION, MINH_HOA, "Chi bộ thôn Đông", DOC, START, None],
        [
            "Nguyễn Văn An",
            84912000001,
            POSITION,
            MINH_HOA,
            "Chi bộ thôn Tây",
            DOC,
            datetime(2026, 1, 1),
            None,
        ],
        ["Trần Thị Bình", 912000002.0, POSITION, AN_PHU, "Chi bộ xóm 3", None, None, "2026-12-31"],
    ]
    assert load_roster(roster_xlsx(tmp_path, cell_rows, assignment_rows)) == EXPECTED


def test_names_are_nfc_trimmed_and_matched_by_folded_spelling(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Văn  An ")
    cell_rows: Rows = [
        [" Đảng bộ xã  Minh Hòa ", "Chi bộ   thôn Đông", 32, 5, "19h30", "", ""],
        # The same unit spelled another way in a later row keeps the first spelling.
        ["ĐẢNG BỘ XÃ MINH HOÀ", "Chi bộ thôn Tây", 28, 5, "19h30", "", ""],
    ]
    assignment_rows: Rows = [
        [decomposed, "0912 000 001", "", "dang bo xa minh hoa", "CHI BO THON DONG", "", "", ""],
        ["Nguyễn Văn An", "0912 000 001", "", "Đảng bộ xã Minh Hoà", "chi bộ thôn tây", "", "", ""],
    ]
    roster = load_roster(roster_xlsx(tmp_path, cell_rows, assignment_rows))
    assert roster.units == (MINH_HOA,)
    assert [cell.name for cell in roster.cells] == ["Chi bộ thôn Đông", "Chi bộ thôn Tây"]
    assert roster.cadres == (RosterCadre("Nguyễn Văn An", "+84912000001", None),)
    assert roster.cadres[0].name == unicodedata.normalize("NFC", "Nguyễn Văn An")
    assert [(a.unit, a.cell) for a in roster.assignments] == [
        (MINH_HOA, "Chi bộ thôn Đông"),
        (MINH_HOA, "Chi bộ thôn Tây"),
    ]


def test_four_spellings_of_one_phone_are_one_cadre(tmp_path: Path) -> None:
    cell_rows: Rows = [
        [MINH_HOA, f"Chi bộ xóm {n}", 10 + n, n, "19h30", "", ""] for n in range(1, 5)
    ]
    spellings = ["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"]
    assignment_rows: Rows = [
        ["Nguyễn Văn An", phone, POSITION, MINH_HOA, f"Chi bộ xóm {n}", "", "", ""]
        for n, phone in enumerate(spellings, start=1)
    ]
    roster = load_roster(roster_csv(tmp_path, cell_rows, assignment_rows))
    assert roster.cadres == (RosterCadre("Nguyễn Văn An", "+84912345678", POSITION),)
    assert {a.phone for a in roster.assignments} == {"+84912345678"}
    assert len(roster.assignments) == 4


def test_the_same_cell_name_in_two_units_is_two_cells(tmp_path: Path) -> None:
    cell_rows: Rows = [
        [MINH_HOA, "Chi bộ Trường Tiểu học", 15, 3, "14:00", "", ""],
        [AN_PHU, "Chi bộ Trường Tiểu học", 14, 2, "14:00", "", ""],
    ]
    roster = load_roster(roster_xlsx(tmp_path, cell_rows, []))
    assert [(cell.unit, cell.name) for cell in roster.cells] == [
        (MINH_HOA, "Chi bộ Trường Tiểu học"),
        (AN_PHU, "Chi bộ Trường Tiểu học"),
    ]


@pytest.mark.parametrize("written", ["05/09/2026", "5/9/2026", "2026-09-05", "05.09.2026"])
def test_dates_as_people_type_them(written: str) -> None:
    assert parse_date(written) == date(2026, 9, 5)


def test_value_converters_accept_what_excel_gives() -> None:
    assert parse_date(datetime(2026, 9, 5, 0, 0)) == date(2026, 9, 5)
    assert parse_member_count(25.0) == parse_member_count("25") == parse_member_count(25) == 25
    assert parse_phone(912345678) == parse_phone(912345678.0) == "+84912345678"
    assert (
        parse_time("19:30:00") == parse_time(19.3) == parse_time(time(19, 30, 15)) == time(19, 30)
    )


def test_length_limits_match_the_tables() -> None:
    assert units.c.name.type.length == cells.c.name.type.length == MAX_NAME  # type: ignore[attr-defined]
    assert cadres.c.full_name.type.length == MAX_NAME  # type: ignore[attr-defined]
    assert cells.c.place.type.length == MAX_PLACE  # type: ignore[attr-defined]
    assert cadres.c.position.type.length == MAX_POSITION  # type: ignore[attr-defined]
    assert assignments.c.document_ref.type.length == MAX_DOCUMENT  # type: ignore[attr-defined]


# --- problems ----------------------------------------------------------------------------

BAD_CELL_ROWS: Rows = [
    [MINH_HOA, "Chi bộ thôn Đông", 32, 5, "19h30", "", ""],
    [MINH_HOA, "Chi bộ thôn Tây", 0, "thứ 9 đầu tiên", "25h", "", "giữa"],
    ["dang bo xa minh hoa", "CHI BO THON DONG", 10, 1, "7h", "", ""],
    ["", "Chi bộ xóm 1", "", "", "", "", ""],
    [AN_PHU, "Chi bộ xóm 2", "12,5", 32, "19h30", "", ""],
]
BAD_ASSIGNMENT_ROWS: Rows = [
    [
        "Nguyễn Văn An",
        "0912 000 001",
        POSITION,
        MINH_HOA,
        "Chi bộ thôn Đông",
        DOC,
        "01/01/2026",
        "",
    ],
    ["Nguyễn Văn An", "+84 912 000 001", POSITION, MINH_HOA, "chi bo thon dong", "", "", ""],
    ["Trần Thị Bình", "84912000001", POSITION, MINH_HOA, "Chi bộ thôn Tây", "", "", ""],
    ["Lê Văn Cường", "0912", POSITION, "Đảng bộ xã Không Có", "Chi bộ X", "", "", ""],
    ["Phạm Thị Dung", "0912 000 004", "", MINH_HOA, "Chi bộ thôn Bắc", "", "31/02/2026", "hôm qua"],
    [
        "Hoàng Văn Đức",
        "0912 000 005",
        "",
        MINH_HOA,
        "Chi bộ thôn Đông",
        "",
        "01/03/2026",
        "1/2/2026",
    ],
    ["", "", "", "", "", "", "", ""],
    [" ", "", "", MINH_HOA, "Chi bộ thôn Đông", "", "", ""],
]
BAD_EXPECTED = [
    "Chi bộ, dòng 3, Số đảng viên: số đảng viên phải là số nguyên dương («0»)",
    "Chi bộ, dòng 3, Ngày họp: không hiểu ngày họp; ghi một ngày từ 1 đến 31 hoặc dạng "
    "«thứ 2 đầu tiên», «thứ 6 cuối cùng», «chủ nhật thứ hai» («thứ 9 đầu tiên»)",
    "Chi bộ, dòng 3, Giờ họp: giờ không hợp lệ; ghi dạng 19:30, 19h30 hoặc 7h («25h»)",
    "Chi bộ, dòng 3, Dời lịch: dời lịch chỉ nhận «sau», «trước» hoặc «không» («giữa»)",
    "Chi bộ, dòng 4, Chi bộ: chi bộ bị lặp lại, đã có ở dòng 2 («CHI BO THON DONG»)",
    "Chi bộ, dòng 5, Đảng bộ: không được để trống",
    "Chi bộ, dòng 5, Số đảng viên: không được để trống",
    "Chi bộ, dòng 5, Ngày họp: không được để trống",
    "Chi bộ, dòng 5, Giờ họp: không được để trống",
    "Chi bộ, dòng 6, Số đảng viên: số đảng viên phải là số nguyên dương («12,5»)",
    "Chi bộ, dòng 6, Ngày họp: ngày trong tháng phải từ 1 đến 31 («32»)",
    "Phân công, dòng 3, Chi bộ: cán bộ này đã được phân công vào chi bộ này ở dòng 2",
    "Phân công, dòng 4, Họ và tên: cùng số điện thoại với «Nguyễn Văn An» ở dòng 2 "
    "nhưng khác tên («Trần Thị Bình»)",
    "Phân công, dòng 5, Điện thoại: số điện thoại không hợp lệ («0912»)",
    "Phân công, dòng 5, Đảng bộ: không có trong trang Chi bộ («Đảng bộ xã Không Có»)",
    "Phân công, dòng 6, Từ ngày: ngày không hợp lệ; ghi dạng 05/09/2026 («31/02/2026»)",
    "Phân công, dòng 6, Đến ngày: ngày không hợp lệ; ghi dạng 05/09/2026 («hôm qua»)",
    "Phân công, dòng 6, Chi bộ: không có trong trang Chi bộ thuộc «Đảng bộ xã Minh Hòa» "
    "(«Chi bộ thôn Bắc»)",
    "Phân công, dòng 7, Đến ngày: đến ngày 01/02/2026 trước từ ngày 01/03/2026",
    "Phân công, dòng 9, Họ và tên: không được để trống",
    "Phân công, dòng 9, Điện thoại: không được để trống",
]


def test_every_problem_is_listed_from_xlsx(tmp_path: Path) -> None:
    assert problems_of(roster_xlsx(tmp_path, BAD_CELL_ROWS, BAD_ASSIGNMENT_ROWS)) == BAD_EXPECTED


def test_every_problem_is_listed_from_csv(tmp_path: Path) -> None:
    folder = roster_csv(tmp_path, BAD_CELL_ROWS, BAD_ASSIGNMENT_ROWS, delimiter=";")
    assert problems_of(folder) == BAD_EXPECTED


def test_a_bad_phone_on_row_seven(tmp_path: Path) -> None:
    rows = [*ASSIGNMENT_ROWS, *ASSIGNMENT_ROWS[:2]]
    rows.append(["Lê Văn Cường", "0912", POSITION, MINH_HOA, "Chi bộ thôn Đông", "", "", ""])
    assert problems_of(roster_xlsx(tmp_path, CELL_ROWS, rows)) == [
        "Phân công, dòng 5, Chi bộ: cán bộ này đã được phân công vào chi bộ này ở dòng 2",
        "Phân công, dòng 6, Chi bộ: cán bộ này đã được phân công vào chi bộ này ở dòng 3",
        "Phân công, dòng 7, Điện thoại: số điện thoại không hợp lệ («0912»)",
    ]


def test_an_excel_number_in_a_text_problem_reads_as_typed(tmp_path: Path) -> None:
    rows: Rows = [["Lê Văn Cường", 912.0, POSITION, MINH_HOA, "Chi bộ thôn Đông", "", "", ""]]
    assert problems_of(roster_xlsx(tmp_path, CELL_ROWS, rows)) == [
        "Phân công, dòng 2, Điện thoại: số điện thoại không hợp lệ («912»)"
    ]


def test_too_long_values_are_problems(tmp_path: Path) -> None:
    rows: Rows = [[MINH_HOA, "Chi bộ " + "x" * 200, 10, 1, "7h", "", ""]]
    assert problems_of(roster_xlsx(tmp_path, rows, [])) == [
        "Chi bộ, dòng 2, Chi bộ: dài quá 200 ký tự"
    ]


def test_missing_columns_and_sheets_are_named(tmp_path: Path) -> None:
    header = [title for title in ASSIGNMENT_HEADER if title not in ("Điện thoại", "Chi bộ")]
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        {"Phân công": [header, ["Nguyễn Văn An", POSITION, MINH_HOA, "", "", ""]]},
    )
    assert problems_of(path) == [
        "Chi bộ: không tìm thấy trang tính «Chi bộ»",
        "Phân công, dòng 1, Điện thoại: thiếu cột bắt buộc",
        "Phân công, dòng 1, Chi bộ: thiếu cột bắt buộc",
    ]


def test_missing_csv_file_and_duplicate_column(tmp_path: Path) -> None:
    folder = tmp_path / "roster"
    folder.mkdir()
    write_csv(folder / "phan_cong.csv", [[*ASSIGNMENT_HEADER, "Dien thoai"]])
    assert problems_of(folder) == [
        "Chi bộ: không tìm thấy tệp chi_bo.csv",
        "Phân công, dòng 1, Điện thoại: cột bị lặp lại",
    ]


def test_an_empty_sheet_has_no_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", {"Chi bộ": [], "Phân công": [ASSIGNMENT_HEADER]})
    assert problems_of(path) == ["Chi bộ: trang trống, không có dòng tiêu đề"]


def test_a_missing_path_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(RosterUnreadable, match="Không tìm thấy"):
        load_roster(tmp_path / "khong-co.xlsx")


def test_another_file_type_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "roster.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterUnreadable, match=r"không phải tệp \.xlsx hoặc thư mục"):
        load_roster(tmp_path / "roster.xls")


def test_a_corrupt_xlsx_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "roster.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RosterUnreadable, match="tệp bị hỏng"):
        load_roster(tmp_path / "roster.xlsx")


def test_a_csv_not_in_utf8_is_unreadable(tmp_path: Path) -> None:
    folder = roster_csv(tmp_path)
    (folder / "chi_bo.csv").write_bytes(",".join(CELL_HEADER).encode("utf-16"))
    with pytest.raises(RosterUnreadable, match="CSV UTF-8"):
        load_roster(folder)
