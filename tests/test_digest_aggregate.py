"""Aggregation of the seeded committee (tests/test_digest_fixtures.py), counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.digest.aggregate import (
    AssignmentRow,
    CadreRef,
    CriterionCount,
    Figures,
    MeetingRow,
    MoveRow,
    ReportRow,
    UnitFigures,
    VerdictRow,
    below_streaks,
    days_overdue,
    match_expectations,
    postponed_meetings,
)
from bot.digest.compose import DigestBundle, DigestConfig, collect, match_units, summarize_only
from bot.digest.periods import Period, PeriodKind, month_period, months_back
from bot.questionnaire.model import load_questionnaire
from storage import digest_queries
from storage.db import Database
from storage.digest_queries import UnitRef
from tests.test_digest_fixtures import AMENDED_PROPOSAL, AN_PHU, MINH_HOA, NOW, TZ, seed_committee

MARCH = month_period(2026, 3)
CONFIG = DigestConfig(tz=TZ, deadline=timedelta(days=2), questionnaire=load_questionnaire())


@pytest.fixture
async def march(db: Database) -> DigestBundle:
    await seed_committee(db)
    return await collect(db, MARCH, CONFIG, now=NOW)


async def test_march_counts(march: DigestBundle) -> None:
    """Expected: thôn Đông, thôn Tây (An), Trạm Y tế (Bình), xóm 1 (Bình and Dung), xóm 2
    (Cường; Đức is inactive), THCS (Dung; Hà's assignment ended in February) = 7. The
    cancelled make-up meeting and the postponed one expect nothing. Received 5: on time thôn
    Đông, xóm 1 ×2; late thôn Tây, xóm 2. Missing: Trạm Y tế, THCS. Postponed 2: xóm 2's
    (its status says so) and thôn Đông's extra meeting, moved from 26/03 to 31/03 and then
    to 07/04 (counted once; not a March meeting any more, so it expects nothing in March)."""
    now = march.digest.current
    assert (now.meetings, now.meetings_cancelled, now.meetings_postponed) == (8, 2, 2)
    assert (now.expected, now.received, now.on_time, now.late) == (7, 5, 3, 2)
    assert (len(now.missing), now.overdue) == (2, 2)
    assert (now.held, now.not_attended, now.cancelled_reports) == (3, 1, 1)
    assert (now.returned, now.amended) == (1, 1)


async def test_march_missing_list_with_days_overdue(march: DigestBundle) -> None:
    """Trạm Y tế met 02/03 14:00, due 04/03 14:00: at 03/04 07:30 that is 29 days 17½ hours,
    so 30 days overdue. THCS met 27/03 15:30, due 29/03 15:30: 4 days 16 hours → 5."""
    missing = [
        (m.cadre.full_name, m.meeting.cell_name, m.meeting.unit_name,
         m.meeting.starts_at.astimezone(TZ).date(), m.deadline.astimezone(TZ), m.days_overdue)
        for m in march.digest.current.missing
    ]  # fmt: skip
    assert missing == [
        ("Trần Thị Bình", "Chi bộ Trạm Y tế", MINH_HOA, date(2026, 3, 2),
         datetime(2026, 3, 4, 14, 0, tzinfo=TZ), 30),
        ("Phạm Thị Dung", "Chi bộ Trường THCS", AN_PHU, date(2026, 3, 27),
         datetime(2026, 3, 29, 15, 30, tzinfo=TZ), 5),
    ]  # fmt: skip


async def test_march_verdicts_averages_and_criteria(march: DigestBundle) -> None:
    """Held: thôn Đông meets (Tốt), thôn Tây below (Trung bình; C1, C3), xóm 1 below (Khá; C3).
    Attendance (28/30 + 21/28 + 41/41) / 3 = 0.8944; duration (135 + 80 + 95) / 3 = 103⅓."""
    now = march.digest.current
    assert (now.meets, now.below) == (1, 2)
    assert now.grades == (("Tốt", 1), ("Khá", 1), ("Trung bình", 1), ("Kém", 0))
    assert now.attendance_avg == pytest.approx((28 / 30 + 21 / 28 + 1) / 3)
    assert now.duration_avg == pytest.approx(310 / 3)
    assert now.criteria_failures == (
        CriterionCount("C3", "Các bước và nội dung", 2),
        CriterionCount("C1", "Tỷ lệ đảng viên dự họp", 1),
    )


async def test_march_proposals_come_from_the_latest_revision(march: DigestBundle) -> None:
    proposals = [(p.cell_name, p.unit_name, p.text) for p in march.digest.current.proposals]
    assert proposals == [
        ("Chi bộ xóm 1", AN_PHU, AMENDED_PROPOSAL),
        ("Chi bộ thôn Đông", MINH_HOA, "Đề nghị cấp kinh phí sửa nhà văn hóa"),
        ("Chi bộ thôn Tây", MINH_HOA, "Xin bổ sung tài liệu sinh hoạt"),
    ]


async def test_march_by_unit(march: DigestBundle) -> None:
    assert march.digest.current.units == (
        UnitFigures(AN_PHU, expected=4, received=3, meets=0, below=1, missing=1),
        UnitFigures(MINH_HOA, expected=3, received=2, meets=1, below=1, missing=1),
    )


async def test_cells_below_standard_in_consecutive_months(march: DigestBundle) -> None:
    """Thôn Tây: below in January, February and March; xóm 1: February and March."""
    streaks = [(s.cell_name, s.months) for s in march.digest.streaks]
    assert streaks == [("Chi bộ thôn Tây", 3), ("Chi bộ xóm 1", 2)]


async def test_the_previous_period_and_the_change(march: DigestBundle) -> None:
    """February: thôn Đông (meets), thôn Tây (below), xóm 1 by Bình (below) received, xóm 1 by
    Dung and Trạm Y tế missing. Attendance (27/30 + 24/30 + 28/40) / 3 = 0.8."""
    before: Figures = march.digest.previous
    assert before.period == month_period(2026, 2)
    assert (before.expected, before.received, before.on_time, before.late) == (5, 3, 3, 0)
    assert [(m.meeting.cell_name, m.cadre.full_name, m.days_overdue) for m in before.missing] == [
        ("Chi bộ xóm 1", "Phạm Thị Dung", 59),
        ("Chi bộ Trạm Y tế", "Trần Thị Bình", 58),
    ]
    assert (before.meets, before.below) == (1, 2)
    assert before.meetings_postponed == 0
    assert before.attendance_avg == pytest.approx(0.8)
    assert march.digest.current.received - before.received == 2


async def test_one_unit_only(db: Database) -> None:
    await seed_committee(db)
    units = await digest_queries.list_units(db)
    (unit,) = match_units(units, "minh hoa")
    bundle = await collect(db, MARCH, CONFIG, now=NOW, unit=unit)
    now = bundle.digest.current
    assert (now.expected, now.received, now.late, len(now.missing)) == (3, 2, 1, 1)
    assert now.meetings_postponed == 1  # thôn Đông's; xóm 2's is An Phú's
    assert [s.cell_name for s in bundle.digest.streaks] == ["Chi bộ thôn Tây"]
    assert bundle.digest.previous.expected == 3
    assert bundle.digest.unit_name == MINH_HOA


async def test_a_month_in_progress_counts_only_started_meetings(db: Database) -> None:
    """At 10/03 09:00 the postponed (16/03), THCS (27/03) and cancelled (30/03) meetings are
    still ahead: 5 meetings, 6 expected reports, all in but Trạm Y tế's (due 04/03 14:00).
    Thôn Đông's 26/03 meeting is still ahead and not yet moved: nothing is postponed."""
    await seed_committee(db)
    now = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    figures = (await collect(db, MARCH, CONFIG, now=now)).digest.current
    assert (figures.meetings, figures.expected, figures.received) == (5, 6, 5)
    assert (figures.meetings_cancelled, figures.meetings_postponed) == (1, 0)
    # Compared with the same ten days of February: thôn Đông, thôn Tây, xóm 1 ×2, Trạm Y tế.
    before = (await collect(db, MARCH, CONFIG, now=now)).digest.previous
    assert before.period == Period(PeriodKind.RANGE, date(2026, 2, 1), date(2026, 2, 11))
    assert (before.expected, before.received) == (5, 3)
    assert [(m.meeting.cell_name, m.days_overdue) for m in figures.missing] == [
        ("Chi bộ Trạm Y tế", 6)
    ]


def test_unit_names_match_with_or_without_accents() -> None:
    units = [UnitRef(1, MINH_HOA), UnitRef(2, AN_PHU), UnitRef(3, "Đảng bộ xã An Phú Tây")]
    assert match_units(units, "Minh Hòa") == [units[0]]
    assert match_units(units, "đảng bộ xã an phú") == [units[1]]  # exact beats contains
    assert match_units(units, "an phu") == [units[1], units[2]]
    assert match_units(units, "Thanh Lâm") == [] and match_units(units, "  ") == []


@pytest.mark.parametrize(
    ("late_by", "days"),
    [(timedelta(0), 0), (-timedelta(hours=1), 0), (timedelta(minutes=1), 1),
     (timedelta(days=1), 1), (timedelta(days=1, seconds=1), 2), (timedelta(days=30), 30)],
)  # fmt: skip
def test_days_overdue_round_up(late_by: timedelta, days: int) -> None:
    deadline = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)
    assert days_overdue(deadline, deadline + late_by) == days


