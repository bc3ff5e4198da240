"""A small committee with hand-countable reports for January–March 2026, used by the digest
tests (aggregation, spreadsheet, chart, commands, CLI).

Local time is Asia/Ho_Chi_Minh (UTC+7). "Now" is Friday 03/04/2026 07:30, the monthly
digest's send time for March. The expected figures are worked out in the docstrings of the
tests that use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, update

from storage import meetings as meeting_store
from storage import reports
from storage.db import Database
from storage.reports import ReportFacts
from storage.tables import assignments, cadres, cells, meetings, units
from storage.tables import reports as reports_table

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 4, 3, 7, 30, tzinfo=TZ).astimezone(UTC)
CREATED = datetime(2025, 12, 1, tzinfo=UTC)

MINH_HOA, AN_PHU = "Đảng bộ xã Minh Hòa", "Đảng bộ xã An Phú"
CELLS = {  # key: (unit, name, members)
    "dong": (MINH_HOA, "Chi bộ thôn Đông", 32),
    "tay": (MINH_HOA, "Chi bộ thôn Tây", 28),
    "yte": (MINH_HOA, "Chi bộ Trạm Y tế", 8),
    "xom1": (AN_PHU, "Chi bộ xóm 1", 41),
    "xom2": (AN_PHU, "Chi bộ xóm 2", 37),
    "thcs": (AN_PHU, "Chi bộ Trường THCS", 19),
}
CADRES = {  # key: (name, phone, telegram id, active)
    "an": ("Nguyễn Văn An", "+84912000001", 5001, True),
    "binh": ("Trần Thị Bình", "+84912000002", 5002, True),
    "cuong": ("Lê Văn Cường", "+84912000003", None, True),  # never linked Telegram
    "dung": ("Phạm Thị Dung", "+84912000004", 5004, True),
    "duc": ("Hoàng Văn Đức", "+84912000005", 5005, False),  # no longer active
    "ha": ("Vũ Thị Hà", "+84912000006", 5006, True),
}
ASSIGNMENTS = [  # (cadre, cell, ends_on)
    ("an", "dong", None), ("an", "tay", None), ("binh", "yte", None), ("binh", "xom1", None),
    ("dung", "xom1", None), ("cuong", "xom2", None), ("duc", "xom2", None),
    ("dung", "thcs", None), ("ha", "thcs", date(2026, 2, 28)),
]  # fmt: skip
MEETINGS = {  # key: (cell, local start, status)
    "j_tay": ("tay", datetime(2026, 1, 2, 7, 30), "planned"),
    "f_dong": ("dong", datetime(2026, 2, 5, 19, 30), "planned"),
    "f_tay": ("tay", datetime(2026, 2, 2, 7, 30), "planned"),
    "f_xom1": ("xom1", datetime(2026, 2, 1, 19, 30), "planned"),
    "f_yte": ("yte", datetime(2026, 2, 2, 14, 0), "planned"),
    "m_dong": ("dong", datetime(2026, 3, 5, 19, 30), "planned"),
    "m_tay": ("tay", datetime(2026, 3, 2, 7, 30), "held"),
    "m_yte": ("yte", datetime(2026, 3, 2, 14, 0), "planned"),
    "m_xom1": ("xom1", datetime(2026, 3, 1, 19, 30), "planned"),
    "m_xom2": ("xom2", datetime(2026, 3, 2, 19, 30), "planned"),
    "m_thcs": ("thcs", datetime(2026, 3, 27, 15, 30), "planned"),
    "m_yte_extra": ("yte", datetime(2026, 3, 30, 14, 0), "cancelled"),
    "m_xom2_moved": ("xom2", datetime(2026, 3, 16, 19, 30), "postponed"),  # status only
    "m_dong_extra": ("dong", datetime(2026, 3, 26, 19, 30), "planned"),  # then moved, see MOVES
    "a_dong": ("dong", datetime(2026, 4, 5, 19, 30), "planned"),
}
# Postponements as the bot records them (storage.meetings.move_meeting: same row, new start,
# an audit entry): (meeting, new local start, recorded at local time, actor). Thôn Đông's extra
# meeting of 26/03 is put off twice, both times from March, the second time into April.
MOVES = [
    ("m_dong_extra", datetime(2026, 3, 31, 19, 30), datetime(2026, 3, 26, 17, 0), "telegram:5001"),
    ("m_dong_extra", datetime(2026, 4, 7, 19, 30), datetime(2026, 3, 30, 9, 0), "cli"),
]
STEPS = ["open", "review_prev", "plan_next", "discussion", "vote", "conclude"]


def held_answers(present: int, eligible: int, start: str, end: str, **more: Any) -> dict[str, Any]:
    """A held meeting's answers (no exemptions; the absent are excused)."""
    return {
        "status": "held", "meeting_type": "regular", "start_time": start, "end_time": end,
        "members_total": eligible, "members_exempt": 0, "present": present,
        "absent_excused": eligible - present, "absent_unexcused": 0, "prep_secretary": "yes",
        "prep_committee": "yes", "prep_draft": "yes", "steps": STEPS, "speakers": 5,
        "minutes": "full", "principles": "good", "resolution_results": "ge90",
        "cell_rating": "tot", **more,
    }  # fmt: skip


