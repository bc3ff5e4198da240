"""Read the two roster tables from an .xlsx workbook or a folder of two CSV files, streaming.

Both headers are checked before any data row is read, and rows are handed out one at a time
while the file is open, so memory does not grow with the file; the limits of
`bot.roster_limits` stop files that are too big.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.i18n import t
from bot.roster_errors import Problem, RosterInvalid, RosterTooBig, RosterUnreadable
from bot.roster_headers import (
    ASSIGNMENTS_SHEET,
    CELLS_SHEET,
    SPECS,
    Col,
    SheetSpec,
    header_key,
)
from bot.roster_limits import (
    MAX_BLANK_RUN,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    MAX_LINE_CHARS,
    check_file_size,
    check_xlsx_container,
    grouped,
)
from bot.xlsx_stream import Row, XlsxWorkbook

__all__ = [
    "ASSIGNMENTS_SHEET",
    "CELLS_SHEET",
    "Col",
    "Problem",
    "RawRow",
    "RosterInvalid",
    "RosterTables",
    "RosterUnreadable",
    "check_roster_path",
    "header_key",
    "is_blank",
    "open_roster_tables",
]


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
    """The data rows of both tables, read lazily while the file is open; headers are good."""

    cells: Iterator[RawRow]
    assignments: Iterator[RawRow]


# A sheet as read: (row number, cell values), row 1 being the first line.
Lines = Generator[Row, None, None]


def is_blank(value: object) -> bool:
    """An empty cell: nothing, or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


@contextmanager
def open_roster_tables(path: Path) -> Iterator[RosterTables]:
    """Open an .xlsx file or a folder with chi_bo.csv and phan_cong.csv, headers checked.

    Raises RosterUnreadable (RosterTooBig over a limit) or RosterInvalid for the headers before
    yielding; iterating the rows may raise RosterUnreadable too.
    """
    check_roster_path(path)
    with ExitStack() as stack:
        if path.is_dir():
            sources = {spec.name: _open_csv(stack, path / spec.csv_file, spec) for spec in SPECS}
        else:
            sources = _open_xlsx(stack, path)
        problems: list[Problem] = []
        tables: dict[str, Iterator[RawRow]] = {}
        budget = _CellBudget()
        for spec in SPECS:
            lines = sources[spec.name]
            if lines is None:
                where = f"tệp {spec.csv_file}" if path.is_dir() else f"trang tính «{spec.name}»"
                problems.append(Problem(spec.name, None, None, f"không tìm thấy {where}"))
                continue
            header = _read_header(spec, lines, problems)
            if header is not None:
                tables[spec.name] = _data_rows(spec, lines, *header, budget)
        if problems:
            raise RosterInvalid(problems)
        yield RosterTables(cells=tables[CELLS_SHEET], assignments=tables[ASSIGNMENTS_SHEET])


def check_roster_path(path: Path) -> None:
    """The checks that need no reading: the path exists, is of a known kind, is not too big.

    Cheap enough to run before anything else (the import runs it before opening the
    database), so a zip bomb is refused at once.
    """
    if not path.exists():
        raise RosterUnreadable(f"Không tìm thấy «{path}».")
    if path.is_dir():
        for spec in SPECS:
            if (path / spec.csv_file).is_file():
                check_file_size(path / spec.csv_file)
    elif path.suffix.lower() == ".xlsx":
        check_xlsx_container(path)
    else:
        raise RosterUnreadable(
            f"«{path}» không phải tệp .xlsx hoặc thư mục chứa chi_bo.csv và phan_cong.csv."
        )


def _read_header(
    spec: SheetSpec, lines: Lines, problems: list[Problem]
) -> tuple[int, dict[str, int]] | None:
    """The first non-empty line's number and each known column's position in it.

    A missing column or a repeated one is a problem.
    """
    found = next(_non_blank_lines(lines), None)
    if found is None:
        problems.append(Problem(spec.name, None, None, "trang trống, không có dòng tiêu đề"))
        return None
    header_row, header = found
    titles = spec.titles()
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = titles.get(header_key(str(title))) if not is_blank(title) else None
        if column is None:
            continue  # extra columns such as `STT` or notes are allowed and ignored
        if column in positions:
            problems.append(Problem(spec.name, header_row, column, "cột bị lặp lại"))
            continue
        positions[column] = index
    for column in spec.required:
        if column not in positions:
            problems.append(Problem(spec.name, header_row, column, "thiếu cột bắt buộc"))
    return header_row, positions


class _CellBudget:
    """Counts the cells read from both sheets against MAX_CELLS."""

    def __init__(self) -> None:
        self.used = 0

    def spend(self, cells: int) -> None:
        self.used += cells
        if self.used > MAX_CELLS:
            raise RosterTooBig(t("roster.too_many_cells", limit=grouped(MAX_CELLS)))


