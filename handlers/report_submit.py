"""Submitting a report: store it, queue the committee's copy, give the cadre a receipt.

Everything a submission writes happens in one transaction, guarded by the conversation's
version: a doubled «Gửi» press finds the version moved on and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.formatting import split_text
from bot.i18n import t
from bot.messages import Outbound
from bot.questionnaire.engine import DoneScreen
from bot.report_reasons import reason_lines
from bot.report_summary import (
    ReportHeading,
    amendment_summary,
    committee_summary,
    postponement_notice,
)
from handlers.report_state import ReportState
from handlers.review import review_buttons
from storage import conversations, meetings, outbox, reports
from storage.meetings import MeetingInfo
from storage.reports import ReportFacts

if TYPE_CHECKING:
    from handlers.report_session import Session


async def submit(
    session: Session, meeting: MeetingInfo, report_id: int | None, done: DoneScreen
) -> list[Outbound]:
    ctx = session.ctx
    answers = dict(done.answers)
    if answers.get("status") == "postponed":
        if report_id is not None:
            return [session.reply(t("report.amend_cannot_postpone"))]
        return await _postpone(session, meeting, answers)
    now = ctx.clock.now()
    deadline = meeting.starts_at + ctx.report_deadline
    verdict = done.verdict
    q = ctx.questionnaire
    facts = ReportFacts(
        outcome=str(answers.get("status")),
        answers=answers,
        derived=dict(done.derived),
        meets_standard=verdict.meets_standard if verdict else None,
        failing_criteria=tuple(cid for cid, _name in verdict.failing) if verdict else (),
        score=verdict.score if verdict else None,
        grade=verdict.grade if verdict else None,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        rubric_version=q.rubric.version if q.rubric else None,
        late=now > deadline,
        reasons=tuple(reason_lines(verdict)),
    )
    previous = (await reports.revisions(ctx.db, report_id))[-1] if report_id else None
    async with ctx.db.transaction() as conn:
        if not await _close_draft(session, conn, meeting.id):
            return [session.reply(t("report.stale_button"))]
        stored_id, receipt, revision = await reports.submit(
            conn,
            meeting_id=meeting.id,
            cadre_id=session.cadre.id,
            facts=facts,
            now=session.local(now),
        )
        await outbox.cancel_pending(conn, meeting_id=meeting.id, cadre_id=session.cadre.id)
        late = facts.late if previous is None else await reports.is_late(conn, stored_id)
        heading = _heading(session, meeting, receipt, late)
        if previous is None:
            text = committee_summary(q, heading, answers, facts.derived, verdict)
        else:
            text = amendment_summary(q, heading, revision, previous, answers, verdict)
        photos = _new_photos(answers, previous)
        await _forward(session, conn, f"report:{stored_id}:{revision}", text, photos, receipt,
                       review_report_id=stored_id)  # fmt: skip
    ctx.wake_outbox()
    if previous is not None:
        key = "report.amend_receipt"
    else:  # a late report cannot be amended any more: do not promise it
        key = "report.receipt_late" if facts.late else "report.receipt"
    return [session.reply(t(key, receipt=receipt, revision=revision))]


def _new_photos(answers: dict[str, Any], previous: dict[str, Any] | None) -> list[str]:
    """Photos the committee has not received yet (all of them on a first submission)."""
    sent = previous.get("photos") if previous else None
    already = set(sent) if isinstance(sent, list) else set()
    photos = answers.get("photos")
    return [p for p in photos if p not in already] if isinstance(photos, list) else []


async def _postpone(
    session: Session, meeting: MeetingInfo, answers: dict[str, Any]
) -> list[Outbound]:
    """«Hoãn»: the meeting moves to the new day at the same time; the committee is told."""
    ctx = session.ctx
    new_day = date.fromisoformat(str(answers["new_date"]))
    old_local = session.local(meeting.starts_at)
    new_start = datetime.combine(new_day, old_local.timetz())
    async with ctx.db.transaction() as conn:
        if await meetings.has_report(conn, meeting.id):
            # Someone reported it as it was: moving it would move their report too.
            return [session.reply(t("report.postpone_has_reports"))]
        if not await _close_draft(session, conn, meeting.id):
            return [session.reply(t("report.stale_button"))]
        await meetings.move_meeting(
            conn,
            meeting.id,
            new_starts_at=new_start,
            now=ctx.clock.now(),
            actor=f"{session.inbound.messenger}:{session.inbound.user_id}",
        )
        heading = _heading(session, meeting, "", late=False)
        text = postponement_notice(heading, new_start)
        await _forward(session, conn, f"postponed:{meeting.id}:{new_start.isoformat()}", text)
    ctx.wake_outbox()
    return [session.reply(t("report.postponed_saved", when=f"{new_start:%H:%M %d/%m/%Y}"))]


async def _close_draft(session: Session, conn: AsyncConnection, meeting_id: int) -> bool:
    """Drop the submitted draft, only if nothing changed since this press was rendered."""
    state: ReportState = session.state.without(meeting_id)
    version = await conversations.save(
        conn,
        cadre_id=session.cadre.id,
        state=state.to_json(),
        expected_version=session.conv.version,
        now=session.ctx.clock.now(),
    )
    return version is not None


def _heading(session: Session, meeting: MeetingInfo, receipt: str, late: bool) -> ReportHeading:
    return ReportHeading(
        receipt_no=receipt,
        cell_name=meeting.cell_name,
        unit_name=meeting.unit_name,
        meeting_start=session.local(meeting.starts_at),
        cadre_name=session.cadre.full_name,
        late=late,
        deadline=session.local(meeting.starts_at + session.ctx.report_deadline),
    )


async def _forward(
    session: Session,
    conn: AsyncConnection,
    key: str,
    text: str,
    photos: object = None,
    receipt: str = "",
    review_report_id: int | None = None,
) -> None:
    """Queue the committee's copy: one row per message, so a retry never repeats a part;
    a report's last part carries the «Yêu cầu bổ sung» button."""
    now = session.ctx.clock.now()
    parts = split_text(text)
    review = review_buttons(review_report_id) if review_report_id is not None else ()
    for messenger, chat in session.ctx.leadership_chats():
        rows = [
            Outbound(chat, part, review if n == len(parts) - 1 else ()).to_payload()
            for n, part in enumerate(parts)
        ]
        if isinstance(photos, list) and photos:
            caption = t("report.photos_caption", receipt=receipt)
            rows.append(Outbound(chat, caption, photo_ids=tuple(map(str, photos))).to_payload())
        # Telegram's committee group keeps the keys it always had.
        where = "" if messenger == "telegram" else f":{messenger}:{chat}"
        for index, payload in enumerate(rows):
            await outbox.enqueue(
                conn,
                key=f"forward:{key}{where}:{index}",
                messenger=messenger,
                chat_id=chat,
                kind="forward",
                payload=payload,
                due_at=now,
                now=now,
            )
