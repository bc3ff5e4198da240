"""A chat's numbered screen is recorded before its send; a failed send puts back the one
before it, unless a newer screen has replaced it meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import chat_screens
from storage.db import Database

T0 = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)
CHOICES_A = (("Có", "r:1:c:yes"),)
CHOICES_B = (("Thường kỳ", "r:2:c:regular"),)


async def save(db: Database, choices: tuple[tuple[str, str], ...], at: datetime) -> None:
    async with db.transaction() as conn:
        await chat_screens.save(
            conn, messenger="zalo", chat_id="z1", choices=choices, expects_text=False,
            shown_at=at,
        )  # fmt: skip


async def test_a_failed_send_restores_the_screen_before_it(db: Database) -> None:
    await save(db, CHOICES_A, T0)
    previous = await chat_screens.load(db, "zalo", "z1")
    await save(db, CHOICES_B, T0 + timedelta(seconds=5))  # recorded, then the send fails
    async with db.transaction() as conn:
        await chat_screens.restore(
            conn, messenger="zalo", chat_id="z1", written_at=T0 + timedelta(seconds=5),
            previous=previous,
        )  # fmt: skip
    restored = await chat_screens.load(db, "zalo", "z1")
    assert restored is not None and restored.choices == CHOICES_A and restored.shown_at == T0


async def test_a_newer_screen_is_kept_and_a_first_screen_is_simply_removed(db: Database) -> None:
    await save(db, CHOICES_A, T0)  # the first screen of the chat; its send fails …
    await save(db, CHOICES_B, T0 + timedelta(seconds=5))  # … after a newer one was recorded
    async with db.transaction() as conn:
        await chat_screens.restore(
            conn, messenger="zalo", chat_id="z1", written_at=T0, previous=None
        )
    kept = await chat_screens.load(db, "zalo", "z1")
    assert kept is not None and kept.choices == CHOICES_B
    async with db.transaction() as conn:
        await chat_screens.restore(
            conn, messenger="zalo", chat_id="z1", written_at=T0 + timedelta(seconds=5),
            previous=None,
        )  # fmt: skip
    assert await chat_screens.load(db, "zalo", "z1") is None
