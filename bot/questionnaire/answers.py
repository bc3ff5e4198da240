"""Answer values: tolerant parsing of what cadres type, shape checks, Vietnamese display."""

# Stored values are JSON-friendly: integer → int, time → "HH:MM", date → "YYYY-MM-DD",
# text → str (NFC, trimmed), choice and yes_no → the option id ("yes"/"no" for yes_no),
# multi_choice → list of option ids in option order, photos → list of file ids,
# and None for a skipped optional question.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TypeGuard

from bot.i18n import label
from bot.questionnaire.expressions import ExpressionError, compile_expression
from bot.questionnaire.model import Derived, Question, QuestionType
from bot.text import fold

MAX_DIGITS = 9  # nobody counts a billion members; also keeps int() away from huge inputs

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class AnswerError(ValueError):
    """An answer that cannot be accepted; `message` is Vietnamese and shown to the cadre."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_answer(question: Question, raw_text: str, context: Mapping[str, object]) -> object:
    """Turn typed text (or an option id for choices) into the stored value, or raise AnswerError."""
    match question.type:
        case QuestionType.INTEGER:
            return parse_integer(raw_text, question.min, question.max)
        case QuestionType.TIME:
            return parse_time(raw_text)
        case QuestionType.DATE:
            return parse_date(raw_text, reference_date(context))
        case QuestionType.TEXT:
            return parse_text(raw_text, question.max_length)
        case QuestionType.CHOICE | QuestionType.YES_NO:
            return parse_option(question, raw_text.strip())
        case QuestionType.MULTI_CHOICE:
            return parse_selection(question, [p for p in re.split(r"[\s,;]+", raw_text) if p])
        case QuestionType.PHOTOS:
            raise AnswerError(answer_text("photos_only"))
    raise AnswerError(answer_text("value_invalid"))  # unreachable: every type is handled above


_INTEGER = re.compile(r"([-−]?)\s*(\d+)(?:[.,](\d+))?\s*(\D*)")


def parse_integer(text: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """`25`, `25 người`, ` 25 đ/c ` → 25; decimals, negatives and words are refused."""
    match = _INTEGER.fullmatch(unicodedata.normalize("NFC", text).strip())
    if match is None:
        raise AnswerError(answer_text("integer_not_number"))
    sign, digits, decimals, _unit = match.groups()
    if decimals is not None:
        raise AnswerError(answer_text("integer_decimal"))
    if sign and (minimum is None or minimum >= 0):
        raise AnswerError(answer_text("integer_negative"))
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise AnswerError(_range_message(minimum, maximum) or answer_text("integer_not_number"))
    value = -int(digits) if sign else int(digits)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise AnswerError(_range_message(minimum, maximum) or answer_text("integer_not_number"))
    return value


def _range_message(minimum: int | None, maximum: int | None) -> str | None:
    if minimum is not None and maximum is not None:
        return answer_text("integer_range", min=minimum, max=maximum)
    if minimum is not None:
        return answer_text("integer_at_least", min=minimum)
    if maximum is not None:
        return answer_text("integer_at_most", max=maximum)
    return None


_TIME = re.compile(
    r"(\d{1,2})\s*(?:(?::|h|g|gio|\.)\s*(?:(\d{1,2})\s*(?:p|ph|phut|')?)?)?\s*"
    r"(sang|trua|chieu|toi)?"
)


def parse_time(text: str) -> str:
    """`19h30`, `19:30`, `7h`, `7:05`, `7 giờ 5`, `19g30`, `7h tối` → "HH:MM"."""
    match = _TIME.fullmatch(fold(text))
    if match is None:
        raise AnswerError(answer_text("time_invalid"))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    part_of_day = match.group(3)
    if part_of_day in ("chieu", "toi") and 1 <= hour < 12:
        hour += 12  # "7 giờ tối" is 19:00
    if hour > 23 or minute > 59 or (part_of_day == "sang" and hour > 12):
        raise AnswerError(answer_text("time_invalid"))
    return f"{hour:02d}:{minute:02d}"


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?")
_WORDS_DATE = re.compile(r"(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:,|nam)?\s*(\d{4}))?")


def reference_date(context: Mapping[str, object]) -> date | None:
    """The date a year-less answer is placed near: the meeting date, else today."""
    for key in ("meeting_date", "today"):
        value = context.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
    return None


def parse_date(text: str, reference: date | None = None) -> str:
    """`05/09/2026`, `5/9/2026`, `5-9-2026`, `2026-09-05`, `5/9` → "2026-09-05"."""
    folded = fold(text).removeprefix("ngay").strip()
    year: int | None
    if match := _ISO_DATE.fullmatch(folded):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY_DATE.fullmatch(folded):
        day, month = int(match.group(1)), int(match.group(3))
        year = _full_year(match.group(4))
    elif match := _WORDS_DATE.fullmatch(folded):
        day, month = int(match.group(1)), int(match.group(2))
        year = _full_year(match.group(3))
    else:
        raise AnswerError(answer_text("date_invalid"))
    if year is None:
        return _nearest(day, month, reference).isoformat()
    if not 1900 <= year <= 2100:
        raise AnswerError(answer_text("date_year_range", year=year))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise AnswerError(
            answer_text("date_not_in_calendar", day=day, month=month, year=year)
        ) from None


def _full_year(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


def _nearest(day: int, month: int, reference: date | None) -> date:
    """The real date with that day and month closest to the reference (around New Year too)."""
    if reference is None:
        raise AnswerError(answer_text("date_needs_year"))
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        year = reference.year
        raise AnswerError(answer_text("date_not_in_calendar", day=day, month=month, year=year))
    return min(candidates, key=lambda candidate: abs((candidate - reference).days))


def parse_text(text: str, max_length: int | None = None) -> str:
    """Trimmed NFC text; empty or too long is refused with the length in the message."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    if not cleaned:
        raise AnswerError(answer_text("text_empty"))
    if max_length is not None and len(cleaned) > max_length:
        raise AnswerError(answer_text("text_too_long", length=len(cleaned), limit=max_length))
    return cleaned


