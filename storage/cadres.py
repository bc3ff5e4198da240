"""Cadres and their messenger accounts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import audit
from storage.db import Database
from storage.tables import assignments, cadres, cells, units


@dataclass(frozen=True)
class Cadre:
    id: int
    full_name: str
    phone: str
    position: str | None
    active: bool
    telegram_user_id: int | None
    zalo_user_id: str | None
    last_messenger: str | None = None


@dataclass(frozen=True)
class AssignedCell:
    cell_id: int
    cell_name: str
    unit_name: str
    member_count: int
    meeting_day: int | None
    meeting_weekday: int | None
    meeting_nth: int | None
    meeting_time: str
    place: str | None
    holiday_shift: str
    document_ref: str | None


class LinkOutcome(StrEnum):
    LINKED = "linked"
    ALREADY_LINKED = "already_linked"  # this account was already this cadre's
    ACCOUNT_TAKEN = "account_taken"  # this account belongs to another cadre
    CADRE_HAS_OTHER_ACCOUNT = "cadre_has_other_account"  # relinking needs an invite code


def _account_column(messenger: str) -> Column[object]:
    if messenger == "telegram":
        return cadres.c.telegram_user_id
    if messenger in ("zalo", "console"):
        # The console demo plays a Zalo-like messenger: string ids, no contact button.
        return cadres.c.zalo_user_id
    raise ValueError(f"unknown messenger {messenger!r}")


def _account_value(messenger: str, user_id: str) -> int | str:
    return int(user_id) if messenger == "telegram" else user_id


def account_of(cadre: Cadre, messenger: str) -> str | None:
    """The cadre's account (= private chat id) on that messenger, if linked."""
    value = cadre.telegram_user_id if messenger == "telegram" else cadre.zalo_user_id
    return str(value) if value is not None else None


def address(cadre: Cadre, served: tuple[str, ...] = ("telegram", "zalo")) -> tuple[str, str] | None:
    """(messenger, chat id) to reach the cadre on, or None when they cannot be reached."""
    accounts = {"telegram": cadre.telegram_user_id, "zalo": cadre.zalo_user_id}
    return pick_account(accounts, cadre.last_messenger, served)


def pick_account(
    accounts: Mapping[str, object], last_messenger: str | None, served: tuple[str, ...]
) -> tuple[str, str] | None:
    """One messenger only: the one the cadre last wrote from, else the first of `served`
    they are linked on."""
    order = [last_messenger] if last_messenger in served else []
    for messenger in [*order, *served]:
        account = accounts.get(messenger or "")
        if account is not None:
            return str(messenger), str(account)
    return None


async def note_messenger(conn: AsyncConnection, cadre_id: int, messenger: str) -> None:
    """The cadre wrote from this messenger: reminders follow them there."""
    await conn.execute(
        update(cadres)
        .where(cadres.c.id == cadre_id, or_(cadres.c.last_messenger.is_(None),
                                            cadres.c.last_messenger != messenger))
        .values(last_messenger=messenger)
    )  # fmt: skip


def _cadre(row: object) -> Cadre:
    mapping = row._mapping  # type: ignore[attr-defined]
    return Cadre(**{name: mapping[name] for name in Cadre.__dataclass_fields__})


async def find_by_account(db: Database, messenger: str, user_id: str) -> Cadre | None:
    """The active cadre linked to this messenger account, if any."""
    column = _account_column(messenger)
    async with db.read() as conn:
        row = (
            await conn.execute(
                select(cadres).where(
                    column == _account_value(messenger, user_id), cadres.c.active.is_(True)
                )
            )
        ).first()
    return _cadre(row) if row else None


async def find_by_id(db: Database, cadre_id: int) -> Cadre | None:
    async with db.read() as conn:
        row = (await conn.execute(select(cadres).where(cadres.c.id == cadre_id))).first()
    return _cadre(row) if row else None


async def find_by_phone(db: Database, phone_e164: str) -> Cadre | None:
    async with db.read() as conn:
        row = (await conn.execute(select(cadres).where(cadres.c.phone == phone_e164))).first()
    return _cadre(row) if row else None


async def get(conn: AsyncConnection, cadre_id: int) -> Cadre:
    row = (await conn.execute(select(cadres).where(cadres.c.id == cadre_id))).one()
    return _cadre(row)


async def link_account(
    conn: AsyncConnection,
    *,
    cadre_id: int,
    messenger: str,
    user_id: str,
    now: datetime,
    via: str,
    replace_existing: bool,
) -> LinkOutcome:
    """Link a messenger account to a cadre, on the caller's transaction.

    `replace_existing` is true only for a one-time invite code: a shared contact may not
    move a cadre to a new account, or anyone holding the old SIM could take it over.
    """
    column = _account_column(messenger)
    value = _account_value(messenger, user_id)
    # The cadre's row is locked first: two accounts linking one cadre at once take turns.
    cadre = _cadre(
        (await conn.execute(select(cadres).where(cadres.c.id == cadre_id).with_for_update())).one()
    )
    owner = (await conn.execute(select(cadres.c.id).where(column == value))).scalar()
    current = getattr(cadre, column.name)
    if owner is not None and owner != cadre_id:
        outcome = LinkOutcome.ACCOUNT_TAKEN
    elif owner == cadre_id:
        outcome = LinkOutcome.ALREADY_LINKED
    elif current is not None and not replace_existing:
        outcome = LinkOutcome.CADRE_HAS_OTHER_ACCOUNT
    else:
        outcome = await _set_account(conn, cadre_id, column, value)
    await audit.append(
        conn,
        at=now,
        actor=f"{messenger}:{user_id}",
        action="link" if outcome is LinkOutcome.LINKED else "link_refused",
        cadre_id=cadre_id,
        via=via,
        outcome=outcome.value,
        previous_account=str(current) if outcome is LinkOutcome.LINKED and current else None,
    )
    return outcome


async def _set_account(
    conn: AsyncConnection, cadre_id: int, column: Column[object], value: int | str
) -> LinkOutcome:
    """One account linking two cadres at once: the unique index lets one win; the other is
    told the account is taken, and its transaction goes on (the savepoint keeps it usable)."""
    try:
        async with conn.begin_nested():
            await conn.execute(
                update(cadres).where(cadres.c.id == cadre_id).values({column: value})
            )
    except IntegrityError:
        return LinkOutcome.ACCOUNT_TAKEN
    return LinkOutcome.LINKED


async def assigned_cells(db: Database, cadre_id: int, on: date) -> list[AssignedCell]:
    """The cells a cadre is assigned to on a given day, by unit then cell name."""
    query = (
        select(
            cells.c.id.label("cell_id"),
            cells.c.name.label("cell_name"),
            units.c.name.label("unit_name"),
            cells.c.member_count,
            cells.c.meeting_day,
            cells.c.meeting_weekday,
            cells.c.meeting_nth,
            cells.c.meeting_time,
            cells.c.place,
            cells.c.holiday_shift,
            assignments.c.document_ref,
        )
        .join(cells, cells.c.id == assignments.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
        .where(
            assignments.c.cadre_id == cadre_id,
            or_(assignments.c.starts_on.is_(None), assignments.c.starts_on <= on),
            or_(assignments.c.ends_on.is_(None), assignments.c.ends_on >= on),
        )
        .order_by(units.c.name, cells.c.name)
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [AssignedCell(**row) for row in rows]


async def active_cadres(db: Database) -> list[Cadre]:
    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(cadres).where(cadres.c.active.is_(True)).order_by(cadres.c.full_name)
            )
        ).all()
    return [_cadre(row) for row in rows]
