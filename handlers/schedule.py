"""`/lich`: the cadre's meetings from a week ago to two months ahead, with report status."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import t, t_raw
from bot.messages import Inbound, Outbound
from bot.planning import DEFAULT_HORIZON_DAYS
from handlers.context import BotContext
from handlers.report_session import open_draft_lines
from storage import meetings
from storage.cadres import Cadre
from storage.meetings import MeetingInfo

LOOKBACK = timedelta(days=7)
LOOKAHEAD = timedelta(days=DEFAULT_HORIZON_DAYS)
REPORT_OUTCOMES = frozenset({"held", "postponed", "cancelled", "absent"})


async def show_schedule(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    """Plan the cadre's cells (idempotent), then list their meetings in the window."""
    now = ctx.clock.now()
    cell_ids = await meetings.cadre_cell_ids(ctx.db, cadre.id)
    if cell_ids:
        await meetings.plan_ahead(
            ctx.db, now=now, tz=ctx.tz, horizon_days=ctx.planning_horizon_days, cell_ids=cell_ids
        )
    start, end = now - LOOKBACK, now + LOOKAHEAD
    rows = await meetings.upcoming_for_cadre(ctx.db, cadre.id, now=start, until=end, tz=ctx.tz)
    text = render_schedule(rows, now, start, end, ctx.tz)
    drafts = await open_draft_lines(ctx, cadre.id)
    return [Outbound(chat_id=inbound.chat_id, text="\n\n".join([text, *drafts]))]


def render_schedule(
    rows: list[tuple[MeetingInfo, str | None]],
    now: datetime,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
) -> str:
    span = {"start": _day(start, tz), "end": _day(end, tz)}
    if not rows:
        return t("schedule.empty", **span)
    lines = [t("schedule.header", **span)]
    for meeting, outcome in rows:
        local = meeting.starts_at.astimezone(tz)
        lines.append(
            t_raw(
                "schedule.line",
                weekday=t(f"weekday.{local.weekday()}"),
                date=local.strftime("%d/%m/%Y"),
                time=local.strftime("%H:%M"),
                cell=html.escape(meeting.cell_name),
                unit=html.escape(meeting.unit_name),
                place=t("roster.place_suffix", place=meeting.place) if meeting.place else "",
                status=status_text(meeting, outcome, now),
            )
        )
    return "\n".join(lines)


def status_text(meeting: MeetingInfo, outcome: str | None, now: datetime) -> str:
    """The cadre's own report first; otherwise what happened to the meeting, or will."""
    if outcome is not None:
        return t(f"schedule.outcome.{outcome if outcome in REPORT_OUTCOMES else 'held'}")
    if meeting.status == "cancelled":
        return t("schedule.status.cancelled")
    if meeting.status == "postponed":
        return t("schedule.status.postponed")
    if meeting.starts_at > now:
        changed = meeting.changed_manually
        return t("schedule.status.upcoming_changed" if changed else "schedule.status.upcoming")
    return t("schedule.status.not_reported")


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d/%m/%Y")
