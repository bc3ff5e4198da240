"""How big a roster may be, and the check of an .xlsx container before anything unpacks it.

An .xlsx file is a zip archive. Its sheets are streamed (`bot.xlsx_stream`), but the
shared-strings table (every distinct text of the workbook), the styles and the workbook part
are read whole, so a few hundred kilobytes that unpack to gigabytes would exhaust the machine.
A zip member's uncompressed size is declared in the archive and enforced by `zipfile` while
unpacking (a member that lies fails its CRC check), so the declared sizes are a safe bound to
check before opening the workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.i18n import t
from bot.roster_errors import RosterTooBig

# A 300,000-row roster is about 12 MB as .xlsx and 50 MB as CSV; these leave room to grow.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 500_000  # per sheet
MAX_COLUMNS = 60  # columns read per row; the template has at most eight
MAX_CELLS = 10_000_000  # values read from data rows (at most MAX_COLUMNS a row), both sheets
MAX_LINE_CHARS = 64 * 1024  # one CSV line
# Reading a sheet stops after this many empty lines in a row: sheets formatted down to
# row 1,048,576 would otherwise be read to the end.
MAX_BLANK_RUN = 1_000

# Unpacked sizes of the parts of an .xlsx (declared in the zip, checked before opening).
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024  # read whole
MAX_SHEET_XML_BYTES = 512 * 1024 * 1024  # streamed
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024  # styles, workbook, relations: parsed whole
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# Real spreadsheets compress 5-30 times; a zip bomb thousands of times. Parts under 8 MB
# are exempt: blank rows may compress very well, and that little harms nobody.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 8 * 1024 * 1024


def check_file_size(path: Path) -> None:
    """Refuse a file over MAX_FILE_BYTES before reading any of it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise RosterTooBig(
            t("roster.file_too_big", file=path.name, size=_mb(size), limit=_mb(MAX_FILE_BYTES))
        )


def check_xlsx_container(path: Path) -> None:
    """Refuse an .xlsx whose parts would unpack too big; a broken zip is left to openpyxl."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl reports it as a corrupt file, like any other broken workbook
    total = 0
    for member in members:
        total += member.file_size
        limit = _part_limit(member.filename)
        ratio = member.file_size / max(member.compress_size, 1)
        too_compressed = (
            member.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO
        )
        if (limit is not None and member.file_size > limit) or too_compressed:
            raise RosterTooBig(
                t("roster.xlsx_part_too_big", file=path.name, size=_mb(member.file_size))
            )
    if total > MAX_UNPACKED_BYTES:
        raise RosterTooBig(t("roster.xlsx_part_too_big", file=path.name, size=_mb(total)))


def _part_limit(name: str) -> int | None:
    """The unpacked size allowed for one part; None for pictures, which are never read."""
    name = name.lower()
    if name == "xl/sharedstrings.xml":
        return MAX_SHARED_STRINGS_BYTES
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return MAX_SHEET_XML_BYTES
    if name.startswith(("xl/media/", "docprops/thumbnail")):
        return None
    return MAX_OTHER_PART_BYTES


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def grouped(number: int) -> str:
    """A count as Vietnamese readers group digits: 500.000."""
    return f"{number:,}".replace(",", ".")