@dataclass(frozen=True)
class Held:
    present: int
    eligible: int
    minutes: int
    failing: tuple[str, ...]
    score: int
    grade: str
    proposals: str | None = None


@dataclass(frozen=True)
class Short:
    outcome: str  # cancelled or absent
    reason: str


@dataclass
class Seed:
    unit_ids: dict[str, int] = field(default_factory=dict)
    cell_ids: dict[str, int] = field(default_factory=dict)
    cadre_ids: dict[str, int] = field(default_factory=dict)
    meeting_ids: dict[str, int] = field(default_factory=dict)
    report_ids: dict[str, int] = field(default_factory=dict)  # "meeting/cadre"


# (meeting, cadre, what, submitted after the start, late)
REPORTS: list[tuple[str, str, Held | Short, timedelta, bool]] = [
    ("j_tay", "an", Held(24, 30, 100, ("C3",), 80, "Khá"), timedelta(days=1), False),
    ("f_dong", "an", Held(27, 30, 120, (), 100, "Tốt"), timedelta(days=1), False),
    ("f_tay", "an", Held(24, 30, 85, ("C3",), 80, "Khá"), timedelta(days=1), False),
    ("f_xom1", "binh", Held(28, 40, 100, ("C1",), 80, "Khá"), timedelta(days=1), False),
    ("m_dong", "an",
     Held(28, 30, 135, (), 100, "Tốt", "Đề nghị cấp kinh phí sửa nhà văn hóa"),
     timedelta(hours=20), False),
    ("m_tay", "an",
     Held(21, 28, 80, ("C1", "C3"), 60, "Trung bình", "Xin bổ sung tài liệu sinh hoạt"),
     timedelta(days=3), True),
    ("m_xom1", "binh", Held(41, 41, 95, ("C3",), 80, "Khá"), timedelta(days=1), False),
    ("m_xom1", "dung", Short("absent", "Đi công tác"), timedelta(hours=5), False),
    ("m_xom2", "cuong", Short("cancelled", "Mất điện"), timedelta(days=4), True),
]  # fmt: skip
AMENDED_PROPOSAL = "Tăng cường <b>kiểm tra</b> & giám sát"


def _facts(what: Held | Short, late: bool, answers: dict[str, Any] | None = None) -> ReportFacts:
    if isinstance(what, Short):
        answers = {"status": what.outcome, "reason": what.reason}
        derived: dict[str, Any] = {}
        verdict: dict[str, Any] = {"meets_standard": None, "failing_criteria": (),
                                   "score": None, "grade": None}  # fmt: skip
    else:
        start = "19:30"
        end_minutes = 19 * 60 + 30 + what.minutes
        end = f"{end_minutes // 60:02d}:{end_minutes % 60:02d}"
        extra = {"proposals": what.proposals} if what.proposals else {}
        answers = answers or held_answers(what.present, what.eligible, start, end, **extra)
        derived = {"eligible": what.eligible, "duration_minutes": what.minutes,
                   "attendance_ratio": what.present / what.eligible}  # fmt: skip
        verdict = {"meets_standard": not what.failing, "failing_criteria": what.failing,
                   "score": what.score, "grade": what.grade}  # fmt: skip
    return ReportFacts(
        outcome=answers["status"], answers=answers, derived=derived, questionnaire_id="regular",
        questionnaire_version="2026.1", rubric_version="2018.1", late=late, **verdict,
    )  # fmt: skip


