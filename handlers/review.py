"""Review of a report: «Yêu cầu bổ sung» under a forwarded report → the member's comment →
the cadre gets it privately with a button that reopens the report for amendment.

The pending request is a row (the database is the only memory): the member's next text in
that chat is the comment, even after a restart. The prompt asks for a reply to it, which
Telegram delivers to bots in groups even with privacy mode on.
"""

from __future__ import annotations

import html
from datetime import timedelta

from bot.i18n import t, t_raw
from bot.messages import Button, Inbound, Outbound, row_id
from bot.phones import display_phone
from handlers.context import BotContext
from handlers.report_choose import start_amendment
from handlers.report_session import load_session
from storage import cadres, outbox, reports, review_requests
from storage.cadres import Cadre

REQUEST_PREFIX = "rv:"  # under a forwarded report, in the committee chat
AMEND_PREFIX = "rva:"  # under the request the cadre receives
REPLY_WINDOW = timedelta(hours=1)  # an older unanswered request no longer claims texts
COMMENT_LIMIT = 1000


def review_buttons(report_id: int) -> tuple[tuple[Button, ...], ...]:
    """The button under every report forwarded to the committee."""
    return ((Button(t_raw("review.button"), f"{REQUEST_PREFIX}{report_id}"),),)


def _id_after(prefix: str, data: str) -> int | None:
    tail = data.removeprefix(prefix)
    return row_id(tail) if data.startswith(prefix) else None


def mention(inbound: Inbound) -> str:
    """The member's name, as a mention on Telegram (so only they are asked to reply)."""
    name = html.escape(inbound.user_display_name or t_raw("review.someone"))
    if inbound.messenger == "telegram" and inbound.user_id.isdigit():
        return f'<a href="tg://user?id={inbound.user_id}">{name}</a>'
    return f"<b>{name}</b>"


async def on_request(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """«Yêu cầu bổ sung» pressed: remember who asked, and ask them for the comment."""
    report_id = _id_after(REQUEST_PREFIX, inbound.choice)
    report = await reports.get(ctx.db, report_id) if report_id is not None else None
    if report is None:
        return [Outbound(inbound.chat_id, t("review.not_found"))]
    async with ctx.db.transaction() as conn:
        await review_requests.open_request(
            conn,
            report_id=report.id,
            requested_by=inbound.user_id,
            chat_id=inbound.chat_id,
            now=ctx.clock.now(),
        )
    local = report.meeting_starts_at.astimezone(ctx.tz)
    text = t_raw(
        "review.ask",
        mention=mention(inbound),
        receipt=html.escape(report.receipt_no),
        cell=html.escape(report.cell_name),
        date=f"{local:%d/%m/%Y}",
    )
    return [Outbound(inbound.chat_id, text, force_reply=True)]


async def on_comment(ctx: BotContext, inbound: Inbound) -> list[Outbound] | None:
    """A text from a member with a request awaiting its comment; None when there is none."""
    now = ctx.clock.now()
    pending = await review_requests.awaiting(
        ctx.db, chat_id=inbound.chat_id, requested_by=inbound.user_id, since=now - REPLY_WINDOW
    )
    if pending is None:
        return None
    comment = inbound.text.strip()
    if len(comment) > COMMENT_LIMIT:
        return [Outbound(inbound.chat_id, t("review.too_long", limit=COMMENT_LIMIT))]
    report = await reports.get(ctx.db, pending.report_id)
    assert report is not None  # reports are never deleted
    async with ctx.db.transaction() as conn:
        if not await review_requests.mark_sent(conn, pending.id, comment=comment, now=now):
            return None  # answered by a message handled a moment earlier
        await review_requests.return_report(conn, report.id)
        cadre = await cadres.get(conn, report.cadre_id)
        reach = cadres.address(cadre, ctx.messengers)
        if reach is not None:
            local = report.meeting_starts_at.astimezone(ctx.tz)
            text = t("review.to_cadre", receipt=report.receipt_no, cell=report.cell_name,
                     date=f"{local:%d/%m/%Y}", comment=comment)  # fmt: skip
            button = Button(t_raw("review.amend_button"), f"{AMEND_PREFIX}{report.id}")
            await outbox.enqueue(
                conn,
                key=f"review:{pending.id}",
                messenger=reach[0],
                chat_id=reach[1],
                kind="review",
                payload=Outbound("", text, ((button,),)).to_payload(),
                due_at=now,
                now=now,
                meeting_id=report.meeting_id,
                cadre_id=cadre.id,
            )
    ctx.wake_outbox()
    if reach is None:
        text = t("review.unlinked", receipt=report.receipt_no, name=cadre.full_name,
                 phone=display_phone(cadre.phone))  # fmt: skip
        return [Outbound(inbound.chat_id, text)]
    text = t("review.sent", receipt=report.receipt_no, name=cadre.full_name)
    return [Outbound(inbound.chat_id, text)]


async def on_cancel(ctx: BotContext, inbound: Inbound) -> list[Outbound] | None:
    """`/huy`: the member's pending request in that chat is dropped; None when there was
    none and the chat is private (there `/huy` belongs to the cadre's own flow)."""
    async with ctx.db.transaction() as conn:
        report_ids = await review_requests.cancel_awaiting(
            conn, chat_id=inbound.chat_id, requested_by=inbound.user_id
        )
    if not report_ids:
        if inbound.is_private:
            return None
        return [Outbound(inbound.chat_id, t("review.nothing_to_cancel"))]
    report = await reports.get(ctx.db, report_ids[-1])
    receipt = report.receipt_no if report else ""
    return [Outbound(inbound.chat_id, t("review.cancelled", receipt=receipt))]


async def open_amendment(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    """The cadre pressed «Bổ sung báo cáo»: the report flow opens the returned report."""
    report_id = _id_after(AMEND_PREFIX, inbound.choice)
    session = await load_session(ctx, inbound, cadre)
    if report_id is None:
        return [session.reply(t("report.amend_closed"))]
    return await start_amendment(session, report_id)