def _data_rows(
    spec: SheetSpec,
    lines: Lines,
    header_row: int,
    positions: Mapping[str, int],
    budget: _CellBudget,
) -> Iterator[RawRow]:
    """The rows after the header that have something in a known column."""
    count = 0
    for number, cells in _non_blank_lines(lines, after=header_row):
        budget.spend(len(cells))
        values = {
            column: cells[index] if index < len(cells) else None
            for column, index in positions.items()
        }
        # A row whose only content sits in ignored columns (e.g. a lone `STT`) is empty too.
        if all(map(is_blank, values.values())):
            continue
        count += 1
        if count > MAX_DATA_ROWS:
            raise RosterTooBig(
                t("roster.too_many_rows", sheet=spec.name, limit=grouped(MAX_DATA_ROWS))
            )
        yield RawRow(number, values)


def _non_blank_lines(lines: Lines, after: int = 0) -> Lines:
    """The lines with some content, until MAX_BLANK_RUN empty lines follow one another.

    Rows are counted by their numbers: an .xlsx leaves rows without content out entirely.
    """
    last = after  # the number of the last line with content
    for number, cells in lines:
        if number - last > MAX_BLANK_RUN:
            return  # the rest is formatting down to the sheet's end, not data
        if not all(map(is_blank, cells)):
            last = number
            yield number, cells


def _guarded(lines: Iterable[Row], unreadable: Callable[[Exception], str]) -> Lines:
    """Turn a reader's failure midway into RosterUnreadable; only MAX_COLUMNS are kept.

    Closing this generator closes the reader's, so the file is closed at once, not whenever
    the garbage collector finds it.
    """
    reader = iter(lines)
    try:
        for number, cells in reader:
            yield number, cells[:MAX_COLUMNS]
    except RosterUnreadable:
        raise
    except Exception as exc:  # broken XML, CSV or encoding surfaces as many exception types
        raise RosterUnreadable(unreadable(exc)) from None
    finally:
        if isinstance(reader, Generator):
            reader.close()


def _open_xlsx(stack: ExitStack, path: Path) -> dict[str, Lines | None]:
    """Both sheets of the workbook (sheet names matched without case and diacritics)."""

    def unreadable(_: object = None) -> str:
        return f"Không đọc được tệp Excel «{path}»: tệp bị hỏng hoặc không đúng định dạng .xlsx."

    try:
        workbook = XlsxWorkbook(path)
    except Exception:  # a corrupt zip or XML surfaces as many different exception types
        raise RosterUnreadable(unreadable()) from None
    stack.callback(workbook.close)
    by_key: dict[str, str] = {}
    for name in workbook.sheet_names:
        by_key.setdefault(header_key(name), name)
    sources: dict[str, Lines | None] = {}
    for spec in SPECS:
        title = by_key.get(header_key(spec.name))
        if title is None:
            sources[spec.name] = None
            continue
        lines = _guarded(workbook.rows(title), unreadable)
        stack.callback(lines.close)  # before the workbook: the sheet holds the zip open
        sources[spec.name] = lines
    return sources


def _open_csv(stack: ExitStack, path: Path, spec: SheetSpec) -> Lines | None:
    """One CSV table: UTF-8 with or without BOM, `,` or `;` between values."""
    if not path.is_file():
        return None
    try:
        handle = stack.enter_context(path.open(encoding="utf-8-sig", newline=""))
        delimiter = _sniff_delimiter(handle, spec)
        handle.seek(0)
    except UnicodeDecodeError:
        raise RosterUnreadable(_not_utf8(path)) from None
    except OSError as exc:
        raise RosterUnreadable(f"Không đọc được «{path}»: {exc.strerror}.") from None
    records = csv.reader(_bounded_lines(handle, path), delimiter=delimiter)
    lines = _guarded(enumerate(records, start=1), lambda exc: _csv_unreadable(path, exc))
    stack.callback(lines.close)
    return lines


def _bounded_lines(handle: TextIO, path: Path) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE_CHARS without reading it all."""
    for number, line in enumerate(iter(lambda: handle.readline(MAX_LINE_CHARS + 1), ""), 1):
        if len(line) > MAX_LINE_CHARS:
            raise RosterTooBig(
                t("roster.line_too_long", file=path.name, row=number, limit=grouped(MAX_LINE_CHARS))
            )
        yield line


def _not_utf8(path: Path) -> str:
    return f"Không đọc được «{path}»: tệp phải lưu dạng CSV UTF-8."


def _csv_unreadable(path: Path, exc: Exception) -> str:
    """Why a CSV failed midway: its encoding, or its quoting."""
    if isinstance(exc, UnicodeDecodeError):
        return _not_utf8(path)
    return f"Không đọc được «{path}»: lỗi định dạng CSV ({exc})."


def _sniff_delimiter(handle: TextIO, spec: SheetSpec) -> str:
    """The delimiter under which the header line shows the most known column titles."""
    header = ""
    for _ in range(MAX_BLANK_RUN):
        header = handle.readline(MAX_LINE_CHARS)
        if not header or header.strip():
            break
    known = spec.titles()

    def score(delimiter: str) -> int:
        titles: Iterable[str] = next(csv.reader([header], delimiter=delimiter), [])
        return sum(header_key(title) in known for title in titles)

    # Excel in Vietnamese locale saves `;`; on a tie (e.g. one column) keep the standard `,`.
    return max([",", ";", "\t"], key=score)
