"""Apply a validated roster to the database in one transaction: upsert, end, never delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, RowMapping, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.roster import Roster, RosterAssignment, RosterCadre, RosterCell
from bot.text import fold
from storage import audit
from storage.db import Database
from storage.tables import assignments, cadres, cells, units

K = TypeVar("K")

AUDIT_ACTOR = "import"
AUDIT_ACTION = "roster_import"


@dataclass(frozen=True)
class Counts:
    """How many rows of one kind an import added, changed and ended."""

    added: int = 0
    changed: int = 0
    ended: int = 0


@dataclass(frozen=True)
class RosterChanges:
    """What an import did (or, in a dry run, would do)."""

    units: Counts
    cells: Counts
    cadres: Counts
    assignments: Counts

    @property
    def empty(self) -> bool:
        """True when the import changed nothing at all."""
        return all(counts == Counts() for counts in self.as_counts().values())

    def as_counts(self) -> dict[str, Counts]:
        """The four counts by entity name, in a stable order."""
        return {
            "units": self.units,
            "cells": self.cells,
            "cadres": self.cadres,
            "assignments": self.assignments,
        }

    def as_dict(self) -> dict[str, dict[str, int]]:
        """Plain numbers for the audit log (no `ended` where it cannot happen)."""
        result: dict[str, dict[str, int]] = {}
        for name, counts in self.as_counts().items():
            result[name] = {"added": counts.added, "changed": counts.changed}
            if name == "assignments":
                result[name]["ended"] = counts.ended
        return result


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls everything back."""

    def __init__(self, changes: RosterChanges) -> None:
        super().__init__("dry run")
        self.changes = changes


