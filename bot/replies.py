"""Replies go out like every other message: as outbox rows written in the same transaction
as the update that caused them, so a crash or a failed send never loses one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.messages import Attachment, Outbound
from storage import attachments, outbox


async def queue_replies(
    conn: AsyncConnection,
    replies: Sequence[Outbound],
    *,
    messenger: str,
    inbox_id: int,
    now: datetime,
) -> None:
    """Queue the answers to inbox row `inbox_id`, in order, ahead of proactive messages.

    Keys derive from the inbox row, so handling the same update twice (a retry after a
    failed commit) can never queue its answers twice."""
    for index, reply in enumerate(replies):
        if isinstance(reply.attachment, Attachment):
            reply = replace(reply, attachment=await attachments.store(conn, reply.attachment, now))
        await outbox.enqueue(
            conn,
            key=f"reply:{messenger}:{inbox_id}:{index}",
            messenger=messenger,
            chat_id=reply.chat_id,
            kind="reply",
            payload=reply.to_payload(),
            due_at=now,
            now=now,
            priority=outbox.REPLY,
        )
