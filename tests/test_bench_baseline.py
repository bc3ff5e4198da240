"""The baseline bot of `bench/answers.py` offers, after each answer, the buttons the script
presses next, so the same script drives it and the project."""

from __future__ import annotations

from bench.baseline_ptb import QUESTIONS, keyboard, labels_after
from bench.report_script import REPORT_STEPS


def test_each_screen_offers_the_next_button_or_the_boxes_left_to_tick() -> None:
    assert labels_after(0) == ["Có, đã diễn ra"]  # after /baocao
    assert labels_after(3) == []  # after the start time: the end time is typed
    first_tick = next(n for n, step in enumerate(REPORT_STEPS) if step.kind == "tick")
    assert labels_after(first_tick - 1) == [
        *(step.value for step in REPORT_STEPS if step.kind == "tick"),
        "✔️ Xong",
    ]
    assert labels_after(first_tick) == labels_after(first_tick - 1)[1:]
    assert labels_after(len(REPORT_STEPS) - 1) == []
    assert len(REPORT_STEPS) - 1 == QUESTIONS


def test_every_pressed_label_is_on_the_screen_before_it() -> None:
    for index, step in enumerate(REPORT_STEPS[1:], start=1):
        if step.kind in ("press", "tick"):
            markup = keyboard(index - 1)
            assert markup is not None
            labels = [button.text for row in markup.inline_keyboard for button in row]
            assert step.value in labels and "◀️ Quay lại" in labels
