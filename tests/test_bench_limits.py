"""The rate-limited fake Bot API of the benchmarks refuses exactly what Telegram would, and
says which limit refused."""

from __future__ import annotations

from bench.limited_api import Limits


def test_the_overall_limit_counts_a_sliding_second() -> None:
    limits = Limits(overall=3, per_chat=10)
    assert [limits.admit(chat, 0.1 * chat) for chat in range(3)] == [None, None, None]
    wait = limits.admit(9, 0.5)
    assert wait is not None and abs(wait - 0.5) < 1e-9  # the first send leaves at 1.0
    assert limits.admit(9, 1.0) is None  # the window slid past the first send
    assert (limits.refused_overall, limits.refused_per_chat, limits.peak) == (1, 0, 3)


def test_the_per_chat_limit_is_counted_apart() -> None:
    limits = Limits(overall=30, per_chat=1)
    assert limits.admit(5, 0.0) is None
    assert limits.admit(5, 0.4) is not None  # a second message within the second
    assert limits.admit(6, 0.4) is None  # another chat is not held back
    assert limits.admit(5, 1.0) is None
    assert (limits.refused_overall, limits.refused_per_chat) == (0, 1)
