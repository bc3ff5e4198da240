"""Apply a validated roster to the database in one transaction: upsert, end, never delete.

The writes are bulk statements (executemany in chunks) inside that one transaction, so the
import stays all or nothing and a 300,000-row roster is written in seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Integer,
    MetaData,
    RowMapping,
    String,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.roster import Roster, RosterAssignment, RosterCadre, RosterCell
from bot.text import fold
from storage import audit
from storage.db import Database
from storage.tables import assignments, cadres, cells, units
from storage.types import UTCDateTime

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


class TooManyEnded(Exception):
    """The import would end more than a third of the open assignments and was not confirmed.

    Nothing was changed; `changes` is what the import would have done.
    """

    def __init__(self, changes: RosterChanges, open_before: int) -> None:
        super().__init__(f"{changes.assignments.ended} of {open_before} assignments would end")
        self.changes = changes
        self.open_before = open_before


def ends_too_many(ended: int, open_before: int) -> bool:
    """More than a third of the open assignments: more likely a truncated file than a reshuffle."""
    return ended * 3 > open_before


async def apply_roster(
    db: Database,
    roster: Roster,
    *,
    today: date,
    now: datetime,
    dry_run: bool,
    mass_end_confirmed: bool = True,
) -> RosterChanges:
    """Upsert the roster, all or nothing; open assignments missing from it are ended.

    Unless `mass_end_confirmed`, an import that would end more than a third of the open
    assignments changes nothing and raises TooManyEnded.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        async with db.transaction() as conn:
            run = _Import(conn, now)
            changes = await run.run(roster, today)
            if not mass_end_confirmed and ends_too_many(changes.assignments.ended, run.open_before):
                raise TooManyEnded(changes, run.open_before)  # leaving the block rolls back
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


# Rows per executemany call: big enough to amortise the driver's round trip, small enough
# that one call's parameters stay a few megabytes.
CHUNK_ROWS = 5_000


class _Import:
    """One import run inside an open transaction, written with bulk statements.

    Each kind of row is compared with what the table holds, then the new rows are inserted
    and the changed ones updated with one executemany per chunk; the ids of new rows are read
    back with one query. Everything stays inside the caller's single transaction.
    """

    def __init__(self, conn: AsyncConnection, now: datetime) -> None:
        self.conn = conn
        self.now = now
        self.open_before = 0  # assignments running on `today` before the import

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
        writes = _Writes(self.conn, units, self.now, tally)
        new_names: list[str] = []
        for name in names:
            found = _match(exact, folded, name, fold(name))
            if found is None:
                await writes.insert(name=name)
                new_names.append(name)
            else:
                writes.update(found, {"name": name})
                ids[fold(name)] = found["id"]
        await writes.finish()
        if new_names:
            by_name = {row["name"]: row["id"] for row in await self._rows(units.c.id, units.c.name)}
            for name in new_names:
                ids[fold(name)] = by_name[name]
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
        writes = _Writes(self.conn, cells, self.now, tally)
        new_keys: dict[tuple[str, str], tuple[int, str]] = {}
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
                await writes.insert(unit_id=unit_id, **values)
                new_keys[key] = (unit_id, cell.name)
            else:
                writes.update(found, values)
                ids[key] = found["id"]
        await writes.finish()
        if new_keys:
            by_name = {
                (row["unit_id"], row["name"]): row["id"]
                for row in await self._rows(cells.c.id, cells.c.unit_id, cells.c.name)
            }
            for key, unit_and_name in new_keys.items():
                ids[key] = by_name[unit_and_name]
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
        writes = _Writes(self.conn, cadres, self.now, tally)
        for cadre in roster_cadres:
            values: dict[str, object] = {
                "full_name": cadre.name,
                "position": cadre.position,
                "active": True,
            }
            found = by_phone.get(cadre.phone)
            if found is None:
                await writes.insert(phone=cadre.phone, **values)
            else:
                writes.update(found, values)
                ids[cadre.phone] = found["id"]
        await writes.finish()
        if len(ids) < len(roster_cadres):
            for row in await self._rows(cadres.c.id, cadres.c.phone):
                ids.setdefault(row["phone"], row["id"])
        return ids

    async def _assignments(
        self,
        roster_assignments: Sequence[RosterAssignment],
        cadre_ids: Mapping[str, int],
        cell_ids: Mapping[tuple[str, str], int],
        today: date,
        tally: _Tally,
    ) -> None:
        """Upsert by (cadre, cell); an open assignment the file no longer has ends yesterday.

        The file's assignments (the bulk of a roster) are staged in a temporary table and
        compared with the table in SQL, so the existing ones are never all held in memory.
        """
        staging = _staging_table()
        await self.conn.run_sync(lambda sync: staging.create(sync))
        pending: list[dict[str, object]] = []
        for assignment in roster_assignments:
            pending.append(
                {
                    "cadre_id": cadre_ids[assignment.phone],
                    "cell_id": cell_ids[fold(assignment.unit), fold(assignment.cell)],
                    "document_ref": assignment.document_ref,
                    "starts_on": assignment.starts_on,
                    "ends_on": assignment.ends_on,
                }
            )
            if len(pending) >= CHUNK_ROWS:
                await self.conn.execute(insert(staging), pending)
                pending = []
        if pending:
            await self.conn.execute(insert(staging), pending)
        still_open = or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= today)
        self.open_before = int(
            (await self.conn.execute(select(func.count()).where(still_open))).scalar_one()
        )
        same_pair = and_(
            staging.c.cadre_id == assignments.c.cadre_id, staging.c.cell_id == assignments.c.cell_id
        )
        # `Đến ngày` is inclusive: an assignment dropped today had its last day yesterday.
        # Ended, not deleted: meetings and reports of the past keep their cadre.
        ended = await self.conn.execute(
            update(assignments)
            .where(still_open, ~exists().where(same_pair))
            .values(ends_on=today - timedelta(days=1))
        )
        # Reopening an ended assignment is just this: its dates become the file's.
        columns = ("document_ref", "starts_on", "ends_on")
        changed = await self.conn.execute(
            update(assignments)
            .where(
                same_pair,
                or_(*(assignments.c[c].is_distinct_from(staging.c[c]) for c in columns)),
            )
            .values({c: staging.c[c] for c in columns})
        )
        added = await self.conn.execute(
            insert(assignments).from_select(
                ["cadre_id", "cell_id", *columns, "created_at"],
                select(
                    staging.c.cadre_id,
                    staging.c.cell_id,
                    *(staging.c[c] for c in columns),
                    literal(self.now, UTCDateTime()),
                ).where(~exists().where(same_pair)),
            )
        )
        await self.conn.run_sync(lambda sync: staging.drop(sync))
        tally.ended += ended.rowcount
        tally.changed += changed.rowcount
        tally.added += added.rowcount

    async def _rows(self, *columns: ColumnElement[Any]) -> Sequence[RowMapping]:
        """Every row of one table, just these columns (the tables are roster-sized)."""
        return (await self.conn.execute(select(*columns))).mappings().all()


