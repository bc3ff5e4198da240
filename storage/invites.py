"""One-time invite codes that link a messenger account to a cadre."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import insert, select, update

from storage import audit
from storage.cadres import LinkOutcome, link_account
from storage.db import Database
from storage.tables import cadres, invite_codes


class RedeemOutcome(StrEnum):
    LINKED = "linked"
    ALREADY_LINKED = "already_linked"
    INVALID_CODE = "invalid_code"  # unknown, used or expired: the person is told the same
    ACCOUNT_TAKEN = "account_taken"


async def create_invite(
    db: Database, *, cadre_id: int, code_hash: str, now: datetime, expires_at: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            insert(invite_codes).values(
                code_hash=code_hash, cadre_id=cadre_id, created_at=now, expires_at=expires_at
            )
        )
        await audit.append(conn, at=now, actor="admin", action="invite_created", cadre_id=cadre_id)


async def redeem_invite(
    db: Database, *, code_hash: str, messenger: str, user_id: str, now: datetime
) -> tuple[RedeemOutcome, int | None]:
    """Use a code to link the account, all in one transaction; returns the outcome and cadre."""
    actor = f"{messenger}:{user_id}"
    async with db.transaction() as conn:
        # Locked: of two redemptions of one code at once, the second sees it used.
        row = (
            await conn.execute(
                select(invite_codes).where(invite_codes.c.code_hash == code_hash).with_for_update()
            )
        ).first()
        active = (
            row is not None
            and (
                await conn.execute(select(cadres.c.active).where(cadres.c.id == row.cadre_id))
            ).scalar()
        )
        if row is None or row.used_at is not None or row.expires_at <= now or not active:
            reason = (
                "unknown" if row is None
                else "used" if row.used_at
                else "expired" if row.expires_at <= now
                else "inactive_cadre"
            )  # fmt: skip
            await audit.append(
                conn,
                at=now,
                actor=actor,
                action="link_refused",
                cadre_id=row.cadre_id if row else None,
                via="invite",
                outcome=RedeemOutcome.INVALID_CODE.value,
                reason=reason,
            )
            return RedeemOutcome.INVALID_CODE, None
        outcome = await link_account(
            conn,
            cadre_id=row.cadre_id,
            messenger=messenger,
            user_id=user_id,
            now=now,
            via="invite",
            replace_existing=True,
        )
        if outcome is LinkOutcome.ACCOUNT_TAKEN:
            return RedeemOutcome.ACCOUNT_TAKEN, None
        await conn.execute(
            update(invite_codes)
            .where(invite_codes.c.id == row.id)
            .values(used_at=now, used_by=actor)
        )
        linked = outcome is LinkOutcome.LINKED
        return (RedeemOutcome.LINKED if linked else RedeemOutcome.ALREADY_LINKED), row.cadre_id
