"""Files the bot made (charts, spreadsheets) kept for outbox rows that refer to them by id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.messages import Attachment, LoadAttachment, StoredAttachment
from storage.db import Database
from storage.tables import attachments


async def store(conn: AsyncConnection, attachment: Attachment, now: datetime) -> StoredAttachment:
    """Keep the bytes on the caller's transaction (with the outbox rows that send them)."""
    result = await conn.execute(
        insert(attachments).values(
            filename=attachment.filename,
            media_type=attachment.media_type,
            content=attachment.content,
            created_at=now,
        )
    )
    assert result.inserted_primary_key is not None
    return StoredAttachment(int(result.inserted_primary_key[0]), attachment.kind)


async def load(db: Database, attachment_id: int) -> Attachment | None:
    async with db.read() as conn:
        row = (
            await conn.execute(
                select(
                    attachments.c.filename, attachments.c.media_type, attachments.c.content
                ).where(attachments.c.id == attachment_id)
            )
        ).first()
    if row is None:
        return None
    return Attachment(row.filename, row.media_type, bytes(row.content))


def loader(db: Database) -> LoadAttachment:
    """What `transports.telegram.delivery(…, load_attachment=…)` needs."""

    async def load_one(attachment_id: int) -> Attachment | None:
        return await load(db, attachment_id)

    return load_one
