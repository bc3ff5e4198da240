"""Bounded reading of the roster: zip bombs, too many rows or cells, headers before rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot import roster_files, roster_limits
from bot.admin_commands import import_command
from bot.roster import RosterInvalid, RosterUnreadable, load_roster
from bot.roster_errors import RosterTooBig
from bot.settings import Settings
from tests.test_roster_parse import (
    ASSIGNMENT_HEADER,
    ASSIGNMENT_ROWS,
    CELL_HEADER,
    CELL_ROWS,
    EXPECTED,
    Rows,
    problems_of,
    roster_csv,
    roster_xlsx,
    write_csv,
)


def repack(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    """A copy of the workbook where the given parts are replaced or added, deflated."""
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for item in old.infolist():
            if item.filename not in extra:
                new.writestr(item, old.read(item.filename))
        for name, data in extra.items():
            new.writestr(name, data)
    return target


def shared_strings_bomb(tmp_path: Path) -> Path:
    """49 MB of one repeated string packs into about 100 KB: the declared size gives it away."""
    bomb_strings = b"<sst>" + b"<si><t>a</t></si>" * 3_000_000 + b"</sst>"
    good = roster_xlsx(tmp_path)
    return repack(good, tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": bomb_strings})


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = shared_strings_bomb(tmp_path)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(RosterTooBig) as refused:
        load_roster(bomb)
    message = str(refused.value)
    assert "bomb.xlsx" in message and "giải nén sẽ chiếm 48,6 MB" in message


def test_a_sheet_that_unpacks_thousands_of_times_its_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_limits, "RATIO_CHECKED_FROM_BYTES", 1024 * 1024)
    good = roster_xlsx(tmp_path)
    with zipfile.ZipFile(good) as archive:
        sheet = next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))
        original = archive.read(sheet)
    padding = b" " * (2 * 1024 * 1024)  # XML allows the whitespace; it packs 1000:1
    padded = original.replace(b"<sheetData", padding + b"<sheetData", 1)
    assert len(padded) > len(original)
    bomb = repack(good, tmp_path / "padded.xlsx", {sheet: padded})
    with pytest.raises(RosterTooBig, match="vượt giới hạn an toàn"):
        load_roster(bomb)


def test_parts_under_the_limits_still_import(tmp_path: Path) -> None:
    assert load_roster(roster_xlsx(tmp_path)) == EXPECTED


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_limits, "MAX_FILE_BYTES", 2048)
    folder = roster_csv(tmp_path, assignment_rows=ASSIGNMENT_ROWS * 20)
    with pytest.raises(RosterTooBig, match=r"Tệp «phan_cong\.csv» quá lớn .*chỉ nhận tệp tới"):
        load_roster(folder)
    with pytest.raises(RosterTooBig, match=r"Tệp «roster\.xlsx» quá lớn"):
        load_roster(roster_xlsx(tmp_path, assignment_rows=ASSIGNMENT_ROWS * 200))


def test_too_many_rows_is_refused_with_the_sheet_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_files, "MAX_DATA_ROWS", 2)
    with pytest.raises(RosterTooBig) as refused:
        load_roster(roster_xlsx(tmp_path))
    assert str(refused.value) == (
        "Trang «Chi bộ» có hơn 2 dòng dữ liệu; xin tách danh sách thành nhiều tệp."
    )


def test_the_row_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster_files, "MAX_DATA_ROWS", 3)
    assert load_roster(roster_xlsx(tmp_path)) == EXPECTED


def test_too_many_cells_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 cell rows of 7 and 3 assignment rows of 8 values: 45 cells.
    monkeypatch.setattr(roster_files, "MAX_CELLS", 44)
    with pytest.raises(RosterTooBig, match="Danh sách có hơn 44 ô dữ liệu"):
        load_roster(roster_csv(tmp_path))
    monkeypatch.setattr(roster_files, "MAX_CELLS", 45)
    assert load_roster(roster_csv(tmp_path)) == EXPECTED


def test_reading_stops_after_a_long_run_of_empty_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_files, "MAX_BLANK_RUN", 5)
    after_gap: Rows = [[*ASSIGNMENT_ROWS[0][:4], "Chi bộ không có", "", "", ""]]
    # Four empty rows are a gap inside the data; five end it, and what follows is not read.
    empty: list[object] = [None] * 8
    rows: Rows = [*ASSIGNMENT_ROWS, *[empty] * 4, *after_gap]
    assert "Chi bộ không có" in " ".join(problems_of(roster_xlsx(tmp_path, assignment_rows=rows)))
    rows = [*ASSIGNMENT_ROWS, *[empty] * 5, *after_gap]
    assert load_roster(roster_xlsx(tmp_path, assignment_rows=rows)) == EXPECTED


def test_headers_are_refused_before_any_data_row_is_read(tmp_path: Path) -> None:
    folder = roster_csv(tmp_path)
    header = [title for title in ASSIGNMENT_HEADER if title != "Điện thoại"]
    good_rows = "".join(",".join(map(str, row[:7])) + "\r\n" for row in ASSIGNMENT_ROWS * 100)
    # Further down the data is not UTF-8: reading that far would make the file unreadable.
    (folder / "phan_cong.csv").write_bytes(
        (",".join(header) + "\r\n" + good_rows).encode("utf-8") + "Nguyễn".encode("utf-16")
    )
    assert problems_of(folder) == ["Phân công, dòng 1, Điện thoại: thiếu cột bắt buộc"]


def test_a_bad_encoding_below_a_good_header_is_still_unreadable(tmp_path: Path) -> None:
    folder = roster_csv(tmp_path)
    (folder / "phan_cong.csv").write_bytes(
        ",".join(ASSIGNMENT_HEADER).encode("utf-8") + b"\r\n" + "Nguyễn".encode("utf-16")
    )
    with pytest.raises(RosterUnreadable, match="CSV UTF-8"):
        load_roster(folder)


def test_a_csv_line_too_long_is_refused_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_files, "MAX_LINE_CHARS", 500)
    folder = roster_csv(tmp_path)
    write_csv(folder / "chi_bo.csv", [CELL_HEADER, *CELL_ROWS, ["x" * 600]])
    with pytest.raises(RosterTooBig, match=r"Tệp «chi_bo\.csv», dòng 5 dài hơn 500 ký tự"):
        load_roster(folder)


def test_header_problems_of_both_sheets_come_together(tmp_path: Path) -> None:
    path = roster_xlsx(
        tmp_path, cell_header=CELL_HEADER[1:], assignment_header=ASSIGNMENT_HEADER[1:]
    )
    with pytest.raises(RosterInvalid) as caught:
        load_roster(path)
    assert [str(p) for p in caught.value.problems] == [
        "Chi bộ, dòng 1, Đảng bộ: thiếu cột bắt buộc",
        "Phân công, dòng 1, Họ và tên: thiếu cột bắt buộc",
    ]


async def test_the_import_command_refuses_a_bomb_before_opening_the_database(
    tmp_path: Path, settings: Settings
) -> None:
    bomb = shared_strings_bomb(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert await import_command(settings, bomb, dry_run=False, out=out, err=err) == 1
    assert "giải nén sẽ chiếm 48,6 MB" in err.getvalue() and out.getvalue() == ""
    assert not (tmp_path / "fieldreport.sqlite3").exists()
