"""What can be wrong with a roster file: a located problem, a refusal, an unreadable file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the roster, located as a person reading the sheet would."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column is not None:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


class RosterInvalid(Exception):
    """The roster has problems; all of them are listed, nothing is imported."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = tuple(problems)


class RosterUnreadable(Exception):
    """The roster cannot be opened at all; the message is a Vietnamese one-liner."""


class RosterTooBig(RosterUnreadable):
    """The roster exceeds a size limit; the message says which one, in Vietnamese."""