async def apply_roster(
    db: Database, roster: Roster, *, today: date, now: datetime, dry_run: bool
) -> RosterChanges:
    """Upsert the roster, all or nothing; open assignments missing from it are ended."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        async with db.transaction() as conn:
            changes = await _Import(conn, now).run(roster, today)
            if dry_run:
                # The same statements run as for real, so the counts are exactly the same;
                # leaving the block by an exception rolls them all back.
                raise _DryRun(changes)
            if not changes.empty:
                counts = changes.as_dict()
                await audit.append(
                    conn,
                    at=now,
                    actor=AUDIT_ACTOR,
                    action=AUDIT_ACTION,
                    units=counts["units"],
                    cells=counts["cells"],
                    cadres=counts["cadres"],
                    assignments=counts["assignments"],
                )
    except _DryRun as dry:
        return dry.changes
    return changes


def _match(
    exact: Mapping[K, RowMapping], folded: Mapping[K, RowMapping], key: K, folded_key: K
) -> RowMapping | None:
    """The row with exactly this name, else one spelled the same but for case or accents."""
    found = exact.get(key)
    return found if found is not None else folded.get(folded_key)


class _Tally:
    """Mutable counts while one entity kind is imported."""

    def __init__(self) -> None:
        self.added = self.changed = self.ended = 0

    def freeze(self) -> Counts:
        return Counts(self.added, self.changed, self.ended)


class _Import:
    """One import run inside an open transaction."""

    def __init__(self, conn: AsyncConnection, now: datetime) -> None:
        self.conn = conn
        self.now = now

    async def run(self, roster: Roster, today: date) -> RosterChanges:
        unit_tally, cell_tally, cadre_tally, assignment_tally = (_Tally() for _ in range(4))
        unit_ids = await self._units(roster.units, unit_tally)
        cell_ids = await self._cells(roster.cells, unit_ids, cell_tally)
        cadre_ids = await self._cadres(roster.cadres, cadre_tally)
        await self._assignments(roster.assignments, cadre_ids, cell_ids, today, assignment_tally)
        return RosterChanges(
            unit_tally.freeze(),
            cell_tally.freeze(),
            cadre_tally.freeze(),
            assignment_tally.freeze(),
        )

    async def _units(self, names: Sequence[str], tally: _Tally) -> dict[str, int]:
        """Unit id by folded name; a unit is found by its name, even spelled differently."""
        rows = await self._rows(units.c.id, units.c.name)
        exact = {row["name"]: row for row in rows}
        folded: dict[str, RowMapping] = {}
        for row in rows:
            folded.setdefault(fold(row["name"]), row)
        ids: dict[str, int] = {}
        for name in names:
            found = _match(exact, folded, name, fold(name))
            if found is None:
                ids[fold(name)] = await self._insert(units, tally, name=name)
            else:
                await self._update(units, found, {"name": name}, tally)
                ids[fold(name)] = found["id"]
        return ids

    async def _cells(
        self, roster_cells: Sequence[RosterCell], unit_ids: Mapping[str, int], tally: _Tally
    ) -> dict[tuple[str, str], int]:
        """Cell id by (folded unit, folded cell) name."""
        rows = await self._rows(
            cells.c.id,
            cells.c.unit_id,
            cells.c.name,
            cells.c.member_count,
            cells.c.meeting_day,
            cells.c.meeting_weekday,
            cells.c.meeting_nth,
            cells.c.meeting_time,
            cells.c.place,
            cells.c.holiday_shift,
            cells.c.has_committee,
        )
        exact = {(row["unit_id"], row["name"]): row for row in rows}
        folded: dict[tuple[int, str], RowMapping] = {}
        for row in rows:
            folded.setdefault((row["unit_id"], fold(row["name"])), row)
        ids: dict[tuple[str, str], int] = {}
        for cell in roster_cells:
            unit_id = unit_ids[fold(cell.unit)]
            values: dict[str, object] = {
                "name": cell.name,
                "member_count": cell.member_count,
                "meeting_day": cell.rule.day,
                "meeting_weekday": cell.rule.weekday,
                "meeting_nth": cell.rule.nth,
                "meeting_time": f"{cell.meeting_time:%H:%M}",
                "place": cell.place,
                "holiday_shift": cell.holiday_shift.value,
                "has_committee": cell.has_committee,
            }
            found = _match(exact, folded, (unit_id, cell.name), (unit_id, fold(cell.name)))
            key = (fold(cell.unit), fold(cell.name))
            if found is None:
                ids[key] = await self._insert(cells, tally, unit_id=unit_id, **values)
            else:
                await self._update(cells, found, values, tally)
                ids[key] = found["id"]
        return ids

    async def _cadres(self, roster_cadres: Sequence[RosterCadre], tally: _Tally) -> dict[str, int]:
        """Cadre id by E.164 phone; cadres missing from the file are left as they are."""
        rows = await self._rows(
            cadres.c.id,
            cadres.c.phone,
            cadres.c.full_name,
            cadres.c.position,
            cadres.c.active,
        )
        by_phone = {row["phone"]: row for row in rows}
        ids: dict[str, int] = {}
        for cadre in roster_cadres:
            values: dict[str, object] = {
                "full_name": cadre.name,
                "position": cadre.position,
                "active": True,
            }
            found = by_phone.get(cadre.phone)
            if found is None:
                ids[cadre.phone] = await self._insert(cadres, tally, phone=cadre.phone, **values)
            else:
                await self._update(cadres, found, values, tally)
                ids[cadre.phone] = found["id"]
        return ids

    async def _assignments(
        self,
        roster_assignments: Sequence[RosterAssignment],
        cadre_ids: Mapping[str, int],
        cell_ids: Mapping[tuple[str, str], int],
        today: date,
        tally: _Tally,
    ) -> None:
        """Upsert by (cadre, cell); an open assignment the file no longer has ends yesterday."""
        rows = await self._rows(
            assignments.c.id,
            assignments.c.cadre_id,
            assignments.c.cell_id,
            assignments.c.document_ref,
            assignments.c.starts_on,
            assignments.c.ends_on,
        )
        existing = {(row["cadre_id"], row["cell_id"]): row for row in rows}
        in_file: set[tuple[int, int]] = set()
        for assignment in roster_assignments:
            cadre_id = cadre_ids[assignment.phone]
            cell_id = cell_ids[fold(assignment.unit), fold(assignment.cell)]
            in_file.add((cadre_id, cell_id))
            # Reopening an ended assignment is just this: its dates become the file's.
            values: dict[str, object] = {
                "document_ref": assignment.document_ref,
                "starts_on": assignment.starts_on,
                "ends_on": assignment.ends_on,
            }
            found = existing.get((cadre_id, cell_id))
            if found is None:
                await self._insert(assignments, tally, cadre_id=cadre_id, cell_id=cell_id, **values)
            else:
                await self._update(assignments, found, values, tally)
        # `Đến ngày` is inclusive: an assignment dropped today had its last day yesterday.
        last_day = today - timedelta(days=1)
        for key, row in existing.items():
            still_open = row["ends_on"] is None or row["ends_on"] >= today
            if key not in in_file and still_open:
                # Ended, not deleted: meetings and reports of the past keep their cadre.
                await self.conn.execute(
                    update(assignments)
                    .where(assignments.c.id == row["id"])
                    .values(ends_on=last_day)
                )
                tally.ended += 1

    async def _rows(self, *columns: ColumnElement[Any]) -> Sequence[RowMapping]:
        """Every row of one table, just these columns (the tables are roster-sized)."""
        return (await self.conn.execute(select(*columns))).mappings().all()

    async def _insert(self, table: Table, tally: _Tally, **values: object) -> int:
        """Insert one row stamped `now` and return its id."""
        result = await self.conn.execute(insert(table).values(created_at=self.now, **values))
        tally.added += 1
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    async def _update(
        self, table: Table, row: RowMapping, values: Mapping[str, object], tally: _Tally
    ) -> None:
        """Write only the values that really differ, so a re-import touches nothing."""
        diff = {column: value for column, value in values.items() if row[column] != value}
        if diff:
            await self.conn.execute(update(table).where(table.c.id == row["id"]).values(diff))
            tally.changed += 1
