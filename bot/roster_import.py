"""`python bot.py import PATH [--dry-run] [--allow-foreign] [--yes]`: read, validate, apply,
and say what happened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from bot.i18n import label
from bot.roster import Problem, RosterInvalid, RosterUnreadable, load_roster
from storage.db import Database
from storage.roster import RosterChanges, TooManyEnded, apply_roster

EXIT_OK = 0
EXIT_INVALID = 1

_ENTITY_LABELS = {
    "units": "Đảng bộ",
    "cells": "Chi bộ",
    "cadres": "Cán bộ",
    "assignments": "Phân công",
}


async def run_import(
    db: Database,
    path: Path,
    *,
    dry_run: bool,
    today: date,
    now: datetime,
    allow_foreign: bool = False,
    yes: bool = False,
) -> tuple[int, str]:
    """Import a roster file or folder; returns the exit code and the Vietnamese report.

    `allow_foreign` accepts phones outside Vietnam; `yes` confirms an import that ends more
    than a third of the open assignments.
    """
    try:
        roster = load_roster(path, allow_foreign=allow_foreign)
    except RosterUnreadable as exc:
        return EXIT_INVALID, str(exc)
    except RosterInvalid as exc:
        lines = [f"Danh sách có {len(exc.problems)} lỗi, chưa thay đổi gì:"]
        lines += [str(problem) for problem in exc.problems]
        return EXIT_INVALID, "\n".join(lines)
    warnings = describe_warnings(roster.warnings)
    try:
        changes = await apply_roster(
            db, roster, today=today, now=now, dry_run=dry_run, mass_end_confirmed=yes
        )
    except TooManyEnded as refused:
        message = label(
            "roster.confirm_mass_end",
            ended=refused.changes.assignments.ended,
            open=refused.open_before,
        )
        return EXIT_INVALID, "\n".join([*warnings, message])
    return EXIT_OK, "\n".join([*warnings, describe_changes(changes, dry_run=dry_run)])


def describe_warnings(warnings: Sequence[Problem]) -> list[str]:
    """A heading and one line per warning; nothing when there are none."""
    if not warnings:
        return []
    return [label("roster.warnings", count=len(warnings)), *map(str, warnings)]


def describe_changes(changes: RosterChanges, *, dry_run: bool) -> str:
    """The counts in Vietnamese, one line per kind of row."""
    lines = ["(Chạy thử — chưa thay đổi gì)" if dry_run else "Đã nhập danh sách:"]
    if changes.empty:
        lines.append("Không có thay đổi nào.")
        return "\n".join(lines)
    for name, counts in changes.as_counts().items():
        line = f"{_ENTITY_LABELS[name]}: thêm {counts.added}, sửa {counts.changed}"
        if name == "assignments":
            line += f", kết thúc {counts.ended}"
        lines.append(line)
    return "\n".join(lines)
