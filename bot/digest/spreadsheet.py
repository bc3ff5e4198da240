"""The digest spreadsheet (XLSX): `Tổng hợp` per meeting in the provinces' shape, `Chi tiết`
per report with one column per question, `Chưa báo cáo` (no I/O).

Written in openpyxl's write-only mode: rows stream out, so a province's month stays quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.digest.aggregate import Expectation, Figures, MeetingRow, PeriodData, ReportRow
from bot.digest.aggregate import unit_sort_key as sort_key
from bot.i18n import t_raw
from bot.phones import display_phone
from bot.questionnaire.answers import display_value
from bot.questionnaire.model import Question, Questionnaire, QuestionType

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 6, 60
SUMMARY_HEADERS = ("stt", "unit", "cell", "members", "meeting_date", "rating", "notes")
DETAIL_HEADERS = ("receipt", "unit", "cell", "meeting_date", "cadre", "submitted_at", "late",
                  "state", "revision", "verdict", "score", "grade", "failing")  # fmt: skip
MISSING_HEADERS = ("stt", "unit", "cell", "meeting_date", "cadre", "phone", "deadline",
                   "days_overdue")  # fmt: skip

Row = list[object]


def build_workbook(
    data: PeriodData, figures: Figures, questionnaire: Questionnaire, tz: ZoneInfo
) -> bytes:
    """The three sheets of one period, as XLSX bytes."""
    criteria = {c.id: c.name for c in questionnaire.rubric.criteria}
    workbook = Workbook(write_only=True)
    _sheet(workbook, t_raw("sheet.summary"), [_h(k) for k in SUMMARY_HEADERS],
           _summary_rows(data, figures, criteria, tz))  # fmt: skip
    questions = [q for q in questionnaire.questions if q.type is not QuestionType.PHOTOS]
    _sheet(workbook, t_raw("sheet.details"),
           [_h(k) for k in DETAIL_HEADERS] + [q.prompt for q in questions],
           _detail_rows(data, questions, criteria, tz))  # fmt: skip
    _sheet(workbook, t_raw("sheet.missing"), [_h(k) for k in MISSING_HEADERS],
           _missing_rows(figures, tz))  # fmt: skip
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _h(key: str) -> str:
    return t_raw(f"sheet.header.{key}")


def _sheet(workbook: Any, title: str, headers: Sequence[str], rows: list[Row]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    # Write-only sheets need their widths before the first row.
    for index, width in enumerate(_widths(headers, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet: Any, value: object) -> object:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if text.startswith("="):
            # Text typed by people is never a formula, even when it starts with «=».
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            return cell
        return text
    return value


def _widths(headers: Sequence[str], rows: Iterable[Row]) -> list[float]:
    widths = [len(header) + 2 for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, date):
                length = 17 if isinstance(value, datetime) else 11
            else:
                length = len(str(value)) if value is not None else 0
            widths[index] = max(widths[index], length + 2)
    return [float(min(max(width, MIN_WIDTH), MAX_WIDTH)) for width in widths]


def _local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def _local_naive(moment: datetime, tz: ZoneInfo) -> datetime:
    # Spreadsheets have no time zones: the committee reads local time.
    return moment.astimezone(tz).replace(tzinfo=None)


def _meeting_key(meeting: MeetingRow) -> tuple[str, str, datetime, int]:
    return (sort_key(meeting.unit_name), sort_key(meeting.cell_name), meeting.starts_at, meeting.id)


def _failing(report: ReportRow, criteria: dict[str, str]) -> str:
    return "; ".join(f"{cid} {criteria.get(cid, '')}".strip() for cid in report.failing_criteria)


def _rating(report: ReportRow) -> str:
    if report.outcome != "held" or report.meets_standard is None:
        return ""
    if report.grade:
        return report.grade
    return t_raw("sheet.meets" if report.meets_standard else "sheet.below")


def _representative(reports: Sequence[ReportRow]) -> ReportRow | None:
    """When several cadres reported one meeting, the strictest held report speaks for it."""
    held = [r for r in reports if r.outcome == "held"]
    if held:
        return min(held, key=lambda r: (r.meets_standard is not False, r.score or 0, r.id))
    return reports[0] if reports else None


def _summary_rows(
    data: PeriodData, figures: Figures, criteria: dict[str, str], tz: ZoneInfo
) -> list[Row]:
    reports: dict[int, list[ReportRow]] = defaultdict(list)
    for item in data.expectations:
        if item.report is not None:
            reports[item.meeting.id].append(item.report)
    overdue = {(m.meeting.id, m.cadre.id): m.days_overdue for m in figures.missing}
    waiting: dict[int, list[int]] = defaultdict(list)
    for (meeting_id, _cadre), days in overdue.items():
        waiting[meeting_id].append(days)
    rows: list[Row] = []
    for number, meeting in enumerate(sorted(data.meetings, key=_meeting_key), start=1):
        report = _representative(reports.get(meeting.id, []))
        rating, notes = "", ""
        if meeting.status == "cancelled":
            notes = t_raw("sheet.note.cancelled")
        elif meeting.status == "postponed":
            notes = t_raw("sheet.note.postponed")
        elif report is None and meeting.id not in waiting:
            notes = t_raw("sheet.note.unassigned")
        elif report is None:
            days = max(waiting[meeting.id])
            status = t_raw("digest.overdue", days=str(days)) if days else t_raw("digest.not_due")
            notes = t_raw("sheet.note.missing", status=status)
        elif report.outcome == "cancelled":
            notes = t_raw("sheet.note.not_held", reason=str(report.answers.get("reason", "")))
        elif report.outcome == "absent":
            notes = t_raw("sheet.note.absent", reason=str(report.answers.get("reason", "")))
        else:
            rating, notes = _rating(report), _failing(report, criteria)
            if report.review_state != "submitted":
                state = t_raw(f"sheet.state.{report.review_state}")
                notes = f"{notes} ({state})" if notes else state
        rows.append([number, meeting.unit_name, meeting.cell_name, meeting.member_count,
                     _local_day(meeting.starts_at, tz), rating, notes])  # fmt: skip
    return rows


def _answer(question: Question, answers: dict[str, object]) -> object:
    if question.id not in answers:
        return None
    value = answers[question.id]
    if question.type is QuestionType.INTEGER and isinstance(value, int):
        return value
    if question.type is QuestionType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return display_value(question, value)


def _detail_rows(
    data: PeriodData, questions: Sequence[Question], criteria: dict[str, str], tz: ZoneInfo
) -> list[Row]:
    received: list[Expectation] = [item for item in data.expectations if item.report is not None]
    received.sort(key=lambda item: (_meeting_key(item.meeting), item.cadre.full_name))
    rows: list[Row] = []
    for item in received:
        report = item.report
        assert report is not None
        verdict = ""
        if report.outcome == "held" and report.meets_standard is not None:
            verdict = t_raw("sheet.meets" if report.meets_standard else "sheet.below")
        answers = dict(report.answers)
        rows.append([
            report.receipt_no, item.meeting.unit_name, item.meeting.cell_name,
            _local_day(item.meeting.starts_at, tz), item.cadre.full_name,
            _local_naive(report.submitted_at, tz),
            t_raw("sheet.yes" if report.late else "sheet.no"),
            t_raw(f"sheet.state.{report.review_state}"), report.revision, verdict,
            report.score, report.grade or "", _failing(report, criteria),
            *(_answer(question, answers) for question in questions),
        ])  # fmt: skip
    return rows


def _missing_rows(figures: Figures, tz: ZoneInfo) -> list[Row]:
    ordered = sorted(figures.missing, key=lambda m: (_meeting_key(m.meeting), m.cadre.full_name))
    return [
        [number, item.meeting.unit_name, item.meeting.cell_name,
         _local_day(item.meeting.starts_at, tz), item.cadre.full_name,
         display_phone(item.cadre.phone), _local_naive(item.deadline, tz), item.days_overdue]
        for number, item in enumerate(ordered, start=1)
    ]  # fmt: skip
