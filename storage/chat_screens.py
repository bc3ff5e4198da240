"""The numbered choices each chat was last shown (messengers without buttons: Zalo).

One row per chat, replaced by every screen that has choices or expects a typed answer: a
number always refers to the latest screen, and the row survives a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.tables import chat_screens


@dataclass(frozen=True)
class StoredScreen:
    choices: tuple[tuple[str, str], ...]  # (label, button data), numbered from 1
    expects_text: bool
    shown_at: datetime


async def save(
    conn: AsyncConnection,
    *,
    messenger: str,
    chat_id: str,
    choices: tuple[tuple[str, str], ...],
    expects_text: bool,
    shown_at: datetime,
) -> None:
    encoded = _encode(choices, expects_text)
    where = (chat_screens.c.messenger == messenger, chat_screens.c.chat_id == chat_id)
    newer = (await conn.execute(select(chat_screens.c.shown_at).where(*where))).scalar()
    if newer is not None and newer > shown_at:
        # Replies and proactive messages are sent side by side: a screen whose send began
        # later is the one the person sees last, whichever finished first.
        return
    await conn.execute(delete(chat_screens).where(*where))
    await conn.execute(
        insert(chat_screens).values(
            messenger=messenger, chat_id=chat_id, screen=encoded, shown_at=shown_at
        )
    )


async def restore(
    conn: AsyncConnection,
    *,
    messenger: str,
    chat_id: str,
    written_at: datetime,
    previous: StoredScreen | None,
) -> None:
    """A screen saved before its send, whose send then failed: the chat's screen is again
    the one before it, unless a newer screen has replaced it meanwhile."""
    where = (chat_screens.c.messenger == messenger, chat_screens.c.chat_id == chat_id)
    current = (await conn.execute(select(chat_screens.c.shown_at).where(*where))).scalar()
    if current != written_at:
        return
    await conn.execute(delete(chat_screens).where(*where))
    if previous is not None:
        await conn.execute(
            insert(chat_screens).values(
                messenger=messenger, chat_id=chat_id,
                screen=_encode(previous.choices, previous.expects_text),
                shown_at=previous.shown_at,
            )
        )  # fmt: skip


def _encode(choices: tuple[tuple[str, str], ...], expects_text: bool) -> str:
    return json.dumps(
        {"choices": [list(choice) for choice in choices], "expects_text": expects_text},
        ensure_ascii=False,
    )


async def load(db: Database, messenger: str, chat_id: str) -> StoredScreen | None:
    async with db.read() as conn:
        row = (
            await conn.execute(
                select(chat_screens).where(
                    chat_screens.c.messenger == messenger, chat_screens.c.chat_id == chat_id
                )
            )
        ).first()
    if row is None:
        return None
    data = json.loads(row.screen)
    choices = tuple((str(label), str(value)) for label, value in data["choices"])
    return StoredScreen(choices, bool(data["expects_text"]), row.shown_at)