def _staging_table() -> Table:
    """A temporary table shaped like `assignments` for the file's rows (this connection only)."""
    return Table(
        "roster_import_assignments",
        MetaData(),
        Column("cadre_id", Integer, primary_key=True),
        Column("cell_id", Integer, primary_key=True),
        Column("document_ref", String(100)),
        Column("starts_on", Date),
        Column("ends_on", Date),
        prefixes=["TEMPORARY"],
    )


class _Writes:
    """One table's inserts and updates, written in chunks of bulk statements.

    Inserts go out as soon as a chunk is full, so a big roster never holds all its new rows
    as parameters at once; updates (few, in practice) wait for `finish`.
    """

    def __init__(self, conn: AsyncConnection, table: Table, now: datetime, tally: _Tally) -> None:
        self.conn, self.table, self.now, self.tally = conn, table, now, tally
        self.pending: list[dict[str, object]] = []
        # Updates grouped by the columns they set: one statement serves each group.
        self.updates: dict[tuple[str, ...], list[dict[str, object]]] = {}

    async def insert(self, **values: object) -> None:
        """A new row, stamped `now`."""
        self.pending.append({**values, "created_at": self.now})
        self.tally.added += 1
        if len(self.pending) >= CHUNK_ROWS:
            await self._flush_inserts()

    def update(self, row: RowMapping, values: Mapping[str, object]) -> None:
        """Only the values that really differ, so a re-import touches nothing."""
        diff = {column: value for column, value in values.items() if row[column] != value}
        if diff:
            params = {"row_id": row["id"], **{f"new_{c}": v for c, v in diff.items()}}
            self.updates.setdefault(tuple(sorted(diff)), []).append(params)
            self.tally.changed += 1

    async def finish(self) -> None:
        await self._flush_inserts()
        for columns, params in self.updates.items():
            statement = (
                update(self.table)
                .where(self.table.c.id == bindparam("row_id"))
                .values({column: bindparam(f"new_{column}") for column in columns})
            )
            for start in range(0, len(params), CHUNK_ROWS):
                await self.conn.execute(statement, params[start : start + CHUNK_ROWS])
        self.updates.clear()

    async def _flush_inserts(self) -> None:
        if self.pending:
            await self.conn.execute(insert(self.table), self.pending)
            self.pending = []
