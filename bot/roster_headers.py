"""The roster's tables and columns, and the titles people really give those columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold

CELLS_SHEET = "Chi bộ"
ASSIGNMENTS_SHEET = "Phân công"


class Col:
    """Column titles as the roster template writes them (and as problems name them)."""

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


# Other titles offices write for the same column. Matched like the template's own title:
# case, diacritics and punctuation ignored, so `SĐT`, `Sđt` and `sdt` are one entry.
SYNONYMS: dict[str, tuple[str, ...]] = {
    Col.UNIT: ("Tên đảng bộ", "Đảng bộ cơ sở", "Đảng bộ xã"),
    Col.CELL: ("Tên chi bộ", "Chi bộ trực thuộc", "Chi bộ sinh hoạt"),
    Col.MEMBERS: ("Số ĐV", "Tổng số đảng viên", "Số lượng đảng viên"),
    Col.DAY: ("Ngày sinh hoạt", "Ngày họp chi bộ", "Ngày sinh hoạt chi bộ"),
    Col.TIME: ("Giờ sinh hoạt", "Thời gian họp", "Thời gian sinh hoạt"),
    Col.PLACE: ("Địa điểm họp", "Địa điểm sinh hoạt", "Nơi họp", "Nơi sinh hoạt"),
    Col.SHIFT: ("Dời lịch khi nghỉ", "Khi trùng ngày nghỉ"),
    Col.COMMITTEE: ("Chi ủy", "Có chi ủy không"),
    Col.NAME: ("Họ tên", "Họ tên cán bộ", "Họ và tên cán bộ", "Tên cán bộ", "Cán bộ"),
    Col.PHONE: (
        "Số điện thoại",
        "SĐT",
        "Số ĐT",
        "ĐT",
        "Điện thoại di động",
        "Số điện thoại di động",
        "Di động",
        "ĐTDĐ",
    ),
    Col.POSITION: (
        "Chức vụ",
        "Chức vụ, đơn vị",
        "Chức vụ và đơn vị công tác",
        "Chức danh",
        "Chức vụ, nơi công tác",
    ),
    Col.DOCUMENT: ("Số văn bản", "Văn bản phân công", "Quyết định", "Số quyết định"),
    Col.STARTS: ("Ngày bắt đầu", "Bắt đầu", "Từ"),
    Col.ENDS: ("Ngày kết thúc", "Kết thúc", "Đến"),
}


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

    def titles(self) -> dict[str, str]:
        """The column each accepted title (as a `header_key`) stands for."""
        return {
            header_key(title): column
            for column in self.columns
            for title in (column, *SYNONYMS.get(column, ()))
        }


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

_NOT_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Matching key for titles: no case, no diacritics, punctuation ignored."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())
