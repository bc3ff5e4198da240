"""Moving or cancelling a meeting, with the notices it calls for queued in the same transaction:
one for the committee chat and one for each assigned cadre linked on Telegram."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.i18n import t
from bot.planning import local_date
from storage import meeting_overview, meetings, outbox
from storage.meetings import MeetingInfo


def format_when(moment: datetime, tz: ZoneInfo) -> str:
    """`19:30 05/03/2026`, in local time."""
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y")


def _reason_line(reason: str | None) -> str:
    return t("meeting.reason_line", reason=reason) if reason else ""


async def move_with_notice(
    conn: AsyncConnection,
    meeting: MeetingInfo,
    new_starts_at: datetime,
    *,
    committee_chat_id: str | None,
    tz: ZoneInfo,
    now: datetime,
    actor: str,
) -> MeetingInfo:
    """Move a meeting and, on the same transaction, queue the notices."""
    moved = await meetings.move_meeting(
        conn, meeting.id, new_starts_at=new_starts_at, now=now, actor=actor
    )
    names = {"cell": meeting.cell_name, "unit": meeting.unit_name}
    old, new = format_when(meeting.starts_at, tz), format_when(moved.starts_at, tz)
    change = moved.starts_at.astimezone(UTC).isoformat()
    committee = t("calendar.notice_moved", old=old, new=new, **names)
    await _notify_committee(conn, committee_chat_id, meeting.id, change, committee, now)
    place = t("meeting.place_line", place=moved.place) if moved.place else ""
    cadre_text = t("meeting.cadre_moved", old=old, new=new, **names) + place
    await _notify_cadres(conn, moved, change, cadre_text, tz, now)
    return moved


async def cancel_with_notice(
    conn: AsyncConnection,
    meeting: MeetingInfo,
    *,
    committee_chat_id: str | None,
    tz: ZoneInfo,
    now: datetime,
    actor: str,
    reason: str | None = None,
) -> None:
    """Cancel a meeting and, on the same transaction, queue the notices (with the reason)."""
    await meetings.cancel_meeting(conn, meeting.id, now=now, actor=actor, reason=reason)
    names = {"cell": meeting.cell_name, "unit": meeting.unit_name}
    when = format_when(meeting.starts_at, tz)
    committee = t("calendar.notice_cancelled", when=when, **names) + _reason_line(reason)
    await _notify_committee(conn, committee_chat_id, meeting.id, "cancelled", committee, now)
    cadre_text = t("meeting.cadre_cancelled", when=when, **names) + _reason_line(reason)
    await _notify_cadres(conn, meeting, "cancelled", cadre_text, tz, now)


async def _notify_committee(
    conn: AsyncConnection,
    chat_id: str | None,
    meeting_id: int,
    change: str,
    text: str,
    now: datetime,
) -> None:
    if chat_id is None:
        return
    await outbox.enqueue(
        conn,
        key=f"meeting_changed:{meeting_id}:{change}",
        messenger="telegram",
        chat_id=chat_id,
        kind="committee_notice",
        payload={"text": text},
        due_at=now,
        now=now,
        meeting_id=meeting_id,
    )


async def _notify_cadres(
    conn: AsyncConnection,
    meeting: MeetingInfo,
    change: str,
    text: str,
    tz: ZoneInfo,
    now: datetime,
) -> int:
    """A direct message to every cadre assigned on the meeting's day and linked on Telegram
    (Zalo has no transport yet); the number queued."""
    queued = 0
    day = local_date(meeting.starts_at, tz)
    for cadre in await meeting_overview.assigned_cadres(conn, meeting.cell_id, day):
        if cadre.telegram_user_id is None:
            continue
        queued += await outbox.enqueue(
            conn,
            key=f"meeting_changed:{meeting.id}:{change}:cadre:{cadre.id}",
            messenger="telegram",
            chat_id=str(cadre.telegram_user_id),
            kind="meeting_notice",
            payload={"text": text},
            due_at=now,
            now=now,
            meeting_id=meeting.id,
            cadre_id=cadre.id,
        )
    return queued
