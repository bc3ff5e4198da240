"""Choices as numbered lines, answered by typing a number: for messengers without buttons
(Zalo) and the console demo. Pure: rendering an `Outbound`, and reading what was typed
against the screen it answers.

A screen whose answer is typed (a number of people, a time) reads digits as that answer, so
its choices are picked with `#2` or `số 2` there. Multi-choice lists (check boxes) also take
`1 3 5`, `1,3,5`, `1-4` and `tất cả`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.i18n import t
from bot.messages import Outbound
from bot.text import fold

# The check boxes of a multi-choice list (handlers/report_render.py draws them).
UNTICKED, TICKED = "▫️", "✅"
MAX_NUMBER = 999

_SINGLE = re.compile(r"(?:so\s*)?#?\s*(\d{1,3})\s*[.)]?")
_MARKED = re.compile(r"(?:so\s*#?|#)\s*(\d{1,3})\s*[.)]?")
_LIST = re.compile(r"\d{1,3}(?:\s*-\s*\d{1,3})?(?:\s*[,;\s]\s*\d{1,3}(?:\s*-\s*\d{1,3})?)+")
_RANGE = re.compile(r"(\d{1,3})\s*-\s*(\d{1,3})")
_ALL = frozenset({"tat ca", "chon tat ca", "all"})


@dataclass(frozen=True)
class Screen:
    choices: tuple[tuple[str, str], ...]  # (label, button data), numbered from 1
    expects_text: bool = False

    def toggles(self) -> list[int]:
        """Numbers of the check boxes (multi-choice items)."""
        return [n for n, (label, _) in enumerate(self.choices, 1) if _is_box(label)]


@dataclass(frozen=True)
class Picked:
    numbers: tuple[int, ...]  # in the order to apply them


@dataclass(frozen=True)
class NoSuchChoice:
    valid: tuple[int, ...]


Reading = Picked | NoSuchChoice | None  # None: not a pick; the text is an answer itself


def screen_of(outbound: Outbound) -> Screen | None:
    """The screen an outgoing message sets up; None when it leaves the previous one be."""
    choices = tuple((b.label, b.data) for row in outbound.buttons for b in row)
    # A question to be answered in words (a review comment) also retires the old numbers.
    typed = outbound.expects_text or outbound.force_reply
    if not choices and not typed:
        return None
    return Screen(choices, typed)


def choice_lines(screen: Screen) -> list[str]:
    marker = "#" if screen.expects_text else ""
    lines = [f"{marker}{n}. {label}" for n, (label, _) in enumerate(screen.choices, 1)]
    if screen.choices:
        lines.append(t("choices.hint_typed" if screen.expects_text else "choices.hint"))
    return lines


def render(text: str, outbound: Outbound) -> str:
    """`text` (the message, already plain) followed by its numbered choices."""
    screen = screen_of(outbound)
    if screen is None or not screen.choices:
        return text
    return text.rstrip() + "\n\n" + "\n".join(choice_lines(screen))


def read(typed: str, screen: Screen | None) -> Reading:
    """What a typed reply picks on `screen`."""
    if screen is None or not screen.choices:
        return None
    text = fold(typed).strip()
    count = len(screen.choices)
    every = tuple(range(1, count + 1))
    single = (_MARKED if screen.expects_text else _SINGLE).fullmatch(text)
    if single is not None:
        number = int(single.group(1))
        return Picked((number,)) if 1 <= number <= count else NoSuchChoice(every)
    if screen.expects_text:
        return None  # digits, times, words: the typed answer itself
    toggles = screen.toggles()
    if text in _ALL and toggles:
        label_of = dict(enumerate((label for label, _ in screen.choices), 1))
        return Picked(tuple(n for n in toggles if label_of[n].startswith(UNTICKED)))
    if _LIST.fullmatch(text) or _RANGE.fullmatch(text):
        numbers = _numbers(text)
        if toggles and numbers and all(n in toggles for n in numbers):
            return Picked(tuple(dict.fromkeys(numbers)))
        return NoSuchChoice(tuple(toggles) or every)
    return _by_label(text, screen)


def _numbers(text: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", text)):
        if not part:
            continue
        span = _RANGE.fullmatch(part)
        if span is not None:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high or high > MAX_NUMBER:
                return []
            numbers.extend(range(low, high + 1))
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def _by_label(text: str, screen: Screen) -> Reading:
    """A label typed with or without accents (`co` for «Có, đã diễn ra»), when only one
    label starts with it."""
    if len(text) < 2:
        return None
    matches = [
        n
        for n, (label, _) in enumerate(screen.choices, 1)
        if _starts_with_words(_bare(label), text)
    ]
    return Picked((matches[0],)) if len(matches) == 1 else None


def _bare(label: str) -> str:
    for mark in (UNTICKED, TICKED):
        label = label.removeprefix(mark)
    return fold(re.sub(r"[^\w\s,]", " ", label))


def _starts_with_words(label: str, text: str) -> bool:
    if not label.startswith(text):
        return False
    rest = label[len(text) :]
    return not rest or not rest[0].isalnum()


def _is_box(label: str) -> bool:
    return label.startswith((UNTICKED, TICKED))


def invalid_text(reading: NoSuchChoice) -> str:
    return t("choices.invalid", numbers=", ".join(map(str, reading.valid)))
