"""The outbox: every proactive message is a row before it is sent.

Schedulers and handlers only insert rows (idempotently, by key); one sender loop per messenger
claims due rows, sends them and records the result. A crash between sending and recording can
at most resend the one message that was in flight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import portable
from storage.db import Database
from storage.tables import outbox

# How long a claimed row is its sender's: far beyond a batch's paced sends and timeouts.
CLAIM_LEASE = timedelta(minutes=10)
# Replies to what a person just sent are claimed and paced before proactive messages.
REPLY = 0
PROACTIVE = 1


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    idempotency_key: str
    messenger: str
    chat_id: str
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    expires_at: datetime | None
    status: str
    attempts: int
    last_error: str | None
    meeting_id: int | None
    cadre_id: int | None
    priority: int = PROACTIVE


def _message(row: Any) -> OutboxMessage:
    values = dict(row._mapping)
    values["payload"] = json.loads(values["payload"])
    return OutboxMessage(**{name: values[name] for name in OutboxMessage.__dataclass_fields__})


async def enqueue(
    conn: AsyncConnection,
    *,
    key: str,
    messenger: str,
    chat_id: str,
    kind: str,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
    expires_at: datetime | None = None,
    meeting_id: int | None = None,
    cadre_id: int | None = None,
    priority: int = PROACTIVE,
) -> bool:
    """Insert a message unless its key exists; True when inserted. Runs on the caller's
    transaction so a message is queued together with the change that caused it."""
    values = {
        "idempotency_key": key,
        "messenger": messenger,
        "chat_id": chat_id,
        "kind": kind,
        "payload": json.dumps(payload, ensure_ascii=False),
        "due_at": due_at,
        "expires_at": expires_at,
        "status": "pending",
        "attempts": 0,
        "meeting_id": meeting_id,
        "cadre_id": cadre_id,
        "created_at": now,
        "priority": priority,
    }
    statement = (
        portable.insert(conn, outbox)
        .values(values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    result = await conn.execute(statement)
    return bool(result.rowcount)


async def cancel_pending(
    conn: AsyncConnection,
    *,
    meeting_id: int,
    cadre_id: int | None = None,
    kind_prefix: str = "remind",
) -> int:
    """Withdraw queued reminders that no longer make sense (the report is in, the meeting
    moved); `cadre_id` None means every cadre's."""
    query = update(outbox).where(
        outbox.c.meeting_id == meeting_id,
        outbox.c.status == "pending",
        outbox.c.kind.startswith(kind_prefix),
    )
    if cadre_id is not None:
        query = query.where(outbox.c.cadre_id == cadre_id)
    result = await conn.execute(query.values(status="cancelled"))
    return int(result.rowcount)


async def claim_due(
    db: Database, *, messenger: str, now: datetime, limit: int, priority: int | None = None
) -> list[OutboxMessage]:
    """Mark up to `limit` due messages as being sent and return them, oldest due first;
    `priority` limits the claim to one lane (replies or proactive messages)."""
    query = select(outbox).where(
        outbox.c.messenger == messenger,
        outbox.c.status == "pending",
        outbox.c.due_at <= now,
    )
    if priority is not None:
        query = query.where(outbox.c.priority == priority)
    async with db.transaction() as conn:
        rows = (await conn.execute(query.order_by(outbox.c.due_at, outbox.c.id).limit(limit))).all()
        ids = [row.id for row in rows]
        if ids:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids))
                .values(status="sending", attempts=outbox.c.attempts + 1)
            )
    return [
        replace(message, status="sending", attempts=message.attempts + 1)
        for message in map(_message, rows)
    ]


async def release_expired(db: Database, messenger: str, now: datetime) -> int:
    """Claims whose lease ran out (their sender died or hung) go back to the queue."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(outbox)
            .where(
                outbox.c.messenger == messenger,
                outbox.c.status == "sending",
                outbox.c.lease_until < now,
            )
            .values(status="pending")
        )
    return int(result.rowcount)


async def release_interrupted(db: Database, messenger: str) -> int:
    """After a crash: messages caught mid-send go back to the queue (sent at most twice)."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(outbox)
            .where(outbox.c.messenger == messenger, outbox.c.status == "sending")
            .values(status="pending")
        )
    return int(result.rowcount)


async def _finish(db: Database, message_id: int, **values: object) -> None:
    async with db.transaction() as conn:
        await conn.execute(update(outbox).where(outbox.c.id == message_id).values(**values))


async def mark_sent(
    db: Database, message_id: int, now: datetime, sent_ref: str | None = None
) -> None:
    await _finish(db, message_id, status="sent", sent_at=now, last_error=None, sent_ref=sent_ref)


async def release_claimed(db: Database, message_ids: list[int]) -> int:
    """Put claimed messages whose result could not be recorded back in the queue, as they were."""
    if not message_ids:
        return 0
    async with db.transaction() as conn:
        result = await conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(message_ids), outbox.c.status == "sending")
            .values(status="pending")
        )
    return int(result.rowcount)


async def mark_retry(
    db: Database,
    message_id: int,
    error: str,
    next_due: datetime,
    *,
    refund_attempt: bool = False,
) -> None:
    """Back to the queue until `next_due`. `refund_attempt` gives back the attempt its claim
    counted, for a message that waited for an earlier one without being tried itself."""
    values: dict[str, object] = {
        "status": "pending",
        "last_error": error[:1000],
        "due_at": next_due,
    }
    if refund_attempt:
        values["attempts"] = case((outbox.c.attempts > 0, outbox.c.attempts - 1), else_=0)
    await _finish(db, message_id, **values)


async def defer_chat(
    db: Database, *, messenger: str, chat_id: str, after_id: int, until: datetime
) -> int:
    """Hold a chat's pending messages queued after `after_id` until `until` at the earliest.

    Called when message `after_id` is rescheduled to `until`: claims go by (due_at, id), so the
    held messages then follow it in their order instead of overtaking it. One UPDATE per
    retry, never a per-claim subquery, so a broadcast's thousands of pending rows stay cheap.
    """
    async with db.transaction() as conn:
        result = await conn.execute(
            update(outbox)
            .where(
                outbox.c.messenger == messenger,
                outbox.c.chat_id == chat_id,
                outbox.c.status == "pending",
                outbox.c.id > after_id,
                outbox.c.due_at < until,
            )
            .values(due_at=until)
        )
    return int(result.rowcount)


async def mark_failed(db: Database, message_id: int, error: str) -> None:
    await _finish(db, message_id, status="failed", last_error=error[:1000])


async def mark_skipped(db: Database, message_id: int, reason: str) -> None:
    await _finish(db, message_id, status="skipped", last_error=reason[:1000])


async def next_due_at(db: Database, messenger: str, priority: int | None = None) -> datetime | None:
    """When the next pending message (of one lane) is due, for the sender to sleep until then."""
    query = select(func.min(outbox.c.due_at)).where(
        outbox.c.messenger == messenger, outbox.c.status == "pending"
    )
    if priority is not None:
        query = query.where(outbox.c.priority == priority)
    async with db.read() as conn:
        due: datetime | None = (await conn.execute(query)).scalar()
    return due


async def messages(db: Database, **filters: object) -> list[OutboxMessage]:
    """Rows matching column equality filters, in id order (for tests and admin views)."""
    query = select(outbox).order_by(outbox.c.id)
    for column, value in filters.items():
        query = query.where(outbox.c[column] == value)
    async with db.read() as conn:
        return [_message(row) for row in (await conn.execute(query)).all()]
