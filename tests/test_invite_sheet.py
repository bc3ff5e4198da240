"""`bot.py invite --all --out DIR`: the CSV, the QR codes and the printable page the office hands
out, read back as the office would."""

from __future__ import annotations

import csv
import io
import os
import struct
from pathlib import Path

from sqlalchemy import select

from bot.admin_commands import invite_command
from bot.clock import FakeClock
from bot.invite_sheet import InviteCard, qr_file_name, write_invite_sheet
from bot.invites import hash_code
from bot.settings import Settings
from storage.db import Database
from storage.tables import invite_codes
from tests.test_bot_process import run_cli

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

AN = InviteCard(
    name="Nguyễn Văn An", phone="0912 000 001", units=("Đảng bộ xã Minh Hòa", "Đảng bộ xã An Phú"),
    messenger="telegram", code="ABCDEFGHJK", link="https://t.me/fieldreport_test_bot?start=ABCDEFGHJK",
    expires="17/03/2026 09:00",
)  # fmt: skip
TRICKY = InviteCard(
    name="=HYPERLINK(\"x\") <script>", phone="0912 000 099", units=(), messenger="telegram",
    code="MNPQRSTUVW", link=None, expires="17/03/2026 09:00",
)  # fmt: skip


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sheet_files(tmp_path: Path) -> None:
    written = write_invite_sheet([AN, TRICKY], tmp_path / "out")
    names = [p.relative_to(tmp_path / "out").as_posix() for p in written]
    assert names == ["invites.csv", "qr/nguyen-van-an-0912000001.png", "invites.html"]
    rows = read_csv(tmp_path / "out" / "invites.csv")
    assert rows[0] == {
        "name": "Nguyễn Văn An", "phone": "0912 000 001",
        "unit": "Đảng bộ xã Minh Hòa; Đảng bộ xã An Phú", "messenger": "telegram",
        "code": "ABCDEFGHJK", "link": "https://t.me/fieldreport_test_bot?start=ABCDEFGHJK",
        "expiry": "17/03/2026 09:00",
    }  # fmt: skip
    # A name that looks like a formula stays text in a spreadsheet.
    assert rows[1]["name"] == '\'=HYPERLINK("x") <script>' and rows[1]["link"] == ""
    png = (tmp_path / "out" / "qr" / qr_file_name(AN)).read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", png[16:24])  # IHDR: a square code, 8 px a module
    assert width == height and width % 8 == 0 and width >= 29 * 8


def test_printable_page_has_one_card_per_cadre(tmp_path: Path) -> None:
    write_invite_sheet([AN, TRICKY], tmp_path)
    page = (tmp_path / "invites.html").read_text(encoding="utf-8")
    assert page.count('<div class="card">') == 2
    assert page.count("<svg") == 1  # only the card with a link has a QR code, inline
    assert "Nguyễn Văn An" in page and "ABCDEFGHJK" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "page-break-inside: avoid" in page
    assert "Hoặc gõ cho bot: /start MNPQRSTUVW" in page


async def test_invite_all_out_writes_what_was_stored(
    settings: Settings, clock: FakeClock, roster_db: Database, tmp_path: Path
) -> None:
    out = io.StringIO()
    folder = tmp_path / "moi"
    code = await invite_command(
        settings, phone=None, everyone=True, out_dir=folder, clock=clock, out=out
    )
    assert code == 0
    assert out.getvalue().splitlines()[0] == (
        f"Đã ghi vào {folder}: invites.csv, 10 mã QR (thư mục qr/) và trang in invites.html."
    )
    rows = read_csv(folder / "invites.csv")
    assert len(rows) == 10 and len(list((folder / "qr").glob("*.png"))) == 10
    an = next(row for row in rows if row["name"] == "Nguyễn Văn An")
    assert an["phone"] == "0912 000 001" and an["expiry"] == "17/03/2026 09:00"
    assert an["link"] == f"https://t.me/fieldreport_test_bot?start={an['code']}"
    assert an["unit"]  # the units of his cells
    async with roster_db.read() as conn:
        hashes = set((await conn.execute(select(invite_codes.c.code_hash))).scalars())
    assert {hash_code(row["code"]) for row in rows} == hashes


async def test_invite_out_as_a_process(
    settings: Settings, roster_db: Database, tmp_path: Path
) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": settings.database_url,
        "TELEGRAM_BOT_USERNAME": "fieldreport_test_bot",
    }
    code, output = await run_cli(env, "invite", "--all", "--out", str(tmp_path / "in"))
    assert code == 0, output
    assert (tmp_path / "in" / "invites.html").is_file() and "Traceback" not in output
