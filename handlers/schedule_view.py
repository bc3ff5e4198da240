"""Render a cadre's assigned cells with their meeting rule and next meeting date."""

from __future__ import annotations

import html
from datetime import date, timedelta

from bot.calendar import DaysOff, meeting_dates
from bot.i18n import t, t_raw
from bot.meeting_rules import HolidayShift, MeetingRule
from storage.cadres import AssignedCell

LOOKAHEAD = timedelta(days=70)  # two months always contain the next monthly meeting


def rule_of(cell: AssignedCell) -> MeetingRule:
    return MeetingRule(day=cell.meeting_day, weekday=cell.meeting_weekday, nth=cell.meeting_nth)


def next_meeting_date(cell: AssignedCell, today: date, days_off: DaysOff) -> date | None:
    shift = HolidayShift(cell.holiday_shift)
    upcoming = meeting_dates(rule_of(cell), shift, days_off, today, today + LOOKAHEAD)
    return next((actual for _rule_date, actual in upcoming), None)


def describe_rule(rule: MeetingRule) -> str:
    """The rule in words: «ngày 5 hằng tháng», «Thứ Hai đầu tiên của tháng»."""
    if rule.day is not None:
        return t("rule.day", day=rule.day)
    weekday = t(f"weekday.{rule.weekday}")
    return t("rule.nth_weekday", weekday=weekday, nth=t(f"rule.nth.{rule.nth}"))


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def render_assignments(cells: list[AssignedCell], today: date, days_off: DaysOff) -> str:
    if not cells:
        return t("roster.no_assignments")
    lines = [t("roster.assignments_header")]
    for cell in cells:
        upcoming = next_meeting_date(cell, today, days_off)
        next_text = (
            t("roster.next_meeting", weekday=t(f"weekday.{upcoming.weekday()}"),
              date=format_date(upcoming))
            if upcoming
            else t("roster.no_next_meeting")
        )  # fmt: skip
        place = t("roster.place_suffix", place=cell.place) if cell.place else ""
        lines.append(
            t_raw(
                "roster.assignment_line",
                cell=html.escape(cell.cell_name),
                unit=html.escape(cell.unit_name),
                rule=describe_rule(rule_of(cell)),
                time=cell.meeting_time,
                place=place,
                next_meeting=next_text,
            )
        )
    return "\n".join(lines)