def _meeting(meeting_id: int, cell_id: int, status: str, day: int) -> MeetingRow:
    starts = datetime(2026, 3, day, 12, 30, tzinfo=UTC)
    return MeetingRow(meeting_id, cell_id, f"Chi bộ {cell_id}", 1, "Đảng bộ", 20, starts, status)


def _cadre(cadre_id: int) -> CadreRef:
    return CadreRef(cadre_id, f"Cán bộ {cadre_id}", f"+8491200000{cadre_id}", None)


def _report(meeting_id: int, cadre_id: int) -> ReportRow:
    return ReportRow(
        id=meeting_id * 10 + cadre_id, meeting_id=meeting_id, cadre=_cadre(cadre_id),
        receipt_no="BC", outcome="held", review_state="submitted", revision=1, late=False,
        meets_standard=True, failing_criteria=(), score=None, grade=None,
        attendance_ratio=1.0, duration_minutes=90,
        submitted_at=datetime(2026, 3, 20, tzinfo=UTC), answers={},
    )  # fmt: skip


def test_who_is_expected_on_which_meeting() -> None:
    """Assignments count on the meeting's local date (19:30 on 31/03 in Hà Nội is 12:30 UTC);
    a cancelled meeting expects nobody; a report from a cadre not assigned still counts."""
    meetings = [_meeting(1, 1, "planned", 5), _meeting(2, 1, "cancelled", 12),
                _meeting(3, 2, "held", 31)]  # fmt: skip
    assignments = [
        AssignmentRow(1, _cadre(1), None, date(2026, 3, 4)),  # ended the day before
        AssignmentRow(1, _cadre(2), date(2026, 3, 5), None),  # starts that very day
        AssignmentRow(2, _cadre(3), None, date(2026, 3, 31)),
        AssignmentRow(2, _cadre(3), None, None),  # listed twice: still one expectation
    ]
    found = match_expectations(meetings, assignments, [_report(1, 9)], TZ)
    pairs = [(e.meeting.id, e.cadre.id, e.report is not None) for e in found]
    assert pairs == [(1, 2, False), (1, 9, True), (3, 3, False)]


