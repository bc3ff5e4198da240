"""Validate a roster (units, cells, cadres, assignments) into plain values; no database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from bot.meeting_rules import (
    HolidayShift,
    MeetingRule,
    RuleError,
    parse_clock_time,
    parse_holiday_shift,
    parse_meeting_day,
)
from bot.phones import InvalidPhone, normalize_phone
from bot.roster_errors import Problem, RosterInvalid, RosterUnreadable
from bot.roster_files import (
    ASSIGNMENTS_SHEET,
    CELLS_SHEET,
    Col,
    RawRow,
    RosterTables,
    is_blank,
    open_roster_tables,
)
from bot.text import clean_name, fold

__all__ = [
    "Problem",
    "Roster",
    "RosterAssignment",
    "RosterCadre",
    "RosterCell",
    "RosterInvalid",
    "RosterUnreadable",
    "load_roster",
    "parse_date",
    "parse_member_count",
    "parse_phone",
    "parse_time",
    "show_value",
    "validate_roster",
]

T = TypeVar("T")

# Longest values the database accepts (storage/tables.py); PostgreSQL would reject more.
MAX_NAME = 200
MAX_PLACE = 300
MAX_POSITION = 300
MAX_DOCUMENT = 100


@dataclass(frozen=True, slots=True)
class RosterCell:
    """A Party cell and how it meets."""

    unit: str
    name: str
    member_count: int
    rule: MeetingRule
    meeting_time: time
    place: str | None
    holiday_shift: HolidayShift
    has_committee: bool | None = None  # `Có chi ủy`; None when the roster does not say


@dataclass(frozen=True, slots=True)
class RosterCadre:
    """An assigned official, identified by the E.164 phone."""

    name: str
    phone: str
    position: str | None


@dataclass(frozen=True, slots=True)
class RosterAssignment:
    """A cadre (by phone) assigned to one cell, for a period given by a document."""

    phone: str
    unit: str
    cell: str
    document_ref: str | None
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class Roster:
    """A valid roster, names spelled as in the `Chi bộ` sheet, in file order."""

    units: tuple[str, ...]
    cells: tuple[RosterCell, ...]
    cadres: tuple[RosterCadre, ...]
    assignments: tuple[RosterAssignment, ...]
    # Worth a look but not wrong (the same phone with two positions): shown, then imported.
    warnings: tuple[Problem, ...] = ()


def load_roster(path: Path, *, allow_foreign: bool = False) -> Roster:
    """Read and validate; raises RosterUnreadable, or RosterInvalid with every problem."""
    with open_roster_tables(path) as tables:
        return validate_roster(tables, allow_foreign=allow_foreign)


def validate_roster(tables: RosterTables, *, allow_foreign: bool = False) -> Roster:
    """Check every row of both tables; raises RosterInvalid listing all problems.

    A phone outside Vietnam is a problem unless `allow_foreign`.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    cells, spelling = _check_cells(problems, tables.cells)
    cadres, assignments = _check_assignments(
        _Checks(problems, warnings, allow_foreign), tables.assignments, spelling
    )
    if problems:
        raise RosterInvalid(problems)
    units = tuple(dict.fromkeys(cell.unit for cell in cells))
    return Roster(units, tuple(cells), tuple(cadres), tuple(assignments), tuple(warnings))


# --- converting one cell value ------------------------------------------------------


class _Invalid(ValueError):
    """A value that cannot be used; the message is Vietnamese."""


def show_value(value: object) -> str:
    """A cell value as the admin sees it in the sheet, for messages and text columns."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if value.time() == time(0) else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps every number as a float: 25.0 is 25
    return clean_name(str(value))


_WHOLE = re.compile(r"(\d+)(?:[.,]0)?")


def parse_member_count(value: object) -> int:
    """A positive whole number: 25, 25.0 (Excel), `25`."""
    count: int | None = None
    if isinstance(value, bool):
        count = None  # TRUE/FALSE are ints to Python but never a member count
    elif isinstance(value, int):
        count = value
    elif isinstance(value, float) and value.is_integer():
        count = int(value)
    elif isinstance(value, str) and (match := _WHOLE.fullmatch(value.strip())):
        count = int(match.group(1))
    if count is None or count <= 0:
        raise _Invalid("số đảng viên phải là số nguyên dương")
    return count


def parse_phone(value: object) -> str:
    """E.164 from any Vietnamese spelling, also a number cell that lost its leading 0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Invalid("số điện thoại không hợp lệ")
    try:
        return _normalized(value)
    except InvalidPhone:
        raise _Invalid("số điện thoại không hợp lệ") from None


