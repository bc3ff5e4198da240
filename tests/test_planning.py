"""The pure planner: which meetings exist for each cell, and which get re-timed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import DaysOff
from bot.meeting_rules import HolidayShift, MeetingRule
from bot.planning import CellSchedule, ExistingMeeting, Plan, meeting_start, plan

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 3, 10)  # a Tuesday


def cell(
    rule: MeetingRule = MeetingRule(day=5),  # noqa: B008 - frozen, safe to share
    *,
    cell_id: int = 1,
    time: str = "19:30",
    place: str | None = "Nhà văn hóa",
    shift: HolidayShift = HolidayShift.NEXT,
) -> CellSchedule:
    return CellSchedule(cell_id=cell_id, rule=rule, time=time, place=place, shift=shift)


def actual_dates(result: Plan) -> list[tuple[date, date]]:
    """(rule date, local actual date) of every meeting to insert."""
    return [(m.rule_date, m.starts_at.astimezone(TZ).date()) for m in result.to_insert]


def as_existing(result: Plan) -> list[ExistingMeeting]:
    """What the database holds after applying a plan's inserts."""
    return [
        ExistingMeeting(
            id=index, cell_id=m.cell_id, rule_date=m.rule_date, starts_at=m.starts_at,
            place=m.place, status="planned", changed_manually=False, has_report=False,
        )
        for index, m in enumerate(result.to_insert, start=1)
    ]  # fmt: skip


def run(
    cells: list[CellSchedule],
    existing: list[ExistingMeeting] | None = None,
    *,
    today: date = TODAY,
    horizon_days: int = 62,
    days_off: DaysOff | None = None,
) -> Plan:
    return plan(
        cells,
        existing or [],
        days_off=days_off or DaysOff(),
        tz=TZ,
        today=today,
        horizon_days=horizon_days,
    )


def test_day_5_rule_at_local_time_stored_in_utc() -> None:
    result = run([cell()])
    # 05/04/2026 is a Sunday: the meeting moves to Monday 06/04. 05/05 is a Tuesday.
    assert actual_dates(result) == [
        (date(2026, 4, 5), date(2026, 4, 6)),
        (date(2026, 5, 5), date(2026, 5, 5)),
    ]
    first = result.to_insert[0]
    assert first.starts_at == datetime(2026, 4, 6, 12, 30, tzinfo=UTC)
    assert first.starts_at.tzinfo is UTC
    assert first.place == "Nhà văn hóa" and first.cell_id == 1
    assert result.to_update == ()


def test_meeting_start_is_local_time() -> None:
    assert meeting_start(date(2026, 3, 5), "07:30", TZ) == datetime(2026, 3, 5, 0, 30, tzinfo=UTC)
    # Early morning in Hà Nội is still the previous day in UTC.
    assert meeting_start(date(2026, 3, 5), "06:00", TZ) == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)


def test_first_monday_rule() -> None:
    result = run([cell(MeetingRule(weekday=0, nth=1), time="07:30")])
    assert actual_dates(result) == [
        (date(2026, 4, 6), date(2026, 4, 6)),
        (date(2026, 5, 4), date(2026, 5, 4)),
    ]


def test_day_31_is_the_last_day_of_short_months() -> None:
    today = date(2026, 2, 1)
    kept = run([cell(MeetingRule(day=31), shift=HolidayShift.KEEP)], today=today)
    assert actual_dates(kept) == [
        (date(2026, 2, 28), date(2026, 2, 28)),
        (date(2026, 3, 31), date(2026, 3, 31)),
    ]
    # Shifted to working days, January's meeting (Saturday 31/01) lands in the window on
    # Monday 02/02, and February's (Saturday 28/02) on Monday 02/03: one per rule month.
    shifted = run([cell(MeetingRule(day=31))], today=today)
    assert actual_dates(shifted) == [
        (date(2026, 1, 31), date(2026, 2, 2)),
        (date(2026, 2, 28), date(2026, 3, 2)),
        (date(2026, 3, 31), date(2026, 3, 31)),
    ]


@pytest.mark.parametrize(
    ("shift", "expected"),
    [
        # Tết 2026: 16–20/02 are holidays, then a weekend.
        (HolidayShift.NEXT, date(2026, 2, 23)),
        (HolidayShift.PREVIOUS, date(2026, 2, 13)),
        (HolidayShift.KEEP, date(2026, 2, 17)),
    ],
    ids=["sau", "truoc", "khong"],
)
def test_lunar_new_year_2026(shift: HolidayShift, expected: date) -> None:
    result = run([cell(MeetingRule(day=17), shift=shift)], today=date(2026, 2, 1), horizon_days=30)
    assert actual_dates(result) == [(date(2026, 2, 17), expected)]


def test_an_extra_day_off_moves_a_meeting() -> None:
    days_off = DaysOff(extra_days_off=frozenset({date(2026, 5, 5)}))
    result = run([cell()], days_off=days_off)
    assert actual_dates(result)[1] == (date(2026, 5, 5), date(2026, 5, 6))


