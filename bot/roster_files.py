"""Read the two roster tables from an .xlsx workbook or a folder of two CSV files."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from bot.text import fold

CELLS_SHEET = "Chi bộ"
ASSIGNMENTS_SHEET = "Phân công"


class Col:
    """Column titles as the roster template writes them."""

    UNIT = "Đảng bộ"
    CELL = "Chi bộ"
    MEMBERS = "Số đảng viên"
    DAY = "Ngày họp"
    TIME = "Giờ họp"
    PLACE = "Địa điểm"
    SHIFT = "Dời lịch"
    COMMITTEE = "Có chi ủy"
    NAME = "Họ và tên"
    PHONE = "Điện thoại"
    POSITION = "Chức vụ, đơn vị công tác"
    DOCUMENT = "Văn bản"
    STARTS = "Từ ngày"
    ENDS = "Đến ngày"


@dataclass(frozen=True)
class SheetSpec:
    """One table of the roster: its sheet name, CSV file name and columns."""

    name: str
    csv_file: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Every known column, required first."""
        return self.required + self.optional


CELLS_SPEC = SheetSpec(
    CELLS_SHEET,
    "chi_bo.csv",
    (Col.UNIT, Col.CELL, Col.MEMBERS, Col.DAY, Col.TIME),
    (Col.PLACE, Col.SHIFT, Col.COMMITTEE),
)
ASSIGNMENTS_SPEC = SheetSpec(
    ASSIGNMENTS_SHEET,
    "phan_cong.csv",
    (Col.NAME, Col.PHONE, Col.POSITION, Col.UNIT, Col.CELL),
    (Col.DOCUMENT, Col.STARTS, Col.ENDS),
)
SPECS = (CELLS_SPEC, ASSIGNMENTS_SPEC)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the roster, located as a person reading the sheet would."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column is not None:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


class RosterInvalid(Exception):
    """The roster has problems; all of them are listed, nothing is imported."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = tuple(problems)


class RosterUnreadable(Exception):
    """The roster cannot be opened at all; the message is a Vietnamese one-liner."""


@dataclass(frozen=True)
class RawRow:
    """One non-empty data row: its spreadsheet row number and values by column title."""

    row: int
    values: Mapping[str, object]

    def get(self, column: str) -> object:
        """The cell under that column, None when the column is absent."""
        return self.values.get(column)


@dataclass(frozen=True)
class RosterTables:
    """The raw rows of both tables, before any validation."""

    cells: tuple[RawRow, ...]
    assignments: tuple[RawRow, ...]


# A grid is the sheet as read: (row number, cell values), row 1 being the first line.
Grid = list[tuple[int, Sequence[object]]]

_NOT_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Matching key for titles: no case, no diacritics, punctuation ignored."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def is_blank(value: object) -> bool:
    """An empty cell: nothing, or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_roster_tables(path: Path) -> RosterTables:
    """Read an .xlsx file or a folder with chi_bo.csv and phan_cong.csv into raw rows."""
    if not path.exists():
        raise RosterUnreadable(f"Không tìm thấy «{path}».")
    if path.is_dir():
        grids = {spec.name: _read_csv(path / spec.csv_file, spec) for spec in SPECS}
    elif path.suffix.lower() == ".xlsx":
        grids = _read_xlsx(path)
    else:
        raise RosterUnreadable(
            f"«{path}» không phải tệp .xlsx hoặc thư mục chứa chi_bo.csv và phan_cong.csv."
        )
    problems: list[Problem] = []
    tables: dict[str, tuple[RawRow, ...]] = {}
    for spec in SPECS:
        grid = grids[spec.name]
        if grid is None:
            where = f"tệp {spec.csv_file}" if path.is_dir() else f"trang tính «{spec.name}»"
            problems.append(Problem(spec.name, None, None, f"không tìm thấy {where}"))
            continue
        rows, sheet_problems = _rows_of(spec, grid)
        tables[spec.name] = rows
        problems.extend(sheet_problems)
    if problems:
        raise RosterInvalid(problems)
    return RosterTables(cells=tables[CELLS_SHEET], assignments=tables[ASSIGNMENTS_SHEET])


