"""`/cuatoi`: the cadre's own reports — receipt, cell, date, verdict, state — and one opened."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import label, t
from bot.messages import Button, Inbound, Outbound, row_id
from bot.questionnaire.answers import display_value
from handlers.context import BotContext
from storage import reports
from storage.cadres import Cadre
from storage.reports import StoredReport

PREFIX = "my:"
LOOKBACK = timedelta(days=366)  # a year of reports is what a cadre looks back on


async def on_my_reports(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    since = ctx.clock.now() - LOOKBACK
    mine = await reports.for_cadre(ctx.db, cadre.id, meetings_since=since)
    if not mine:
        return [Outbound(chat_id=inbound.chat_id, text=t("mine.none"))]
    lines = [t("mine.title")] + [_line(ctx, report) for report in mine]
    buttons = tuple(
        (Button(label("mine.open", receipt=report.receipt_no), f"{PREFIX}{report.id}"),)
        for report in mine
    )
    return [Outbound(chat_id=inbound.chat_id, text="\n".join(lines), buttons=buttons)]


async def on_open(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    report_id = row_id(inbound.choice.removeprefix(PREFIX))
    report = await reports.get(ctx.db, report_id) if report_id is not None else None
    if report is None or report.cadre_id != cadre.id:  # only one's own reports
        return [Outbound(chat_id=inbound.chat_id, text=t("mine.not_found"))]
    answers = (await reports.revisions(ctx.db, report.id))[-1]
    q = ctx.questionnaire
    lines = [_line(ctx, report)]
    # Answers of questions the current questionnaire no longer has are left out.
    for question in q.questions:
        if question.id in answers:
            value = display_value(question, answers[question.id])
            lines.append(t("mine.answer", label=question.short_label, value=value))
    return [Outbound(chat_id=inbound.chat_id, text="\n".join(lines))]


def _line(ctx: BotContext, report: StoredReport) -> str:
    if report.meets_standard is None:  # the meeting did not happen: say what did
        q = ctx.questionnaire
        status = q.question("status") if q.has_question("status") else None
        verdict = display_value(status, report.outcome) if status else report.outcome
    else:
        verdict = t("sheet.meets" if report.meets_standard else "sheet.below")
    return t(
        "mine.line",
        receipt=report.receipt_no,
        cell=report.cell_name,
        when=f"{report.meeting_starts_at.astimezone(ctx.tz):%d/%m/%Y}",
        verdict=verdict,
        state=t(f"sheet.state.{report.review_state}"),
    )
