"""Days typed the way people say them: «hôm qua», «hôm kia», «thứ 5 tuần trước» (no I/O)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.text import fold

_BACK = {"hom nay": 0, "hom qua": 1, "hom kia": 2}
# Weekday numbers as Vietnamese count them: thứ 2 is Monday … thứ 7 is Saturday, CN Sunday.
_WEEKDAY_WORDS = {"hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7}
_WEEKDAY = re.compile(r"^(?:thu|t)\s*(\d|hai|ba|tu|bon|nam|sau|bay)$|^(?:chu nhat|cn)$")


def relative_day(text: str, today: date) -> date | None:
    """The day meant, or None when the text is not such an expression.

    A weekday alone is the latest such day up to today; with «tuần trước» it is that day of
    the previous week (weeks start on Monday)."""
    key = fold(text).strip(" .")
    if key in _BACK:
        return today - timedelta(days=_BACK[key])
    last_week = key.endswith("tuan truoc")
    if last_week:
        key = key.removesuffix("tuan truoc").strip()
    match = _WEEKDAY.match(key)
    if match is None:
        return None
    word = match.group(1)
    if word is None:  # chủ nhật
        weekday = 6
    else:
        number = int(word) if word.isdigit() else _WEEKDAY_WORDS[word]
        if not 2 <= number <= 7:
            return None
        weekday = number - 2
    if last_week:
        monday = today - timedelta(days=today.weekday() + 7)
        return monday + timedelta(days=weekday)
    return today - timedelta(days=(today.weekday() - weekday) % 7)
