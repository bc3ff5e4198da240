"""Tolerant parsing of typed answers, stored-value checks and Vietnamese display."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from bot.questionnaire.answers import (
    AnswerError,
    add_photo,
    check_value,
    display_value,
    format_value,
    parse_answer,
    parse_date,
    parse_integer,
    parse_option,
    parse_selection,
    parse_text,
    parse_time,
    render_message,
)
from bot.questionnaire.model import Questionnaire, load_questionnaire

CONTEXT: dict[str, object] = {"meeting_date": "2026-03-05", "members_roster": 25}


@pytest.fixture(scope="module")
def default() -> Questionnaire:
    return load_questionnaire(None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("25", 25), ("25 người", 25), (" 25 đ/c ", 25), ("25đ/c", 25), ("0", 0), ("007", 7)],
)
def test_integer_accepts(raw: str, expected: int) -> None:
    assert parse_integer(raw, 0, 500) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("hai mươi", "Vui lòng nhập một số nguyên, ví dụ: 25."),
        ("", "Vui lòng nhập một số nguyên, ví dụ: 25."),
        ("khoảng 20", "Vui lòng nhập một số nguyên, ví dụ: 25."),
        ("20 - 25", "Vui lòng nhập một số nguyên, ví dụ: 25."),
        ("2.5", "Vui lòng nhập số nguyên, không có phần thập phân."),
        ("2,5", "Vui lòng nhập số nguyên, không có phần thập phân."),
        ("-3", "Số không được âm."),
        ("501", "Số phải từ 1 đến 500."),
        ("0", "Số phải từ 1 đến 500."),
        ("99999999999999999999", "Số phải từ 1 đến 500."),
    ],
)
def test_integer_rejects(raw: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_integer(raw, 1, 500)
    assert info.value.message == message


def test_integer_range_messages_with_one_bound() -> None:
    with pytest.raises(AnswerError, match="từ 5 trở lên"):
        parse_integer("3", 5, None)
    with pytest.raises(AnswerError, match="không được lớn hơn 10"):
        parse_integer("11", None, 10)
    assert parse_integer("12345", None, None) == 12345


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19h30", "19:30"),
        ("19:30", "19:30"),
        ("7h", "07:00"),
        ("7:05", "07:05"),
        ("7 giờ 5", "07:05"),
        ("7 giờ 5 phút", "07:05"),
        ("19g30", "19:30"),
        ("19H30", "19:30"),
        ("07.30", "07:30"),
        ("19", "19:00"),
        ("7h tối", "19:00"),
        ("2 giờ chiều", "14:00"),
        ("8h sáng", "08:00"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
    ],
)
def test_time_accepts(raw: str, expected: str) -> None:
    assert parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["24:00", "19:60", "abc", "", "19h30h", "13h sáng", "7 rưỡi"])
def test_time_rejects(raw: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_time(raw)
    assert info.value.message == "Giờ không hợp lệ. Vui lòng ghi dạng 19:30 hoặc 19h30."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/09/2026", "2026-09-05"),
        ("5/9/2026", "2026-09-05"),
        ("5-9-2026", "2026-09-05"),
        ("5.9.2026", "2026-09-05"),
        ("2026-09-05", "2026-09-05"),
        ("5/9/26", "2026-09-05"),
        ("ngày 5/9/2026", "2026-09-05"),
        ("5 tháng 9 năm 2026", "2026-09-05"),
        ("29/02/2028", "2028-02-29"),
    ],
)
def test_date_accepts(raw: str, expected: str) -> None:
    assert parse_date(raw, None) == expected


@pytest.mark.parametrize(
    ("raw", "meeting", "expected"),
    [
        ("5/9", date(2026, 9, 1), "2026-09-05"),
        ("5/9", "2026-09-01", "2026-09-05"),
        ("3/1", date(2026, 12, 28), "2027-01-03"),  # across New Year: the nearer date wins
        ("28/12", date(2027, 1, 3), "2026-12-28"),
        ("29/2", date(2028, 3, 1), "2028-02-29"),
    ],
)
def test_date_without_year_is_placed_near_the_meeting(
    raw: str, meeting: object, expected: str
) -> None:
    q = load_questionnaire(None)
    assert parse_answer(q.question("new_date"), raw, {"meeting_date": meeting}) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2026", "Ngày không hợp lệ: 31/02/2026 không có trong lịch."),
        ("2026-13-01", "Ngày không hợp lệ: 01/13/2026 không có trong lịch."),
        ("32/1/2026", "Ngày không hợp lệ: 32/01/2026 không có trong lịch."),
        ("mai", "Ngày không hợp lệ. Vui lòng ghi dạng dd/mm/yyyy, ví dụ 05/09/2026."),
        ("5/9-2026", "Ngày không hợp lệ. Vui lòng ghi dạng dd/mm/yyyy, ví dụ 05/09/2026."),
        ("5/9/1800", "Năm 1800 không hợp lệ."),
    ],
)
def test_date_rejects(raw: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_date(raw, date(2026, 3, 5))
    assert info.value.message == message


def test_date_without_year_needs_a_reference() -> None:
    with pytest.raises(AnswerError, match="ghi cả năm"):
        parse_date("5/9", None)


def test_year_less_29_february_is_refused_when_no_leap_year_is_near() -> None:
    with pytest.raises(AnswerError, match="29/02/2026 không có trong lịch"):
        parse_date("29/2", date(2026, 3, 1))


def test_text_is_trimmed_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "  Thảo luận sôi nổi  ")
    assert parse_text(decomposed, 100) == unicodedata.normalize("NFC", "Thảo luận sôi nổi")


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_text_must_not_be_empty(raw: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_text(raw, 10)
    assert info.value.message == "Vui lòng nhập nội dung, không để trống."


def test_text_too_long_says_length_and_limit() -> None:
    with pytest.raises(AnswerError) as info:
        parse_text("x" * 512, 500)
    assert info.value.message == (
        "Nội dung dài 512 ký tự, vượt quá giới hạn 500 ký tự. Vui lòng rút gọn."
    )
    assert parse_text("x" * 500, 500) == "x" * 500


def test_choices_are_option_ids(default: Questionnaire) -> None:
    status = default.question("status")
    assert parse_option(status, "held") == "held"
    assert parse_answer(status, "postponed", CONTEXT) == "postponed"
    with pytest.raises(AnswerError, match="Lựa chọn không hợp lệ"):
        parse_option(status, "Có, đã diễn ra")  # labels are not ids
    with pytest.raises(AnswerError):
        parse_option(status, "yes")  # an id of another question
    assert parse_answer(default.question("prep_secretary"), "no", CONTEXT) == "no"


def test_selection_is_ordered_and_bounded(default: Questionnaire) -> None:
    steps = default.question("steps")
    assert parse_selection(steps, ["vote", "open", "vote"]) == ["open", "vote"]
    with pytest.raises(AnswerError) as info:
        parse_selection(steps, [])
    assert info.value.message == "Vui lòng chọn ít nhất 1 mục."
    with pytest.raises(AnswerError, match="Lựa chọn không hợp lệ"):
        parse_selection(steps, ["open", "held"])
    assert parse_answer(steps, "vote, open", CONTEXT) == ["open", "vote"]


def test_photos_are_appended_up_to_the_limit(default: Questionnaire) -> None:
    photos_q = default.question("photos")
    photos: tuple[str, ...] = ()
    for n in range(5):
        photos = add_photo(photos_q, photos, f"file{n}")
    assert add_photo(photos_q, photos, "file0") == photos  # a resent photo is not counted twice
    with pytest.raises(AnswerError) as info:
        add_photo(photos_q, photos, "file5")
    assert info.value.message == "Chỉ nhận tối đa 5 ảnh. Bấm «Xong» để tiếp tục."
    with pytest.raises(AnswerError, match="cần gửi ảnh"):
        parse_answer(photos_q, "ảnh đây", CONTEXT)


@pytest.mark.parametrize(
    ("question_id", "value", "ok"),
    [
        ("members_total", 25, True),
        ("members_total", 0, False),
        ("members_total", True, False),
        ("members_total", "25", False),
        ("start_time", "19:30", True),
        ("start_time", "7:30", False),
        ("new_date", "2026-03-10", True),
        ("new_date", "10/03/2026", False),
        ("reason", "Mưa bão", True),
        ("reason", " Mưa bão ", False),
        ("reason", "", False),
        ("status", "held", True),
        ("status", "maybe", False),
        ("prep_secretary", "yes", True),
        ("prep_secretary", True, False),
        ("steps", ["open", "vote"], True),
        ("steps", ["vote", "open"], False),
        ("steps", [], False),
        ("steps", "open", False),
        ("photos", ["a", "b"], True),
        ("photos", [], False),
        ("photos", ["a"] * 2, False),
        ("photos", [f"p{i}" for i in range(6)], False),
        ("photos", None, True),  # optional: skipped
        ("remarks", None, True),
        ("status", None, False),  # required: a skip marker is not an answer
    ],
)
def test_check_value(default: Questionnaire, question_id: str, value: object, ok: bool) -> None:
    target = default.question(question_id)
    if ok:
        check_value(target, value)
    else:
        with pytest.raises(AnswerError):
            check_value(target, value)


@pytest.mark.parametrize(
    ("question_id", "value", "shown"),
    [
        ("status", "held", "Có, đã diễn ra"),
        ("prep_secretary", "yes", "Có"),
        ("prep_draft", "no", "Không"),
        ("new_date", "2026-03-10", "10/03/2026"),
        ("start_time", "19:30", "19:30"),
        ("members_total", 25, "25"),
        ("steps", ["open", "vote"], "Khai mạc, điểm danh; Biểu quyết"),
        ("photos", ["a", "b", "c"], "3 ảnh"),
        ("remarks", None, "(bỏ qua)"),
        ("resolution_results", "ge90", "≥ 90 %"),
    ],
)
def test_display_value(default: Questionnaire, question_id: str, value: object, shown: str) -> None:
    assert display_value(default.question(question_id), value) == shown


def test_format_value_is_vietnamese() -> None:
    assert format_value(0.5) == "0,5"
    assert format_value(2.0) == "2"
    assert format_value(None) == "?"
    assert format_value(True) == "Có"
    assert format_value("2026-03-05") == "05/03/2026"


def test_render_message_fills_expressions() -> None:
    env: dict[str, object] = {"a": 2, "b": 3, "d": "2026-03-05"}
    assert render_message("{a + b} vs {a} on {d}", env) == "5 vs 2 on 05/03/2026"
    assert render_message("{missing} / {a.b}", env) == "? / ?"