def parse_option(question: Question, option_id: str) -> str:
    """An option id of this question (choice and yes_no)."""
    if question.option(option_id) is None:
        raise AnswerError(answer_text("option_invalid"))
    return option_id


def parse_selection(question: Question, option_ids: Sequence[str]) -> list[str]:
    """Selected option ids, de-duplicated, in option order, at least `min` / at most `max`."""
    if any(question.option(option_id) is None for option_id in option_ids):
        raise AnswerError(answer_text("option_invalid"))
    chosen = [option_id for option_id in question.option_ids if option_id in option_ids]
    if question.min is not None and len(chosen) < question.min:
        raise AnswerError(answer_text("select_at_least", min=question.min))
    if question.max is not None and len(chosen) > question.max:
        raise AnswerError(answer_text("select_at_most", max=question.max))
    return chosen


def add_photo(question: Question, photos: Sequence[str], file_id: str) -> tuple[str, ...]:
    """Photos so far plus this one; a repeated file id is ignored, the limit is enforced."""
    if not file_id:
        raise AnswerError(answer_text("photos_only"))
    if file_id in photos:
        return tuple(photos)
    if len(photos) >= question.max_photos:
        raise AnswerError(answer_text("photos_too_many", max=question.max_photos))
    return (*photos, file_id)


def check_value(question: Question, value: object) -> None:
    """Raise AnswerError unless `value` is a stored value this question could have produced."""
    if value is None:
        if question.required:
            raise AnswerError(answer_text("required_missing"))
        return
    if not _canonical(question, value):
        raise AnswerError(answer_text("value_invalid"))


def _canonical(question: Question, value: object) -> bool:
    try:
        match question.type:
            case QuestionType.INTEGER:
                return (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and parse_integer(str(value), question.min, question.max) == value
                )
            case QuestionType.TIME:
                return isinstance(value, str) and parse_time(value) == value
            case QuestionType.DATE:
                return isinstance(value, str) and parse_date(value) == value
            case QuestionType.TEXT:
                return isinstance(value, str) and parse_text(value, question.max_length) == value
            case QuestionType.CHOICE | QuestionType.YES_NO:
                return isinstance(value, str) and question.option(value) is not None
            case QuestionType.MULTI_CHOICE:
                return _strings(value) and parse_selection(question, value) == value
            case QuestionType.PHOTOS:
                return (
                    _strings(value)
                    and 1 <= len(value) <= question.max_photos
                    and all(value)
                    and len(set(value)) == len(value)
                )
    except AnswerError:
        return False
    return False


def answer_text(key: str, **params: object) -> str:
    """A message about an answer, in the configured language (`answer.<key>`)."""
    return label(f"answer.{key}", **params)


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def display_value(question: Question, value: object) -> str:
    """How an answer reads in Vietnamese: option labels, dd/mm/yyyy, "3 ảnh", "(bỏ qua)"."""
    if value is None:
        return answer_text("skipped")
    match question.type:
        case QuestionType.CHOICE | QuestionType.YES_NO:
            option = question.option(str(value))
            return option.label if option is not None else str(value)
        case QuestionType.MULTI_CHOICE if isinstance(value, list):
            labels = [getattr(question.option(str(i)), "label", str(i)) for i in value]
            return "; ".join(labels) if labels else answer_text("nothing_selected")
        case QuestionType.PHOTOS if isinstance(value, list):
            return answer_text("photo_count", count=len(value))
    return format_value(value)


def render_message(message: str, env: Mapping[str, object]) -> str:
    """A check message with each `{expression}` replaced by its value."""

    def fill(match: re.Match[str]) -> str:
        try:
            value = compile_expression(match.group(1)).evaluate(env)
        except ExpressionError:
            return "?"
        return format_value(value)

    return _PLACEHOLDER.sub(fill, message)


def format_value(value: object) -> str:
    """A value for a message: Vietnamese numbers, dd/mm/yyyy dates, "?" when unknown."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def format_number(value: float) -> str:
    """Vietnamese style: a comma before decimals, at most two of them."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def format_derived(item: Derived, value: object) -> str:
    """A derived value for the review screen (percent or number)."""
    if item.format == "percent" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{format_number(round(value * 100, 1))}%"
    return format_value(value)