def test_a_month_without_a_verdict_yet_does_not_break_a_run() -> None:
    """Streaks end with the last month, or the month before while the last has no verdict;
    a month with any «below» report is below; a gap ends the run."""
    months = months_back(MARCH, 4)  # December … March

    def row(cell: int, month: int, meets: bool) -> VerdictRow:
        year = 2025 if month == 12 else 2026
        starts = datetime(year, month, 2, 12, 0, tzinfo=UTC)
        return VerdictRow(cell, f"Chi bộ {cell}", "Đảng bộ", starts, meets)

    rows = [
        row(1, 1, False), row(1, 2, False),  # nothing in March yet: 2 months
        row(2, 12, False), row(2, 1, True), row(2, 2, False), row(2, 3, False),  # 2
        row(3, 2, False), row(3, 3, True), row(3, 3, False),  # March mixed → below: 2
        row(4, 2, False), row(4, 3, True),  # back to standard: none
        row(5, 12, False), row(5, 2, False), row(5, 3, False),  # January missing: 2
        row(6, 3, False),  # one month: below the minimum
    ]  # fmt: skip
    streaks = below_streaks(rows, months, TZ)
    assert sorted((s.cell_name, s.months) for s in streaks) == [
        ("Chi bộ 1", 2), ("Chi bộ 2", 2), ("Chi bộ 3", 2), ("Chi bộ 5", 2),
    ]  # fmt: skip


