"""Benchmark: importing a big roster, and refusing a zip bomb, through `python bot.py import`.

It writes a synthetic roster into a temporary directory — `--rows` assignment rows, one cell per
ten rows (25 cells to a unit), one cadre per three rows — as .xlsx or as the two CSV files, then
runs the real command in a child process on a fresh SQLite file (migrated beforehand by another
child) and prints its wall time and peak RSS beside the targets as ratios. The same file is then
imported again (nothing changes) and measured the same way. `--zip-bomb` instead builds a small
.xlsx whose shared strings unpack to `--bomb-mb` megabytes and measures the refusal;
`--empty-rows N` a 30-row roster with N empty formatted rows below and its phone column
missing.

Run from the project root:
`.venv/bin/python -m bench.import_scale --rows 300000 [--format xlsx|csv]` or
`.venv/bin/python -m bench.import_scale --zip-bomb`. Asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

from bot.roster_headers import ASSIGNMENTS_SPEC, CELLS_SPEC, Col

ROOT = Path(__file__).resolve().parent.parent
CELL_HEADER = list(CELLS_SPEC.columns)
# The title most offices write for the phone column, rather than the template's.
ASSIGNMENT_HEADER = [
    "Số điện thoại" if title == Col.PHONE else title for title in ASSIGNMENTS_SPEC.columns
]
ROWS_PER_CELL, CELLS_PER_UNIT, ROWS_PER_CADRE = 10, 25, 3
DAYS = ["5", "thứ 2 đầu tiên", "15", "chủ nhật cuối cùng", "20", "thứ 6 thứ hai"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
IMPORT_TARGET_S, IMPORT_TARGET_MB = 60.0, 300.0
BOMB_TARGET_S, BOMB_TARGET_MB = 2.0, 200.0


def cell_rows(rows: int) -> Iterator[list[object]]:
    for index in range(max(1, rows // ROWS_PER_CELL)):
        unit = f"Đảng bộ xã số {index // CELLS_PER_UNIT + 1}"
        day = DAYS[index % len(DAYS)]
        yield [unit, f"Chi bộ thôn {index + 1}", 20 + index % 30, day, "19h30", "", "sau"]


def assignment_rows(rows: int) -> Iterator[list[object]]:
    cell_count = max(1, rows // ROWS_PER_CELL)
    for row in range(rows):
        cadre = row // ROWS_PER_CADRE
        cell = (cadre * ROWS_PER_CADRE + row % ROWS_PER_CADRE) % cell_count
        unit = f"Đảng bộ xã số {cell // CELLS_PER_UNIT + 1}"
        name = f"{SURNAMES[cadre % len(SURNAMES)]} Văn Cán Bộ {cadre + 1}"
        phone = f"091{cadre:07d}"
        phone = f"{phone[:4]} {phone[4:7]} {phone[7:]}"
        position = f"Chuyên viên Ban Tổ chức Huyện ủy {cadre % 40 + 1}"
        yield [
            name,
            phone,
            position,
            unit,
            f"Chi bộ thôn {cell + 1}",
            "1301-CV/HU",
            "01/01/2026",
            "",
        ]


def write_xlsx(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    for title, header, lines in (
        ("Chi bộ", CELL_HEADER, cell_rows(rows)),
        ("Phân công", ASSIGNMENT_HEADER, assignment_rows(rows)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for line in lines:
            sheet.append(line)
    workbook.save(path)


def write_csv_folder(folder: Path, rows: int) -> None:
    folder.mkdir()
    for name, header, lines in (
        ("chi_bo.csv", CELL_HEADER, cell_rows(rows)),
        ("phan_cong.csv", ASSIGNMENT_HEADER, assignment_rows(rows)),
    ):
        with (folder / name).open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(lines)


def write_zip_bomb(path: Path, megabytes: int) -> None:
    """A valid little roster whose shared strings unpack to `megabytes` of one repeated text."""
    write_xlsx(path.with_suffix(".seed.xlsx"), 10)
    item = b"<si><t>a</t></si>"
    chunk = item * (1024 * 1024 // len(item))
    with (
        zipfile.ZipFile(path.with_suffix(".seed.xlsx")) as seed,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in seed.infolist():
            if member.filename != "xl/sharedStrings.xml":
                bomb.writestr(member, seed.read(member.filename))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(megabytes):
                strings.write(chunk)
            strings.write(b"</sst>")


def write_with_empty_rows(path: Path, empty_rows: int) -> None:
    """A 30-row roster whose `Phân công` sheet has `empty_rows` formatted, empty rows below
    and no phone column: the reader must say so without walking to the end."""
    seed = path.with_suffix(".seed.xlsx")
    write_xlsx(seed, 30)
    with zipfile.ZipFile(seed) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename != "xl/worksheets/sheet2.xml":
                new.writestr(member, data)
                continue
            head, tail = data.decode().split("</sheetData>")
            with new.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.replace("Số điện thoại", "Liên hệ").encode())
                for start in range(40, 40 + empty_rows, 100_000):
                    stop = min(start + 100_000, 40 + empty_rows)
                    rows = "".join(f'<row r="{n}" spans="1:8"/>' for n in range(start, stop))
                    sheet.write(rows.encode())
                sheet.write(("</sheetData>" + tail).encode())


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """Wall and CPU seconds, peak RSS in MB, exit code and the first output lines of a child."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert child.stdout is not None
    output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    rss_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, rss_mb, child.returncode, "\n".join(output.strip().splitlines()[:6])


