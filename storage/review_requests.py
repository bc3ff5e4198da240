"""Review requests: a committee member asked for more on a report and owes the comment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.tables import reports, review_requests


@dataclass(frozen=True)
class ReviewRequest:
    id: int
    report_id: int
    requested_by: str
    chat_id: str
    status: str  # awaiting, sent, cancelled
    comment: str | None
    created_at: datetime
    sent_at: datetime | None


def _request(row: object) -> ReviewRequest:
    mapping = row._mapping  # type: ignore[attr-defined]
    return ReviewRequest(**{name: mapping[name] for name in ReviewRequest.__dataclass_fields__})


async def cancel_awaiting(conn: AsyncConnection, *, chat_id: str, requested_by: str) -> list[int]:
    """Drop the member's unanswered requests in that chat; returns their report ids."""
    pending = (
        await conn.execute(
            select(review_requests.c.id, review_requests.c.report_id).where(
                review_requests.c.chat_id == chat_id,
                review_requests.c.requested_by == requested_by,
                review_requests.c.status == "awaiting",
            )
        )
    ).all()
    if pending:
        await conn.execute(
            update(review_requests)
            .where(review_requests.c.id.in_([row.id for row in pending]))
            .values(status="cancelled")
        )
    return [row.report_id for row in pending]


async def open_request(
    conn: AsyncConnection, *, report_id: int, requested_by: str, chat_id: str, now: datetime
) -> int:
    """A new request awaiting its comment; an earlier unanswered one of the member in that
    chat is dropped (their next reply can only be meant for the newest)."""
    await cancel_awaiting(conn, chat_id=chat_id, requested_by=requested_by)
    result = await conn.execute(
        insert(review_requests).values(
            report_id=report_id,
            requested_by=requested_by,
            chat_id=chat_id,
            status="awaiting",
            created_at=now,
        )
    )
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


async def awaiting(
    db: Database, *, chat_id: str, requested_by: str, since: datetime
) -> ReviewRequest | None:
    """The member's newest request in that chat still waiting for a comment, if recent."""
    async with db.read() as conn:
        row = (
            await conn.execute(
                select(review_requests)
                .where(
                    review_requests.c.chat_id == chat_id,
                    review_requests.c.requested_by == requested_by,
                    review_requests.c.status == "awaiting",
                    review_requests.c.created_at >= since,
                )
                .order_by(review_requests.c.id.desc())
                .limit(1)
            )
        ).first()
    return _request(row) if row else None


async def mark_sent(conn: AsyncConnection, request_id: int, *, comment: str, now: datetime) -> bool:
    """Record the comment; False if the request was answered or dropped meanwhile."""
    result = await conn.execute(
        update(review_requests)
        .where(review_requests.c.id == request_id, review_requests.c.status == "awaiting")
        .values(status="sent", comment=comment, sent_at=now)
    )
    return bool(result.rowcount)


async def return_report(conn: AsyncConnection, report_id: int) -> None:
    """The report goes back to its cadre: amendable again, whatever the deadline."""
    await conn.execute(
        update(reports).where(reports.c.id == report_id).values(review_state="returned")
    )


async def for_report(db: Database, report_id: int) -> list[ReviewRequest]:
    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(review_requests)
                .where(review_requests.c.report_id == report_id)
                .order_by(review_requests.c.id)
            )
        ).all()
    return [_request(row) for row in rows]
