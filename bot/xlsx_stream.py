"""Stream the rows of an .xlsx sheet with the standard library's expat parser.

openpyxl's read-only mode streams too, but builds objects for every cell and reads a
300,000-row roster in about a minute; python-calamine is fast but holds the whole sheet in
memory. This reader feeds the sheet's XML to expat in 64 KB pieces and hands out one row of
values at a time, so it is fast and its memory does not grow with the sheet. openpyxl's own
helpers still decide which number formats are dates and convert Excel serial numbers.

Values come out as openpyxl's `values_only` gives them: str, int, float, bool, datetime, date
styles as datetime (or time below one day), None for an empty cell. Call
`bot.roster_limits.check_xlsx_container` first: the shared strings are read whole.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK_BYTES = 64 * 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"[A-Z]+")

Row = tuple[int, Sequence[object]]  # (row number, values from column A)


class XlsxError(Exception):
    """The workbook's structure is not what an .xlsx file must have."""


class XlsxWorkbook:
    """An open .xlsx: sheet names, shared strings and date styles; rows read on demand."""

    def __init__(self, path: Path) -> None:
        self._archive = zipfile.ZipFile(path)
        try:
            self._sheets = self._sheet_paths()
            self._shared = self._shared_strings()
            self._date_styles, self._epoch = self._styles_and_epoch()
        except Exception:
            self._archive.close()
            raise

    def close(self) -> None:
        self._archive.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def rows(self, sheet_name: str) -> Iterator[Row]:
        """The sheet's rows in file order; empty rows between them are not produced."""
        with self._archive.open(self._sheets[sheet_name]) as source:
            yield from _SheetReader(self._shared, self._date_styles, self._epoch).rows(source)

    def _xml(self, name: str) -> ElementTree.Element | None:
        try:
            data = self._archive.read(name)
        except KeyError:
            return None
        return ElementTree.fromstring(data)

    def _sheet_paths(self) -> dict[str, str]:
        """Sheet name to the zip path of its XML, in the workbook's order."""
        workbook = self._xml("xl/workbook.xml")
        relations = self._xml("xl/_rels/workbook.xml.rels")
        if workbook is None or relations is None:
            raise XlsxError("no workbook part")
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in relations.iter(f"{_PKG_REL}Relationship")
        }
        paths: dict[str, str] = {}
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"))
            if target is None:
                continue
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            paths[sheet.get("name", "")] = posixpath.normpath(path)
        return paths

    def _shared_strings(self) -> list[str]:
        try:
            source = self._archive.open("xl/sharedStrings.xml")
        except KeyError:
            return []
        with source:
            return _read_shared_strings(source)

    def _styles_and_epoch(self) -> tuple[frozenset[int], datetime]:
        """The cell styles (xf indices) that show dates, and the workbook's day zero."""
        workbook = self._xml("xl/workbook.xml")
        properties = workbook.find(f"{_MAIN}workbookPr") if workbook is not None else None
        in_1904 = properties is not None and properties.get("date1904") in ("1", "true")
        epoch = CALENDAR_MAC_1904 if in_1904 else CALENDAR_WINDOWS_1900
        styles = self._xml("xl/styles.xml")
        if styles is None:
            return frozenset(), epoch
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        for number_format in styles.iter(f"{_MAIN}numFmt"):
            formats[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
        cell_xfs = styles.find(f"{_MAIN}cellXfs")
        dates: set[int] = set()
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
            if is_date_format(formats.get(int(xf.get("numFmtId", "0")), "")):
                dates.add(index)
        return frozenset(dates), epoch


def _local(name: str) -> str:
    """`x:row` and `row` alike: generators differ in namespace prefixes."""
    return name.rpartition(":")[2]


def _feed(parser: expat.XMLParserType, source: IO[bytes]) -> Iterator[None]:
    """Feed the source in pieces, pausing after each so the caller can take what was parsed."""
    while chunk := source.read(CHUNK_BYTES):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _read_shared_strings(source: IO[bytes]) -> list[str]:
    """The text of each `<si>`, its rich-text runs joined and phonetic hints left out."""
    strings: list[str] = []
    parts: list[str] = []
    depth = {"t": 0, "rPh": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if local in depth:
            depth[local] += 1

    def end(name: str) -> None:
        local = _local(name)
        if local in depth:
            depth[local] -= 1
        elif local == "si":
            strings.append("".join(parts))
            parts.clear()

    def text(data: str) -> None:
        if depth["t"] and not depth["rPh"]:
            parts.append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    for _ in _feed(parser, source):
        pass
    return strings


def _column_index(reference: str) -> int:
    """`A1` → 0, `AB7` → 27."""
    match = _COLUMN.match(reference)
    index = 0
    for letter in match.group() if match else "":
        index = index * 26 + ord(letter) - 64
    return index - 1


class _SheetReader:
    """expat callbacks turning `<row><c><v>` into tuples of values."""

    def __init__(self, shared: list[str], date_styles: frozenset[int], epoch: datetime) -> None:
        self.shared, self.date_styles, self.epoch = shared, date_styles, epoch
        self.done: list[Row] = []
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = -1
        self.kind = "n"
        self.style = 0
        self.text: list[str] = []
        self.collecting = False
        self.in_phonetic = False

    def rows(self, source: IO[bytes]) -> Iterator[Row]:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        for _ in _feed(parser, source):
            yield from self.done
            self.done.clear()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            reference = attrs.get("r")
            self.column = _column_index(reference) if reference else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = int(attrs.get("s", "0"))
            self.text.clear()
        elif local in ("v", "t"):
            self.collecting = not self.in_phonetic
        elif local == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number else self.row_number + 1
            self.cells = {}
            self.column = -1
        elif local == "rPh":
            self.in_phonetic = True

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "c":
            value = self.value("".join(self.text))
            if value is not None:
                self.cells[self.column] = value
        elif local in ("v", "t"):
            self.collecting = False
        elif local == "row":
            width = max(self.cells, default=-1) + 1
            self.done.append(
                (self.row_number, tuple(self.cells.get(index) for index in range(width)))
            )
        elif local == "rPh":
            self.in_phonetic = False

    def characters(self, data: str) -> None:
        if self.collecting:
            self.text.append(data)

    def value(self, text: str) -> object:
        """One cell's value from its type, style and text."""
        kind = self.kind
        if kind == "s":
            return self.shared[int(text)] if text else None
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text == "1" if text else None
        if not text:
            return None
        if kind == "d":
            return datetime.fromisoformat(text.rstrip("Z"))
        number: int | float = float(text) if any(mark in text for mark in ".eE") else int(text)
        if self.style in self.date_styles:
            return from_excel(number, self.epoch)
        return number
