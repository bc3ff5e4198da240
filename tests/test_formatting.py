"""Long texts are split at line boundaries and never exceed the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.formatting import split_text


def test_short_text_is_untouched() -> None:
    assert split_text("một\nhai", limit=100) == ["một\nhai"]


def test_splits_between_lines() -> None:
    text = "\n".join(f"dòng {i:02d}" for i in range(10))  # 7 characters a line
    parts = split_text(text, limit=20)
    assert parts == ["dòng 00\ndòng 01", "dòng 02\ndòng 03", "dòng 04\ndòng 05",
                     "dòng 06\ndòng 07", "dòng 08\ndòng 09"]  # fmt: skip


@given(st.lists(st.text(alphabet="ab ă\n", max_size=60), max_size=30))
def test_parts_fit_and_keep_every_character(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = split_text(text, limit=25)
    assert all(len(part) <= 25 for part in parts)
    if len(text) > 25:
        assert all(part.strip() for part in parts)

    def visible(value: str) -> str:  # blank parts are dropped: Telegram refuses empty messages
        return "".join(value.split())

    assert visible("".join(parts)) == visible(text)
