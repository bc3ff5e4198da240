"""The buttons under reminders: `rm:{meeting_id}:{action}`.

`snooze` queues the before-reminder again later; `report`, `absent` and `postpone` open the
report of that meeting (with the status answered where the button says it). Only the linked
cadre assigned to the meeting's cell may use them; anyone else gets a short refusal.
"""

from __future__ import annotations

from bot.i18n import t
from bot.messages import Inbound, Outbound, row_id
from bot.planning import local_date
from bot.reminders import (
    ReminderKind,
    ReminderMeeting,
    ReminderRules,
    key_prefix,
    outbox_kind,
    render_reminder,
    snooze_due,
    snooze_key,
)
from handlers import report
from handlers.context import BotContext
from storage import cadres, meetings, outbox
from storage import reminders as reminders_store
from storage.cadres import Cadre
from storage.meetings import MeetingInfo

PRESET_STATUS: dict[str, str | None] = {"report": None, "absent": "absent", "postpone": "postponed"}
ACTIONS = frozenset({"snooze", *PRESET_STATUS})


def parse(choice: str) -> tuple[int, str] | None:
    """ "rm:12:snooze" → (12, "snooze"); None for anything else."""
    parts = choice.split(":")
    if len(parts) != 3 or parts[0] != "rm" or parts[2] not in ACTIONS:
        return None
    meeting_id = row_id(parts[1])
    return (meeting_id, parts[2]) if meeting_id is not None else None


def rules_for(ctx: BotContext) -> ReminderRules:
    """The configured reminder rules (snooze length, quiet hours), or the defaults."""
    if ctx.reminder_rules is not None:
        return ctx.reminder_rules
    return ReminderRules(tz=ctx.tz, deadline_after=ctx.report_deadline)


async def on_button(
    ctx: BotContext, inbound: Inbound, cadre: Cadre | None, rules: ReminderRules | None = None
) -> list[Outbound]:
    """Answer a press of a reminder's button."""
    parsed = parse(inbound.choice)
    meeting = await meetings.get_meeting(ctx.db, parsed[0]) if parsed else None
    if (
        parsed is None
        or cadre is None
        or meeting is None
        or not await _assigned(ctx, cadre, meeting)
    ):
        return [Outbound(inbound.chat_id, t("reminder.refused"))]
    _meeting_id, action = parsed
    if action == "snooze":
        return await snooze(ctx, inbound, cadre, meeting, rules or rules_for(ctx))
    return await report.open_report(
        ctx, inbound, cadre, meeting.id, preset_status=PRESET_STATUS[action]
    )


async def _assigned(ctx: BotContext, cadre: Cadre, meeting: MeetingInfo) -> bool:
    day = local_date(meeting.starts_at, ctx.tz)
    return any(cell.cell_id == meeting.cell_id for cell in await cadres.assigned_cells(
        ctx.db, cadre.id, day))  # fmt: skip


async def snooze(
    ctx: BotContext, inbound: Inbound, cadre: Cadre, meeting: MeetingInfo, rules: ReminderRules
) -> list[Outbound]:
    """Queue the before-reminder again after the snooze time (out of the quiet hours)."""
    if meeting.status != "planned" or await meetings.has_report_by(ctx.db, meeting.id, cadre.id):
        return [Outbound(inbound.chat_id, t("reminder.not_needed"))]
    now = ctx.clock.now()
    due = snooze_due(now, meeting.starts_at, rules)
    if due is None:
        start = meeting.starts_at.astimezone(ctx.tz)
        return [Outbound(inbound.chat_id, t("reminder.snooze_too_late", time=f"{start:%H:%M}"))]
    facts = ReminderMeeting(
        meeting.id, meeting.starts_at, meeting.cell_name, meeting.unit_name, meeting.place
    )
    message = render_reminder(ReminderKind.SNOOZE, facts, inbound.chat_id, rules)
    async with ctx.db.transaction() as conn:
        prefix = key_prefix(meeting.id, cadre.id, meeting.starts_at) + "snooze:"
        number = await reminders_store.count_with_prefix(conn, prefix) + 1
        await outbox.enqueue(
            conn,
            key=snooze_key(meeting.id, cadre.id, meeting.starts_at, number),
            messenger=inbound.messenger,
            chat_id=inbound.chat_id,
            kind=outbox_kind(ReminderKind.SNOOZE),
            payload=message.to_payload(),
            due_at=due,
            now=now,
            expires_at=meeting.starts_at,
            meeting_id=meeting.id,
            cadre_id=cadre.id,
        )
    ctx.wake_outbox()
    local = due.astimezone(ctx.tz)
    if local.date() == now.astimezone(ctx.tz).date():
        return [Outbound(inbound.chat_id, t("reminder.snoozed", time=f"{local:%H:%M}"))]
    text = t("reminder.snoozed_on", time=f"{local:%H:%M}", date=f"{local:%d/%m/%Y}")
    return [Outbound(inbound.chat_id, text)]