def _rows_of(spec: SheetSpec, grid: Grid) -> tuple[tuple[RawRow, ...], list[Problem]]:
    """Find the header (the first non-empty line), map the columns, keep non-empty rows."""
    lines = [(number, cells) for number, cells in grid if not all(map(is_blank, cells))]
    if not lines:
        return (), [Problem(spec.name, None, None, "trang trống, không có dòng tiêu đề")]
    header_row, header = lines[0]
    wanted = {header_key(column): column for column in spec.columns}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, title in enumerate(header):
        column = wanted.get(header_key(str(title))) if not is_blank(title) else None
        if column is None:
            continue  # extra columns such as `STT` or notes are allowed and ignored
        if column in positions:
            problems.append(Problem(spec.name, header_row, column, "cột bị lặp lại"))
            continue
        positions[column] = index
    for column in spec.required:
        if column not in positions:
            problems.append(Problem(spec.name, header_row, column, "thiếu cột bắt buộc"))
    rows = tuple(
        RawRow(
            number,
            {
                column: cells[index] if index < len(cells) else None
                for column, index in positions.items()
            },
        )
        for number, cells in lines[1:]
    )
    # A row whose only content sits in ignored columns (e.g. a lone `STT`) is empty too.
    return tuple(row for row in rows if not all(map(is_blank, row.values.values()))), problems


def _read_xlsx(path: Path) -> dict[str, Grid | None]:
    """Both sheets of the workbook (sheet names matched without case and diacritics)."""
    unreadable = RosterUnreadable(
        f"Không đọc được tệp Excel «{path}»: tệp bị hỏng hoặc không đúng định dạng .xlsx."
    )
    try:
        # openpyxl warns about Excel features it drops (data validation, styles);
        # they do not matter for reading values and would only confuse the admin.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a corrupt zip or XML surfaces as many different exception types
        raise unreadable from None
    try:
        by_key: dict[str, str] = {}
        for title in workbook.sheetnames:
            by_key.setdefault(header_key(title), title)
        grids: dict[str, Grid | None] = {}
        for spec in SPECS:
            title = by_key.get(header_key(spec.name))
            if title is None:
                grids[spec.name] = None
                continue
            sheet = workbook[title]
            # Some generators write a wrong `dimension`; read what is really there.
            sheet.reset_dimensions()
            grids[spec.name] = [
                (number, tuple(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        return grids
    except Exception:  # broken sheet XML fails only while iterating
        raise unreadable from None
    finally:
        workbook.close()


def _read_csv(path: Path, spec: SheetSpec) -> Grid | None:
    """One CSV table: UTF-8 with or without BOM, `,` or `;` between values."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterUnreadable(f"Không đọc được «{path}»: tệp phải lưu dạng CSV UTF-8.") from None
    except OSError as exc:
        raise RosterUnreadable(f"Không đọc được «{path}»: {exc.strerror}.") from None
    delimiter = _sniff_delimiter(text, spec)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(number, tuple(record)) for number, record in enumerate(records, start=1)]
    except csv.Error as exc:
        raise RosterUnreadable(f"Không đọc được «{path}»: lỗi định dạng CSV ({exc}).") from None


def _sniff_delimiter(text: str, spec: SheetSpec) -> str:
    """The delimiter under which the header line shows the most known column titles."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    known = {header_key(column) for column in spec.columns}

    def score(delimiter: str) -> int:
        titles: Iterable[str] = next(csv.reader([header], delimiter=delimiter), [])
        return sum(header_key(title) in known for title in titles)

    # Excel in Vietnamese locale saves `;`; on a tie (e.g. one column) keep the standard `,`.
    return max([",", ";", "\t"], key=score)