def test_names_sort_by_letters_then_numbers_by_value() -> None:
    from bot.digest.aggregate import unit_sort_key

    names = [
        "Chi bộ xóm 10",
        "Chi bộ Xóm 2",
        "Chi bộ thôn Đông",
        "Chi bộ thôn Dương",
        "Chi bộ xóm 1",
    ]
    assert sorted(names, key=unit_sort_key) == [
        "Chi bộ thôn Đông", "Chi bộ thôn Dương", "Chi bộ xóm 1", "Chi bộ Xóm 2", "Chi bộ xóm 10",
    ]  # fmt: skip


def test_a_postponement_counts_in_the_period_it_was_moved_from() -> None:
    """Once per meeting, when the move is recorded and the old start has come by `now`, and
    only a move to a later local day (19:30 in Hà Nội is 12:30 UTC)."""
    start, end = MARCH.bounds(TZ)

    def move(meeting_id: int, old: datetime, new: datetime, at: datetime) -> MoveRow:
        return MoveRow(meeting_id, at, old, new)

    def utc(month: int, day: int, hour: int = 12, minute: int = 30) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=UTC)

    moves = [
        move(1, utc(3, 10), utc(3, 12), utc(3, 9)),  # later day: postponed
        move(1, utc(3, 12), utc(3, 20), utc(3, 11)),  # the same meeting again: still one
        move(2, utc(3, 31), utc(4, 7), utc(4, 2)),  # into April, recorded in April: March's
        move(3, utc(2, 27), utc(3, 3), utc(2, 26)),  # from February: not March's
        move(4, utc(3, 14), utc(3, 11), utc(3, 9)),  # brought forward: not postponed
        move(5, utc(3, 14), utc(3, 14, 13, 30), utc(3, 9)),  # an hour later, same day: no
        move(6, utc(3, 13), utc(3, 20), utc(3, 20)),  # recorded after `now`: not yet
        move(7, utc(3, 25), utc(3, 28), utc(3, 9)),  # its old start is still ahead: not yet
        # 31/03 23:30 in Hà Nội is 16:30 UTC: March's; 01/04 00:30 (17:30 UTC) is not.
        move(8, utc(3, 31, 16, 30), utc(4, 2, 16, 30), utc(3, 31)),
        move(9, utc(3, 31, 17, 30), utc(4, 2, 17, 30), utc(3, 31)),
    ]
    now = utc(4, 3)
    assert postponed_meetings(moves, start, end, now=now, tz=TZ) == {1, 2, 6, 7, 8}
    at_the_fifteenth = utc(3, 15)
    assert postponed_meetings(moves, start, end, now=at_the_fifteenth, tz=TZ) == {1}


async def test_the_postponed_count_follows_the_unit_and_the_cadre(db: Database) -> None:
    """Thôn Đông's moved meeting is Minh Hòa's and An's (assigned there); Cường's one is
    xóm 2's (by its status); Dung's cells have none, nor has An in An Phú."""
    seed = await seed_committee(db)
    minh_hoa = UnitRef(seed.unit_ids[MINH_HOA], MINH_HOA)
    an_phu = UnitRef(seed.unit_ids[AN_PHU], AN_PHU)
    for unit, cadre, count in [(minh_hoa, None, 1), (None, "an", 1), (None, "cuong", 1),
                               (None, "dung", 0), (an_phu, "an", 0)]:  # fmt: skip
        figures = await summarize_only(
            db, MARCH, CONFIG, now=NOW, unit=unit,
            cadre_id=seed.cadre_ids[cadre] if cadre else None,
        )  # fmt: skip
        assert figures.meetings_postponed == count, (unit, cadre)