async def seed_committee(db: Database) -> Seed:
    """Insert the units, cells, cadres, assignments, meetings and reports described above."""
    seed = Seed()
    async with db.transaction() as conn:

        async def add(table: Any, **values: Any) -> int:
            result = await conn.execute(insert(table).values(**values))
            assert result.inserted_primary_key is not None
            return int(result.inserted_primary_key[0])

        for unit in (MINH_HOA, AN_PHU):
            seed.unit_ids[unit] = await add(units, name=unit, created_at=CREATED)
        for key, (unit, name, members) in CELLS.items():
            seed.cell_ids[key] = await add(
                cells, unit_id=seed.unit_ids[unit], name=name, member_count=members,
                meeting_day=5, meeting_time="19:30", holiday_shift="next", created_at=CREATED,
            )  # fmt: skip
        for key, (name, phone, telegram, active) in CADRES.items():
            seed.cadre_ids[key] = await add(
                cadres, full_name=name, phone=phone, position="Chuyên viên",
                telegram_user_id=telegram, active=active, created_at=CREATED,
            )  # fmt: skip
        for cadre, cell, ends_on in ASSIGNMENTS:
            await add(
                assignments, cadre_id=seed.cadre_ids[cadre], cell_id=seed.cell_ids[cell],
                document_ref="1301-CV/HU", starts_on=date(2026, 1, 1), ends_on=ends_on,
                created_at=CREATED,
            )  # fmt: skip
        for key, (cell, local, status) in MEETINGS.items():
            starts = local.replace(tzinfo=TZ).astimezone(UTC)
            seed.meeting_ids[key] = await add(
                meetings, cell_id=seed.cell_ids[cell], rule_date=local.date(), starts_at=starts,
                place=None, status=status, changed_manually=status != "planned",
                created_at=CREATED,
            )  # fmt: skip
        for meeting, cadre, what, after, late in REPORTS:
            starts = MEETINGS[meeting][1].replace(tzinfo=TZ).astimezone(UTC)
            report_id, _receipt, _revision = await reports.submit(
                conn, meeting_id=seed.meeting_ids[meeting], cadre_id=seed.cadre_ids[cadre],
                facts=_facts(what, late), now=starts + after,
            )  # fmt: skip
            seed.report_ids[f"{meeting}/{cadre}"] = report_id
        # Bình amended the xóm 1 report (adding a proposal); thôn Tây's went back for more.
        what = REPORTS[6][2]
        assert isinstance(what, Held)
        amended = held_answers(41, 41, "19:30", "21:05", proposals=AMENDED_PROPOSAL)
        await reports.submit(
            conn, meeting_id=seed.meeting_ids["m_xom1"], cadre_id=seed.cadre_ids["binh"],
            facts=_facts(what, False, amended), now=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
        )  # fmt: skip
        await conn.execute(
            update(reports_table)
            .where(reports_table.c.id == seed.report_ids["m_tay/an"])
            .values(review_state="returned")
        )
        for meeting, new_local, at_local, actor in MOVES:
            await meeting_store.move_meeting(
                conn, seed.meeting_ids[meeting], new_starts_at=new_local.replace(tzinfo=TZ),
                now=at_local.replace(tzinfo=TZ).astimezone(UTC), actor=actor,
            )  # fmt: skip
    return seed


async def test_the_seed_is_what_the_docstrings_count(db: Database) -> None:
    seed = await seed_committee(db)
    assert len(seed.meeting_ids) == 15 and len(seed.report_ids) == 9
    revisions = await reports.revisions(db, seed.report_ids["m_xom1/binh"])
    assert [r.get("proposals") for r in revisions] == [None, AMENDED_PROPOSAL]
    stored = await reports.get(db, seed.report_ids["m_tay/an"])
    assert stored is not None and stored.review_state == "returned" and stored.late
    moved = await meeting_store.get_meeting(db, seed.meeting_ids["m_dong_extra"])
    assert moved is not None and moved.status == "planned"
    assert moved.starts_at == datetime(2026, 4, 7, 19, 30, tzinfo=TZ)