# A cadre's phone appears on each of their rows; parsing a number costs tens of microseconds.
_normalized = lru_cache(maxsize=1 << 16)(normalize_phone)


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")


def parse_date(value: object) -> date:
    """A date cell, or `05/09/2026`, `5/9/2026`, `2026-09-05` (day first, as in Vietnam)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if match := _DMY.fullmatch(text):
                day, month, year = map(int, match.groups())
                return date(year, month, day)
            if match := _ISO.fullmatch(text):
                year, month, day = map(int, match.groups())
                return date(year, month, day)
        except ValueError:
            pass  # 31/02/2026 and the like: reported below like any other bad date
    raise _Invalid("ngày không hợp lệ; ghi dạng 05/09/2026")


_WITH_SECONDS = re.compile(r"\s*(\d{1,2}:\d{2}):00\s*")


def parse_time(value: object) -> time:
    """A meeting time: a time cell, `19:30`, `19h30`, `7h`, also `19:30:00` from CSV."""
    if isinstance(value, datetime):
        value = value.time()
    elif isinstance(value, float):
        # `19.30` typed into Excel becomes the number 19.3; two decimals give it back.
        value = f"{value:.2f}"
    elif isinstance(value, str) and (match := _WITH_SECONDS.fullmatch(value)):
        value = match.group(1)
    return parse_clock_time(value)


# --- checking the rows --------------------------------------------------------------


class _Row:
    """Converts the cells of one row, reporting each bad value as a problem."""

    def __init__(self, problems: list[Problem], sheet: str, raw: RawRow) -> None:
        self.problems, self.sheet, self.raw = problems, sheet, raw

    def add(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet, self.raw.row, column, message))

    def text(self, column: str, limit: int, *, required: bool) -> str | None:
        """A cleaned name or label; None when empty (a problem if required)."""
        value = self.raw.get(column)
        if is_blank(value):
            if required:
                self.add(column, "không được để trống")
            return None
        text = show_value(value)
        if len(text) > limit:
            self.add(column, f"dài quá {limit} ký tự")
        return text

    def parsed(self, column: str, parse: Callable[[object], T], *, required: bool) -> T | None:
        """A converted value; None when empty (a problem if required) or invalid."""
        value = self.raw.get(column)
        if is_blank(value):
            if required:
                self.add(column, "không được để trống")
            return None
        try:
            return parse(value)
        except (RuleError, _Invalid) as exc:
            self.add(column, f"{exc} («{show_value(value)}»)")
            return None


_YES_NO = {"co": True, "x": True, "yes": True, "1": True, "khong": False, "no": False, "0": False}


def parse_yes_no(raw: object) -> bool:
    """`Có` / `Không` (also `x`, `1`, `0`), with or without accents."""
    key = fold(str(raw))
    if key not in _YES_NO:
        raise RuleError("chỉ nhận «Có» hoặc «Không»")
    return _YES_NO[key]


CellKey = tuple[str, str]  # folded unit name, folded cell name


def _check_cells(
    problems: list[Problem], rows: Iterable[RawRow]
) -> tuple[list[RosterCell], dict[CellKey, tuple[str, str]]]:
    """The `Chi bộ` sheet: valid cells, and every named cell's (unit, cell) spelling."""
    cells: list[RosterCell] = []
    # Every cell named in the sheet, even one with a bad value, so that `Phân công`
    # rows naming it are not also reported as unknown.
    spelling: dict[CellKey, tuple[str, str]] = {}
    first_row: dict[CellKey, int] = {}
    unit_spelling: dict[str, str] = {}  # one unit, one spelling: the first one met
    for raw in rows:
        row = _Row(problems, CELLS_SHEET, raw)
        before = len(problems)
        unit = row.text(Col.UNIT, MAX_NAME, required=True)
        name = row.text(Col.CELL, MAX_NAME, required=True)
        members = row.parsed(Col.MEMBERS, parse_member_count, required=True)
        rule = row.parsed(Col.DAY, parse_meeting_day, required=True)
        at = row.parsed(Col.TIME, parse_time, required=True)
        place = row.text(Col.PLACE, MAX_PLACE, required=False)
        shift = row.parsed(Col.SHIFT, parse_holiday_shift, required=False) or HolidayShift.NEXT
        committee = row.parsed(Col.COMMITTEE, parse_yes_no, required=False)
        if unit is None or name is None:
            continue
        unit = unit_spelling.setdefault(fold(unit), unit)
        key = (fold(unit), fold(name))
        if key in first_row:
            row.add(Col.CELL, f"chi bộ bị lặp lại, đã có ở dòng {first_row[key]} («{name}»)")
            continue
        first_row[key], spelling[key] = raw.row, (unit, name)
        if len(problems) > before or members is None or rule is None or at is None:
            continue
        cells.append(RosterCell(unit, name, members, rule, at, place, shift, committee))
    return cells, spelling


