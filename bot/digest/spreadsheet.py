"""The digest spreadsheet (XLSX), ready to file: `Tổng hợp` per meeting in the provinces'
shape, `Chi tiết` per report with one column per question, `Chưa báo cáo` (no I/O).

Each sheet opens with title rows (committee, period, when it was made), then a bold header
row that is frozen, filtered and repeated on every printed page; pages are landscape and fit
the width. Dates and times are typed cells, ratios are percentages.

Written in openpyxl's write-only mode: rows stream out as they are produced, column widths
come from the headers and the first rows, so memory does not grow with the row count.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.digest.aggregate import Expectation, Figures, MeetingRow, PeriodData, ReportRow
from bot.digest.aggregate import unit_sort_key as sort_key
from bot.i18n import t_raw
from bot.phones import display_phone
from bot.questionnaire.answers import display_value
from bot.questionnaire.model import Question, Questionnaire, QuestionType
from bot.report_reasons import reasons_from_answers

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = "HH:MM"
PERCENT_FORMAT = "0%"
MIN_WIDTH, MAX_WIDTH = 6, 50
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
# A spreadsheet program may take text starting with these for a formula (or strip them).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SUMMARY_HEADERS = ("stt", "unit", "cell", "members", "meeting_date", "score", "rating",
                   "notes")  # fmt: skip
DETAIL_HEADERS = ("receipt", "unit", "cell", "meeting_date", "cadre", "submitted_at", "late",
                  "state", "revision", "verdict", "score", "grade", "attendance", "duration",
                  "notes")  # fmt: skip
MISSING_HEADERS = ("stt", "unit", "cell", "meeting_date", "cadre", "phone", "deadline",
                   "days_overdue")  # fmt: skip

TITLE_ROWS = 3  # committee, period, generated at
HEADER_ROW = TITLE_ROWS + 2  # a blank row between the title and the table

Row = list[object]


@dataclass(frozen=True)
class Percent:
    """A ratio shown as a percentage (the cell keeps the number)."""

    value: float


@dataclass(frozen=True)
class SheetTitle:
    """What the title rows of every sheet say."""

    committee: str
    period: str
    generated_at: datetime  # local, naive


def build_workbook(
    data: PeriodData,
    figures: Figures,
    questionnaire: Questionnaire,
    tz: ZoneInfo,
    title: SheetTitle,
) -> bytes:
    """The three sheets of one period, as XLSX bytes."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, t_raw("sheet.summary"), title, [_h(k) for k in SUMMARY_HEADERS],
           _summary_rows(data, figures, questionnaire, tz))  # fmt: skip
    questions = [q for q in questionnaire.questions if q.type is not QuestionType.PHOTOS]
    _sheet(workbook, t_raw("sheet.details"), title,
           [_h(k) for k in DETAIL_HEADERS] + [q.short_label for q in questions],
           _detail_rows(data, questions, questionnaire, tz))  # fmt: skip
    _sheet(workbook, t_raw("sheet.missing"), title, [_h(k) for k in MISSING_HEADERS],
           _missing_rows(figures, tz))  # fmt: skip
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _h(key: str) -> str:
    return t_raw(f"sheet.header.{key}")


def title_lines(title: SheetTitle, sheet_name: str) -> list[str]:
    return [
        title.committee,
        t_raw("sheet.title", sheet=sheet_name, period=title.period),
        t_raw("sheet.generated", when=f"{title.generated_at:%H:%M %d/%m/%Y}"),
    ]


def _sheet(
    workbook: Any, name: str, title: SheetTitle, headers: Sequence[str], rows: Iterable[Row]
) -> None:
    sheet = workbook.create_sheet(name)
    lines = title_lines(title, name)
    header_row = HEADER_ROW
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    # Write-only sheets need their widths, views and page setup before the first row.
    for index, width in enumerate(_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    for number, line in enumerate(lines):
        cell = WriteOnlyCell(sheet, value=_text(line))
        cell.font = Font(bold=True, size=14 if number == 0 else 11)
        sheet.append([cell])
    sheet.append([])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_text(header))
        cell.font, cell.alignment = bold, wrap
        header_cells.append(cell)
    sheet.append(header_cells)
    last = header_row
    for row in itertools.chain(sample, rows):
        sheet.append([_cell(sheet, value) for value in row])
        last += 1
    # The filter is written after the rows, so it can name the last one.
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last}"


