"""Unguessable, expiring public paths to stored files: Zalo's sendPhoto takes only a URL,
so charts and spreadsheets are served by the bot's own web server. Only a hash of each
token is kept, like invite codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from storage.db import Database
from storage.tables import file_links


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create(db: Database, attachment_id: int, *, now: datetime, ttl: timedelta) -> str:
    """A new token for the file (about 256 bits of randomness)."""
    token = secrets.token_urlsafe(32)
    async with db.transaction() as conn:
        await conn.execute(
            insert(file_links).values(
                token_hash=_hash(token),
                attachment_id=attachment_id,
                expires_at=now + ttl,
                created_at=now,
            )
        )
    return token


async def resolve(db: Database, token: str, *, now: datetime) -> int | None:
    """The file behind a token that has not expired; None otherwise."""
    async with db.read() as conn:
        row = (
            await conn.execute(
                select(file_links.c.attachment_id, file_links.c.expires_at).where(
                    file_links.c.token_hash == _hash(token)
                )
            )
        ).first()
    if row is None or row.expires_at <= now:
        return None
    return int(row.attachment_id)