@dataclass(frozen=True)
class _Checks:
    """Where the `Phân công` checks put what they find, and what they let through."""

    problems: list[Problem]
    warnings: list[Problem]
    allow_foreign: bool


VIETNAM_PREFIX = "+84"


def _check_assignments(
    checks: _Checks,
    rows: Iterable[RawRow],
    spelling: dict[CellKey, tuple[str, str]],
) -> tuple[list[RosterCadre], list[RosterAssignment]]:
    """The `Phân công` sheet: cadres by phone, each assigned at most once per known cell."""
    known_units = {unit for unit, _ in spelling}
    cell_keys = {key: key for key in spelling}
    # One object for equal values: a roster repeats its document and dates on every row.
    single: dict[object, Any] = {}
    cadres: dict[str, RosterCadre] = {}
    cadre_row: dict[str, int] = {}
    assigned_row: dict[tuple[str, CellKey], int] = {}
    assignments: list[RosterAssignment] = []
    for raw in rows:
        row = _Row(checks.problems, ASSIGNMENTS_SHEET, raw)
        name = row.text(Col.NAME, MAX_NAME, required=True)
        phone = row.parsed(Col.PHONE, parse_phone, required=True)
        if phone is not None and not checks.allow_foreign and not phone.startswith(VIETNAM_PREFIX):
            row.add(
                Col.PHONE,
                f"không phải số Việt Nam («{show_value(raw.get(Col.PHONE))}»); "
                "nếu đúng là số nước ngoài, nhập lại với --allow-foreign",
            )
            phone = None
        position = row.text(Col.POSITION, MAX_POSITION, required=False)
        unit = row.text(Col.UNIT, MAX_NAME, required=True)
        cell = row.text(Col.CELL, MAX_NAME, required=True)
        document: str | None = _one_copy(
            single, row.text(Col.DOCUMENT, MAX_DOCUMENT, required=False)
        )
        starts: date | None = _one_copy(single, row.parsed(Col.STARTS, parse_date, required=False))
        ends: date | None = _one_copy(single, row.parsed(Col.ENDS, parse_date, required=False))
        if starts is not None and ends is not None and ends < starts:
            row.add(Col.ENDS, f"đến ngày {ends:%d/%m/%Y} trước từ ngày {starts:%d/%m/%Y}")
        key: CellKey | None = None
        if unit is not None and fold(unit) not in known_units:
            row.add(Col.UNIT, f"không có trong trang Chi bộ («{unit}»)")
        elif unit is not None and cell is not None:
            key = cell_keys.get((fold(unit), fold(cell)))
            if key is None:
                row.add(Col.CELL, f"không có trong trang Chi bộ thuộc «{unit}» («{cell}»)")
        if phone is None or name is None:
            continue
        if phone not in cadres:
            cadres[phone], cadre_row[phone] = RosterCadre(name, phone, position), raw.row
        elif fold(cadres[phone].name) != fold(name):
            row.add(
                Col.NAME,
                f"cùng số điện thoại với «{cadres[phone].name}» ở dòng {cadre_row[phone]} "
                f"nhưng khác tên («{name}»)",
            )
        elif fold(cadres[phone].position or "") != fold(position or ""):
            first = cadres[phone].position or ""
            checks.warnings.append(
                Problem(
                    ASSIGNMENTS_SHEET,
                    raw.row,
                    Col.POSITION,
                    f"cùng số điện thoại với dòng {cadre_row[phone]} nhưng khác chức vụ "
                    f"(dòng {cadre_row[phone]}: «{first}», dòng {raw.row}: «{position or ''}»); "
                    f"giữ chức vụ ở dòng {cadre_row[phone]}",
                )
            )
        if key is None:
            continue
        if (phone, key) in assigned_row:
            row.add(
                Col.CELL,
                f"cán bộ này đã được phân công vào chi bộ này ở dòng {assigned_row[phone, key]}",
            )
            continue
        assigned_row[phone, key] = raw.row
        unit_name, cell_name = spelling[key]
        assignments.append(RosterAssignment(phone, unit_name, cell_name, document, starts, ends))
    return list(cadres.values()), assignments


def _one_copy(single: dict[object, Any], value: T) -> T:
    """The first value equal to this one met so far (itself when new)."""
    return value if value is None else cast(T, single.setdefault(value, value))