def _text(value: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


def _cell(sheet: Any, value: object) -> object:
    if isinstance(value, datetime):
        return _formatted(sheet, value, DATETIME_FORMAT)
    if isinstance(value, date):
        return _formatted(sheet, value, DATE_FORMAT)
    if isinstance(value, time):
        return _formatted(sheet, value, TIME_FORMAT)
    if isinstance(value, Percent):
        return _formatted(sheet, value.value, PERCENT_FORMAT)
    if isinstance(value, str):
        text = _text(value)
        if text.startswith(FORMULA_PREFIXES):
            # Text typed by people is never a formula, whatever it starts with.
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            return cell
        return text
    return value


def _formatted(sheet: Any, value: object, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _widths(headers: Sequence[str], rows: Iterable[Row]) -> list[float]:
    # Headers wrap, so a long one needs only about half its length.
    widths = [max(len(header) // 2, min(len(header), 12)) + 2 for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, datetime):
                length = 16
            elif isinstance(value, date):
                length = 10
            elif isinstance(value, time | Percent):
                length = 5
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


def _reasons(report: ReportRow, questionnaire: Questionnaire) -> str:
    """Why the report failed, measured value beside threshold, for the notes column: as
    stored at submission, or worked out again for reports stored before that."""
    lines = report.reasons or reasons_from_answers(
        questionnaire, report.failing_criteria, report.answers
    )
    return "; ".join(lines)


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
    data: PeriodData, figures: Figures, questionnaire: Questionnaire, tz: ZoneInfo
) -> Iterator[Row]:
    reports: dict[int, list[ReportRow]] = defaultdict(list)
    for item in data.expectations:
        if item.report is not None:
            reports[item.meeting.id].append(item.report)
    overdue = {(m.meeting.id, m.cadre.id): m.days_overdue for m in figures.missing}
    waiting: dict[int, list[int]] = defaultdict(list)
    for (meeting_id, _cadre), days in overdue.items():
        waiting[meeting_id].append(days)
    for number, meeting in enumerate(sorted(data.meetings, key=_meeting_key), start=1):
        report = _representative(reports.get(meeting.id, []))
        rating, notes, score = "", "", None
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
            rating, notes = _rating(report), _reasons(report, questionnaire)
            score = report.score
            if report.review_state != "submitted":
                state = t_raw(f"sheet.state.{report.review_state}")
                notes = f"{notes} ({state})" if notes else state
        yield [number, meeting.unit_name, meeting.cell_name, meeting.member_count,
               _local_day(meeting.starts_at, tz), score, rating, notes]  # fmt: skip


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
    if question.type is QuestionType.TIME and isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            return value
    return display_value(question, value)


def _detail_rows(
    data: PeriodData, questions: Sequence[Question], questionnaire: Questionnaire, tz: ZoneInfo
) -> Iterator[Row]:
    received: list[Expectation] = [item for item in data.expectations if item.report is not None]
    received.sort(key=lambda item: (_meeting_key(item.meeting), item.cadre.full_name))
    for item in received:
        report = item.report
        assert report is not None
        verdict = ""
        if report.outcome == "held" and report.meets_standard is not None:
            verdict = t_raw("sheet.meets" if report.meets_standard else "sheet.below")
        answers = dict(report.answers)
        ratio = report.attendance_ratio
        yield [
            report.receipt_no, item.meeting.unit_name, item.meeting.cell_name,
            _local_day(item.meeting.starts_at, tz), item.cadre.full_name,
            _local_naive(report.submitted_at, tz),
            t_raw("sheet.yes" if report.late else "sheet.no"),
            t_raw(f"sheet.state.{report.review_state}"), report.revision, verdict,
            report.score, report.grade or "", None if ratio is None else Percent(ratio),
            report.duration_minutes, _reasons(report, questionnaire),
            *(_answer(question, answers) for question in questions),
        ]  # fmt: skip


def _missing_rows(figures: Figures, tz: ZoneInfo) -> Iterator[Row]:
    ordered = sorted(figures.missing, key=lambda m: (_meeting_key(m.meeting), m.cadre.full_name))
    return (
        [number, item.meeting.unit_name, item.meeting.cell_name,
         _local_day(item.meeting.starts_at, tz), item.cadre.full_name,
         display_phone(item.cadre.phone), _local_naive(item.deadline, tz), item.days_overdue]
        for number, item in enumerate(ordered, start=1)
    )  # fmt: skip
