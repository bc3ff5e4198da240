"""Applying the roster to the database: counts, dry runs, re-imports, ending, all or nothing."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.roster import load_roster
from bot.roster_import import run_import
from storage.db import Database
from storage.migrate import migrate
from storage.roster import Counts, RosterChanges, apply_roster
from storage.tables import assignments, audit_log, cadres, cells, metadata, units

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "roster"
SAMPLE_XLSX = EXAMPLES / "roster.xlsx"
TODAY = date(2026, 3, 10)
YESTERDAY = date(2026, 3, 9)  # the last day of an assignment dropped today
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
LATER = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)

FIRST_IMPORT = RosterChanges(
    units=Counts(added=5),
    cells=Counts(added=20),
    cadres=Counts(added=10),
    assignments=Counts(added=22),
)
NOTHING = RosterChanges(Counts(), Counts(), Counts(), Counts())

Dump = dict[str, list[tuple[object, ...]]]


async def dump(db: Database) -> Dump:
    """Every row of every table, in id order."""
    result: Dump = {}
    async with db.read() as conn:
        for table in metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            result[table.name] = [tuple(row) for row in (await conn.execute(query)).all()]
    return result


def sample_csv_copy(tmp_path: Path) -> Path:
    """A private copy of the sample CSV folder, for a test to edit."""
    folder = tmp_path / "roster"
    folder.mkdir()
    for name in ("chi_bo.csv", "phan_cong.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def edit_csv(path: Path, old: str, new: str, *, times: int = 1) -> None:
    """Replace text in a CSV, checking it occurs as often as the test expects."""
    text = path.read_text(encoding="utf-8-sig")
    assert text.count(old) == times, old
    path.write_text(text.replace(old, new), encoding="utf-8-sig")


async def apply(
    db: Database, path: Path, *, dry_run: bool = False, today: date = TODAY
) -> RosterChanges:
    return await apply_roster(db, load_roster(path), today=today, now=NOW, dry_run=dry_run)


async def test_first_import_adds_everything(db: Database) -> None:
    assert await apply(db, SAMPLE_XLSX) == FIRST_IMPORT
    content = await dump(db)
    assert [len(content[t.name]) for t in (units, cells, cadres, assignments)] == [5, 20, 10, 22]
    async with db.read() as conn:
        an = (await conn.execute(select(cadres).where(cadres.c.phone == "+84912000001"))).one()
        an_cells = (
            await conn.execute(
                select(
                    cells.c.name,
                    cells.c.meeting_day,
                    cells.c.meeting_weekday,
                    cells.c.meeting_nth,
                    cells.c.meeting_time,
                    cells.c.holiday_shift,
                )
                .join(assignments, assignments.c.cell_id == cells.c.id)
                .where(assignments.c.cadre_id == an.id)
                .order_by(cells.c.id)
            )
        ).all()
    assert (an.full_name, an.position, an.active, an.created_at) == (
        "Nguyễn Văn An",
        "Chuyên viên Ban Tổ chức",
        True,
        NOW,
    )
    assert [tuple(row) for row in an_cells] == [
        ("Chi bộ thôn Đông", 5, None, None, "19:30", "next"),
        ("Chi bộ thôn Tây", None, 0, 1, "07:30", "next"),
    ]


async def test_xlsx_and_csv_give_identical_content(tmp_path: Path) -> None:
    contents = []
    for name, path in (("xlsx", SAMPLE_XLSX), ("csv", EXAMPLES)):
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/{name}.sqlite3")
        try:
            await migrate(db)
            assert await apply(db, path) == FIRST_IMPORT
            contents.append(await dump(db))
        finally:
            await db.close()
    assert contents[0] == contents[1]


async def test_dry_run_counts_the_same_and_changes_nothing(db: Database, tmp_path: Path) -> None:
    empty = await dump(db)
    assert await apply(db, SAMPLE_XLSX, dry_run=True) == FIRST_IMPORT
    assert await dump(db) == empty
    await apply(db, SAMPLE_XLSX)
    folder = sample_csv_copy(tmp_path)
    edit_csv(folder / "chi_bo.csv", "Chi bộ thôn Đông,32,", "Chi bộ thôn Đông,33,")
    before = await dump(db)
    dry = await apply(db, folder, dry_run=True)
    assert await dump(db) == before
    assert (
        dry
        == await apply(db, folder)
        == RosterChanges(Counts(), Counts(changed=1), Counts(), Counts())
    )


async def test_second_import_changes_nothing(db: Database) -> None:
    await apply(db, SAMPLE_XLSX)
    before = await dump(db)
    assert await apply(db, EXAMPLES) == NOTHING
    assert await apply(db, SAMPLE_XLSX, today=date(2026, 12, 1)) == NOTHING
    assert await dump(db) == before
    assert len(before["audit_log"]) == 1


async def test_the_audit_log_gets_the_counts(db: Database) -> None:
    await apply(db, SAMPLE_XLSX)
    async with db.read() as conn:
        row = (await conn.execute(select(audit_log))).one()
    assert (row.at, row.actor, row.action, row.cadre_id) == (NOW, "import", "roster_import", None)
    assert json.loads(row.detail) == {
        "units": {"added": 5, "changed": 0},
        "cells": {"added": 20, "changed": 0},
        "cadres": {"added": 10, "changed": 0},
        "assignments": {"added": 22, "changed": 0, "ended": 0},
    }


async def test_a_changed_member_count_is_one_changed_cell(db: Database, tmp_path: Path) -> None:
    await apply(db, SAMPLE_XLSX)
    folder = sample_csv_copy(tmp_path)
    edit_csv(folder / "chi_bo.csv", "Chi bộ xóm 3,25,", "Chi bộ xóm 3,26,")
    assert await apply(db, folder) == RosterChanges(Counts(), Counts(changed=1), Counts(), Counts())
    async with db.read() as conn:
        count = (
            await conn.execute(select(cells.c.member_count).where(cells.c.name == "Chi bộ xóm 3"))
        ).scalar_one()
    assert count == 26


async def test_a_dropped_assignment_ends_today_and_is_kept(db: Database, tmp_path: Path) -> None:
    await apply(db, SAMPLE_XLSX)
    folder = sample_csv_copy(tmp_path)
    line = (
        "Ngô Thị Nga,0912 000 010,Chuyên viên Ban Tổ chức,Đảng bộ xã Hồng Phong,"
        "Chi bộ Trường Tiểu học,1301-CV/HU,01/01/2026,\n"
    )
    edit_csv(folder / "phan_cong.csv", line, "")
    assert await apply(db, folder) == RosterChanges(Counts(), Counts(), Counts(), Counts(ended=1))
    async with db.read() as conn:
        query = select(assignments.c.ends_on).order_by(assignments.c.id)
        rows = (await conn.execute(query)).scalars().all()
    assert len(rows) == 22
    assert rows.count(None) == 21 and rows.count(YESTERDAY) == 1
    assert rows[-1] == YESTERDAY  # Ngô Thị Nga's last cell, the last row of the sample
    before = await dump(db)
    assert await apply(db, folder) == NOTHING
    assert await apply(db, folder, today=date(2026, 5, 1)) == NOTHING
    assert await dump(db) == before
    # Back in the file, the assignment reopens with the file's dates.
    assert await apply(db, SAMPLE_XLSX) == RosterChanges(
        Counts(), Counts(), Counts(), Counts(changed=1)
    )
    async with db.read() as conn:
        ends = (await conn.execute(select(assignments.c.ends_on))).scalars().all()
    assert set(ends) == {None}


async def test_an_assignment_ending_in_the_future_is_ended_now(
    db: Database, tmp_path: Path
) -> None:
    await apply(db, SAMPLE_XLSX)
    async with db.transaction() as conn:
        await conn.execute(update(assignments).values(ends_on=date(2026, 12, 31)))
        await conn.execute(
            update(assignments).where(assignments.c.id == 1).values(ends_on=date(2026, 2, 1))
        )
    folder = sample_csv_copy(tmp_path)
    (folder / "phan_cong.csv").write_text(
        (EXAMPLES / "phan_cong.csv").read_text(encoding="utf-8-sig").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    # 21 still run past today and end now; the one already ended keeps its date.
    assert await apply(db, folder) == RosterChanges(Counts(), Counts(), Counts(), Counts(ended=21))
    async with db.read() as conn:
        ends = (
            (await conn.execute(select(assignments.c.ends_on).order_by(assignments.c.id)))
            .scalars()
            .all()
        )
        active = (await conn.execute(select(cadres.c.active))).scalars().all()
    assert ends == [date(2026, 2, 1)] + [YESTERDAY] * 21
    assert set(active) == {True}  # cadres missing from the file are left as they were


async def test_an_inactive_cadre_in_the_file_is_active_again(db: Database) -> None:
    await apply(db, SAMPLE_XLSX)
    async with db.transaction() as conn:
        await conn.execute(update(cadres).where(cadres.c.id == 2).values(active=False))
    assert await apply(db, SAMPLE_XLSX) == RosterChanges(
        Counts(), Counts(), Counts(changed=1), Counts()
    )


async def test_a_respelled_unit_is_renamed_not_duplicated(db: Database, tmp_path: Path) -> None:
    await apply(db, SAMPLE_XLSX)
    folder = sample_csv_copy(tmp_path)
    for name in ("chi_bo.csv", "phan_cong.csv"):
        text = (folder / name).read_text(encoding="utf-8-sig")
        (folder / name).write_text(text.replace("Minh Hòa", "Minh Hoà"), encoding="utf-8-sig")
    assert await apply(db, folder) == RosterChanges(Counts(changed=1), Counts(), Counts(), Counts())
    async with db.read() as conn:
        names = (await conn.execute(select(units.c.name).order_by(units.c.id))).scalars().all()
    assert names[0] == "Đảng bộ xã Minh Hoà" and len(names) == 5


async def test_an_invalid_roster_leaves_the_database_as_it_was(
    db: Database, tmp_path: Path
) -> None:
    await apply(db, SAMPLE_XLSX)
    before = await dump(db)
    folder = sample_csv_copy(tmp_path)
    # Valid changes next to one bad value: none of them may land.
    edit_csv(folder / "chi_bo.csv", "Chi bộ xóm 3,25,", "Chi bộ xóm 3,0,")
    edit_csv(folder / "chi_bo.csv", "Chi bộ xóm 2,37,", "Chi bộ xóm 2,38,")
    edit_csv(folder / "phan_cong.csv", "Phó Chánh Văn phòng", "Chánh Văn phòng", times=2)
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=LATER)
    assert (code, text) == (
        1,
        "Danh sách có 1 lỗi, chưa thay đổi gì:\n"
        "Chi bộ, dòng 8, Số đảng viên: số đảng viên phải là số nguyên dương («0»)",
    )
    assert await dump(db) == before


async def test_run_import_reports_counts(db: Database) -> None:
    assert await run_import(db, SAMPLE_XLSX, dry_run=True, today=TODAY, now=NOW) == (
        0,
        "(Chạy thử — chưa thay đổi gì)\n"
        "Đảng bộ: thêm 5, sửa 0\n"
        "Chi bộ: thêm 20, sửa 0\n"
        "Cán bộ: thêm 10, sửa 0\n"
        "Phân công: thêm 22, sửa 0, kết thúc 0",
    )
    assert await run_import(db, SAMPLE_XLSX, dry_run=False, today=TODAY, now=NOW) == (
        0,
        "Đã nhập danh sách:\n"
        "Đảng bộ: thêm 5, sửa 0\n"
        "Chi bộ: thêm 20, sửa 0\n"
        "Cán bộ: thêm 10, sửa 0\n"
        "Phân công: thêm 22, sửa 0, kết thúc 0",
    )
    assert await run_import(db, EXAMPLES, dry_run=False, today=TODAY, now=LATER) == (
        0,
        "Đã nhập danh sách:\nKhông có thay đổi nào.",
    )


async def test_run_import_lists_every_problem(db: Database, tmp_path: Path) -> None:
    folder = sample_csv_copy(tmp_path)
    edit_csv(
        folder / "phan_cong.csv",
        "0912 000 006,Chuyên viên Văn phòng,Đảng bộ thị trấn Bình Sơn,Chi bộ Công an",
        "0912,Chuyên viên Văn phòng,Đảng bộ thị trấn Bình Sơn,Chi bộ Công an",
    )
    edit_csv(folder / "chi_bo.csv", "Chi bộ xóm 3,25,3,19h,", "Chi bộ xóm 3,25,3,,")
    edit_csv(folder / "chi_bo.csv", "Chi bộ xóm Bãi,35,1,", "Chi bộ xóm Bãi,35,thứ 8 đầu tiên,")
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=NOW)
    assert (code, text.splitlines()) == (
        1,
        [
            "Danh sách có 3 lỗi, chưa thay đổi gì:",
            "Chi bộ, dòng 8, Giờ họp: không được để trống",
            "Chi bộ, dòng 18, Ngày họp: không hiểu ngày họp; ghi một ngày từ 1 đến 31 hoặc "
            "dạng «thứ 2 đầu tiên», «thứ 6 cuối cùng», «chủ nhật thứ hai» («thứ 8 đầu tiên»)",
            "Phân công, dòng 14, Điện thoại: số điện thoại không hợp lệ («0912»)",
        ],
    )
    assert all(rows == [] for rows in (await dump(db)).values())


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("khong-co.xlsx", None, "Không tìm thấy «{path}»."),
        (
            "roster.txt",
            b"hello",
            "«{path}» không phải tệp .xlsx hoặc thư mục chứa chi_bo.csv và phan_cong.csv.",
        ),
        (
            "roster.xlsx",
            b"not a zip at all",
            "Không đọc được tệp Excel «{path}»: tệp bị hỏng hoặc không đúng định dạng .xlsx.",
        ),
    ],
)
async def test_run_import_explains_an_unreadable_file_in_one_line(
    db: Database, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = await dump(db)
    assert await run_import(db, path, dry_run=False, today=TODAY, now=NOW) == (
        1,
        expected.format(path=path),
    )
    assert await dump(db) == before


async def test_a_naive_now_is_refused(db: Database) -> None:
    roster = load_roster(SAMPLE_XLSX)
    with pytest.raises(ValueError, match="timezone-aware"):
        await apply_roster(db, roster, today=TODAY, now=datetime(2026, 3, 10), dry_run=False)


def keep_assignment_lines(folder: Path, count: int) -> None:
    """Cut `phan_cong.csv` down to its header and first `count` assignments."""
    lines = (folder / "phan_cong.csv").read_text(encoding="utf-8-sig").splitlines()
    (folder / "phan_cong.csv").write_text("\n".join(lines[: count + 1]) + "\n", encoding="utf-8")


async def test_ending_more_than_a_third_needs_yes(db: Database, tmp_path: Path) -> None:
    await apply(db, SAMPLE_XLSX)
    before = await dump(db)
    folder = sample_csv_copy(tmp_path)
    keep_assignment_lines(folder, 14)  # 8 of the 22 would end: more than a third
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=LATER)
    assert (code, text) == (
        1,
        "Lần nhập này sẽ kết thúc 8 trong 22 phân công đang có hiệu lực (hơn một phần ba), "
        "nên chưa thay đổi gì. Nếu đúng là vậy, chạy lại với --yes.",
    )
    assert await dump(db) == before
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=LATER, yes=True)
    assert (code, text.splitlines()[-1]) == (0, "Phân công: thêm 0, sửa 0, kết thúc 8")


async def test_ending_a_third_or_less_needs_no_confirmation(db: Database, tmp_path: Path) -> None:
    await apply(db, SAMPLE_XLSX)
    folder = sample_csv_copy(tmp_path)
    keep_assignment_lines(folder, 15)  # 7 of 22
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=LATER)
    assert (code, text.splitlines()[-1]) == (0, "Phân công: thêm 0, sửa 0, kết thúc 7")


async def test_the_same_phone_with_two_positions_is_a_warning_naming_both_rows(
    db: Database, tmp_path: Path
) -> None:
    folder = sample_csv_copy(tmp_path)
    edit_csv(
        folder / "phan_cong.csv",
        "0912 000 001,Chuyên viên Ban Tổ chức,Đảng bộ xã Minh Hòa,Chi bộ thôn Tây",
        "0912 000 001,Phó Trưởng Ban Tổ chức,Đảng bộ xã Minh Hòa,Chi bộ thôn Tây",
    )
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=NOW)
    assert code == 0
    assert text.splitlines()[:3] == [
        "Cần xem lại (1 cảnh báo, vẫn nhập):",
        "Phân công, dòng 3, Chức vụ, đơn vị công tác: cùng số điện thoại với dòng 2 nhưng "
        "khác chức vụ (dòng 2: «Chuyên viên Ban Tổ chức», dòng 3: «Phó Trưởng Ban Tổ chức»); "
        "giữ chức vụ ở dòng 2",
        "Đã nhập danh sách:",
    ]
    async with db.read() as conn:
        position = (
            await conn.execute(select(cadres.c.position).where(cadres.c.phone == "+84912000001"))
        ).scalar_one()
    assert position == "Chuyên viên Ban Tổ chức"


async def test_a_foreign_phone_needs_allow_foreign(db: Database, tmp_path: Path) -> None:
    folder = sample_csv_copy(tmp_path)
    edit_csv(folder / "phan_cong.csv", "0912 000 006", "+1 202 555 0143", times=2)
    code, text = await run_import(db, folder, dry_run=False, today=TODAY, now=NOW)
    assert (code, text.splitlines()) == (
        1,
        [
            "Danh sách có 2 lỗi, chưa thay đổi gì:",
            *(
                f"Phân công, dòng {row}, Điện thoại: không phải số Việt Nam («+1 202 555 0143»); "
                "nếu đúng là số nước ngoài, nhập lại với --allow-foreign"
                for row in (14, 15)
            ),
        ],
    )
    assert (await dump(db))["cadres"] == []
    code, _ = await run_import(db, folder, dry_run=False, today=TODAY, now=NOW, allow_foreign=True)
    assert code == 0
    async with db.read() as conn:
        phones = (await conn.execute(select(cadres.c.phone))).scalars().all()
    assert "+12025550143" in phones


def test_the_import_command_takes_the_new_flags() -> None:
    from bot.cli import build_parser

    args = build_parser().parse_args(["import", "roster.xlsx", "--allow-foreign", "--yes"])
    assert (args.allow_foreign, args.yes, args.dry_run) == (True, True, False)
    args = build_parser().parse_args(["import", "roster.xlsx"])
    assert (args.allow_foreign, args.yes) == (False, False)
