"""The admin's own calendar: extra days off (a local holiday) and extra working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import delete, select

from bot.calendar import DaysOff
from storage import portable
from storage.db import Database
from storage.tables import calendar_exceptions

Kind = Literal["off", "working"]


@dataclass(frozen=True)
class CalendarException:
    day: date
    kind: Kind
    note: str | None


async def add(db: Database, day: date, kind: Kind, note: str | None, now: datetime) -> bool:
    """Declare a day off or working; True when new, False when it replaced an earlier entry."""
    if kind not in ("off", "working"):
        raise ValueError(f"unknown calendar exception kind {kind!r}")
    async with db.transaction() as conn:
        existed = (
            await conn.execute(
                select(calendar_exceptions.c.day).where(calendar_exceptions.c.day == day)
            )
        ).first() is not None
        statement = portable.insert(conn, calendar_exceptions).values(
            day=day, kind=kind, note=note, created_at=now
        )
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=["day"],
                set_={"kind": statement.excluded.kind, "note": statement.excluded.note},
            )
        )
    return not existed


async def remove(db: Database, day: date) -> bool:
    """Forget a day's exception; False when there was none."""
    async with db.transaction() as conn:
        result = await conn.execute(
            delete(calendar_exceptions).where(calendar_exceptions.c.day == day)
        )
    return bool(result.rowcount)


async def list_all(db: Database) -> list[CalendarException]:
    async with db.read() as conn:
        rows = (
            await conn.execute(select(calendar_exceptions).order_by(calendar_exceptions.c.day))
        ).mappings()
        return [
            CalendarException(day=row["day"], kind=row["kind"], note=row["note"]) for row in rows
        ]


async def load_days_off(db: Database) -> DaysOff:
    """Vietnam's calendar with the admin's exceptions applied."""
    entries = await list_all(db)
    return DaysOff(
        extra_days_off=frozenset(e.day for e in entries if e.kind == "off"),
        extra_working_days=frozenset(e.day for e in entries if e.kind == "working"),
    )
