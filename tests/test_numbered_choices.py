"""Numbered choices: how a screen is drawn, and what a typed reply picks on it."""

from __future__ import annotations

import pytest

from bot.messages import Button, Outbound
from bot.numbered_choices import NoSuchChoice, Picked, Screen, read, render

YES_NO = Screen((("Có, đã diễn ra", "r:1:c:y"), ("Không tổ chức", "r:1:c:n"), ("Hoãn", "r:1:c:p")))
BOXES = Screen(
    (("▫️ Đánh giá", "t:a"), ("✅ Phương hướng", "t:b"), ("▫️ Thảo luận", "t:c"),
     ("▫️ Biểu quyết", "t:d"), ("✔️ Xong (1 mục đã chọn)", "d"))
)  # fmt: skip
TYPED = Screen((("32 (theo danh sách)", "p"), ("◀️ Quay lại", "b")), expects_text=True)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", Picked((1,))),
        ("1.", Picked((1,))),
        (" số 2 ", Picked((2,))),
        ("So 3", Picked((3,))),
        ("co", Picked((1,))),  # a label typed without accents
        ("khong", Picked((2,))),
        ("Hoãn", Picked((3,))),
        ("4", NoSuchChoice((1, 2, 3))),
        ("0", NoSuchChoice((1, 2, 3))),
        ("1 3", NoSuchChoice((1, 2, 3))),  # several numbers on a single choice
        ("h", None),  # too short to be a label
        ("đã diễn ra", None),  # not the start of a label: the text itself
    ],
)
def test_a_single_choice(typed: str, expected: object) -> None:
    assert read(typed, YES_NO) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 3 4", Picked((1, 3, 4))),
        ("1,3,4", Picked((1, 3, 4))),
        ("3-4", Picked((3, 4))),
        ("1 - 3", Picked((1, 2, 3))),
        ("tất cả", Picked((1, 3, 4))),  # every box not yet ticked
        ("5", Picked((5,))),  # «Xong»
        ("1 5", NoSuchChoice((1, 2, 3, 4))),  # «Xong» is not a box
        ("4-1", NoSuchChoice((1, 2, 3, 4))),
    ],
)
def test_a_multi_choice(typed: str, expected: object) -> None:
    assert read(typed, BOXES) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("28", None),
        ("1", None),
        ("#1", Picked((1,))),
        ("số 2", Picked((2,))),
        ("#3", NoSuchChoice((1, 2))),
    ],
)
def test_a_typed_answer_reads_digits_as_the_answer(typed: str, expected: object) -> None:
    assert read(typed, TYPED) == expected


def test_no_screen_means_no_pick() -> None:
    assert read("1", None) is None and read("1", Screen(())) is None


def test_choices_are_drawn_as_numbered_lines() -> None:
    outbound = Outbound("c", "Câu 1", ((Button("Có", "y"), Button("Không", "n")),))
    assert render("Câu 1", outbound) == "Câu 1\n\n1. Có\n2. Không\n(Trả lời bằng số, ví dụ: 1)"
    typed = Outbound("c", "Câu 2", ((Button("◀️ Quay lại", "b"),),), expects_text=True)
    assert "#1. ◀️ Quay lại" in render("Câu 2", typed)
    assert render("Chỉ chữ", Outbound("c", "Chỉ chữ")) == "Chỉ chữ"