def test_an_extra_working_saturday_keeps_a_meeting() -> None:
    rule = MeetingRule(day=4)  # 04/04/2026 is a Saturday
    assert actual_dates(run([cell(rule)]))[0] == (date(2026, 4, 4), date(2026, 4, 6))
    days_off = DaysOff(extra_working_days=frozenset({date(2026, 4, 4)}))
    assert actual_dates(run([cell(rule)], days_off=days_off))[0] == (
        date(2026, 4, 4),
        date(2026, 4, 4),
    )


def test_the_window_includes_today_and_the_horizon_end() -> None:
    result = run([cell(MeetingRule(day=10))], horizon_days=31)
    assert actual_dates(result) == [
        (date(2026, 3, 10), date(2026, 3, 10)),
        (date(2026, 4, 10), date(2026, 4, 10)),
    ]


def test_planning_twice_adds_nothing() -> None:
    cells = [cell(), cell(MeetingRule(weekday=4, nth=-1), cell_id=2, time="15:30")]
    first = run(cells)
    assert len(first.to_insert) == 4
    assert run(cells, as_existing(first)) == Plan((), ())


def test_a_later_day_adds_only_the_new_month() -> None:
    existing = as_existing(run([cell()]))
    later = run([cell()], existing, today=date(2026, 4, 10))
    assert actual_dates(later) == [(date(2026, 6, 5), date(2026, 6, 5))]
    assert later.to_update == ()


def test_a_rule_change_retimes_only_untouched_planned_meetings() -> None:
    first = run([cell(), cell(cell_id=2), cell(cell_id=3), cell(cell_id=4)])
    existing = as_existing(first)
    protected = {
        2: {"has_report": True},
        3: {"changed_manually": True},
        4: {"status": "cancelled"},
    }
    existing = [replace(m, **protected.get(m.cell_id, {})) for m in existing]  # type: ignore[arg-type]
    new_cells = [cell(cell_id=n, time="20:00", place="Hội trường") for n in (1, 2, 3, 4)]
    result = run(new_cells, existing)
    assert result.to_insert == ()
    updated = {change.meeting_id for change in result.to_update}
    assert updated == {m.id for m in existing if m.cell_id == 1}
    change = result.to_update[0]
    assert change.starts_at == datetime(2026, 4, 6, 13, 0, tzinfo=UTC)
    assert change.place == "Hội trường" and change.rule_date == date(2026, 4, 5)


def test_a_new_meeting_day_moves_the_month_meeting_instead_of_adding_one() -> None:
    existing = as_existing(run([cell()]))
    result = run([cell(MeetingRule(day=20))], existing)
    # The planner never deletes, so a second April meeting would stay; the existing one moves.
    # March had no meeting yet and its 20th is still ahead: that one is new.
    assert actual_dates(result) == [(date(2026, 3, 20), date(2026, 3, 20))]
    assert [(c.meeting_id, c.rule_date) for c in result.to_update] == [
        (1, date(2026, 4, 20)),
        (2, date(2026, 5, 20)),
    ]


def test_a_month_with_a_cancelled_meeting_gets_no_new_one() -> None:
    existing = [replace(m, status="cancelled") for m in as_existing(run([cell()]))]
    result = run([cell(MeetingRule(day=20))], existing)
    assert actual_dates(result) == [(date(2026, 3, 20), date(2026, 3, 20))]  # March had none
    assert result.to_update == ()


def test_an_added_day_off_retimes_a_planned_meeting() -> None:
    existing = as_existing(run([cell()]))
    days_off = DaysOff(extra_days_off=frozenset({date(2026, 4, 6)}))
    result = run([cell()], existing, days_off=days_off)
    assert [(c.meeting_id, c.starts_at.astimezone(TZ).date()) for c in result.to_update] == [
        (1, date(2026, 4, 7))
    ]


def test_past_meetings_are_left_alone() -> None:
    existing = as_existing(run([cell()], today=date(2026, 3, 1)))
    assert existing[0].rule_date == date(2026, 3, 5)
    # After the 5th, a time change re-times April's meeting but not March's.
    result = run([cell(time="20:00")], existing, today=date(2026, 3, 10))
    assert [c.rule_date for c in result.to_update] == [date(2026, 4, 5)]
    assert [m.rule_date for m in result.to_insert] == [date(2026, 5, 5)]


def test_a_planned_meeting_pushed_past_the_horizon_is_still_retimed() -> None:
    existing = as_existing(run([cell()], horizon_days=56))  # up to 05/05
    days_off = DaysOff(extra_days_off=frozenset({date(2026, 5, 5)}))
    result = run([cell()], existing, horizon_days=56, days_off=days_off)
    assert [c.starts_at.astimezone(TZ).date() for c in result.to_update] == [date(2026, 5, 6)]