def report(
    label: str, figures: tuple[float, float, float, int, str], limit_s: float, limit_mb: float
) -> None:
    elapsed, cpu, rss_mb, code, output = figures
    print(f"{label}: exit code {code}")
    print("  " + output.replace("\n", "\n  "))
    print(
        f"  wall time {elapsed:8.2f} s   target {limit_s:6.1f} s   ratio {elapsed / limit_s:5.2f}"
    )
    print(f"  CPU time  {cpu:8.2f} s   (the wall time grows when other work shares the CPU)")
    print(
        f"  peak RSS  {rss_mb:8.1f} MB  target {limit_mb:6.1f} MB  ratio {rss_mb / limit_mb:5.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000, help="assignment rows")
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--zip-bomb", action="store_true", help="measure refusing a zip bomb")
    parser.add_argument("--bomb-mb", type=int, default=1024, help="the bomb's unpacked size")
    parser.add_argument(
        "--empty-rows", type=int, default=0, help="measure a sheet of this many empty rows"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-scale-") as folder:
        tmp = Path(folder)
        env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/roster.sqlite3"}
        migrated = run_child([sys.executable, "bot.py", "migrate"], env)
        if migrated[3] != 0:
            raise SystemExit(f"migrate failed:\n{migrated[4]}")
        if args.zip_bomb or args.empty_rows:
            if args.zip_bomb:
                path = tmp / "bomb.xlsx"
                write_zip_bomb(path, args.bomb_mb)
                what = f"zip bomb, shared strings {args.bomb_mb} MB unpacked"
                targets = (BOMB_TARGET_S, BOMB_TARGET_MB)
            else:
                path = tmp / "empty_rows.xlsx"
                write_with_empty_rows(path, args.empty_rows)
                what = f"30 rows, then {args.empty_rows:,} empty formatted rows, no phone column"
                targets = (IMPORT_TARGET_S, IMPORT_TARGET_MB)
            print(f"{what}: {path.stat().st_size / 1024:.0f} KB")
            refused = run_child([sys.executable, "bot.py", "import", str(path)], env)
            report("refusal", refused, *targets)
            return
        started = time.perf_counter()
        if args.format == "xlsx":
            path = tmp / "roster.xlsx"
            write_xlsx(path, args.rows)
            size = path.stat().st_size
        else:
            path = tmp / "roster"
            write_csv_folder(path, args.rows)
            size = sum(file.stat().st_size for file in path.iterdir())
        print(
            f"{args.rows:,} assignment rows, {max(1, args.rows // ROWS_PER_CELL):,} cells, "
            f"{(args.rows + ROWS_PER_CADRE - 1) // ROWS_PER_CADRE:,} cadres as {args.format}: "
            f"{size / 1024 / 1024:.1f} MB, written in {time.perf_counter() - started:.1f} s"
        )
        command = [sys.executable, "bot.py", "import", str(path)]
        report("first import", run_child(command, env), IMPORT_TARGET_S, IMPORT_TARGET_MB)
        report("same file again", run_child(command, env), IMPORT_TARGET_S, IMPORT_TARGET_MB)


if __name__ == "__main__":
    main()
