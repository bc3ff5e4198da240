"""The committee's commands: `/tonghop` (the digest now), `/chuanop` (who has not reported,
with a button to nudge each cadre), `/xuat` (the spreadsheet), and review of reports.

Allowed in the committee chat (to anyone there) and privately to admins; anyone else is
politely refused. Replies go straight back (not through the outbox): the person is waiting.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.digest.aggregate import Figures, Missing
from bot.digest.compose import DigestConfig, collect, match_units, summarize_only
from bot.digest.periods import Period, days_back, month_of, parse_month
from bot.digest.render import overdue_text, period_label, render_missing
from bot.i18n import t, t_raw
from bot.messages import Button, Inbound, InboundKind, Outbound, row_id
from bot.phones import display_phone
from handlers import review
from handlers.context import BotContext
from storage import cadres, digest_queries, outbox
from storage.digest_queries import UnitRef

COMMANDS = frozenset({"tonghop", "chuanop", "xuat"})
NUDGE_PREFIX = "nh:"
NUDGE_BUTTONS = 20  # one per cadre, most overdue first; a keyboard beyond that is unusable
NUDGE_MEETINGS = 5  # report buttons under one nudge


def config(ctx: BotContext) -> DigestConfig:
    return DigestConfig(
        tz=ctx.tz,
        deadline=ctx.report_deadline,
        questionnaire=ctx.questionnaire,
        committee_name=ctx.committee_name,
    )


def _ours(inbound: Inbound) -> bool:
    return inbound.kind is InboundKind.CHOICE and inbound.choice.startswith(
        (review.REQUEST_PREFIX, NUDGE_PREFIX)
    )


async def on_committee_chat(ctx: BotContext, inbound: Inbound, command: str) -> list[Outbound]:
    """Anything said in the committee chat; what is not for the bot gets no answer."""
    if command in COMMANDS or _ours(inbound):
        return await _dispatch(ctx, inbound, command)
    if command == "trogiup":
        return [Outbound(inbound.chat_id, t("help.committee"))]
    if command == "huy":
        return await review.on_cancel(ctx, inbound) or []
    if inbound.kind is InboundKind.TEXT:
        return await review.on_comment(ctx, inbound) or []
    return []


async def on_private(ctx: BotContext, inbound: Inbound, command: str) -> list[Outbound] | None:
    """Leadership commands and buttons in a private chat (admins only); None when the message
    is not one of them, so the cadre's own flow answers it."""
    admin = ctx.is_admin(inbound.messenger, inbound.user_id)
    if command in COMMANDS or _ours(inbound):
        if not admin:
            return [Outbound(inbound.chat_id, t("leadership.refused"))]
        return await _dispatch(ctx, inbound, command)
    if admin and command == "trogiup":  # an admin reads both helps
        return [Outbound(inbound.chat_id, t("help.committee") + "\n\n" + t("help.cadre"))]
    if admin and inbound.kind is InboundKind.TEXT:
        return await review.on_comment(ctx, inbound)
    if admin and command == "huy":
        return await review.on_cancel(ctx, inbound)
    return None


async def _dispatch(ctx: BotContext, inbound: Inbound, command: str) -> list[Outbound]:
    if inbound.kind is InboundKind.CHOICE:
        if inbound.choice.startswith(NUDGE_PREFIX):
            return await on_nudge(ctx, inbound)
        return await review.on_request(ctx, inbound)
    if command == "tonghop":
        return await on_summary(ctx, inbound)
    if command == "chuanop":
        return await on_missing(ctx, inbound)
    return await on_export(ctx, inbound)


async def _scope(
    ctx: BotContext, args: Sequence[str], default: Period
) -> tuple[Period, UnitRef | None] | str:
    """`[mm/yyyy] [đảng bộ]` → the period and unit, or the error to show."""
    words = list(args)
    period = default
    if words and any(ch.isdigit() for ch in words[0]) and ("/" in words[0] or "-" in words[0]):
        try:
            period = parse_month(words[0])
        except ValueError:
            return t("leadership.bad_month", value=words[0])
        words = words[1:]
    if not words:
        return period, None
    name = " ".join(words)
    units = await digest_queries.list_units(ctx.db)
    found = match_units(units, name)
    if len(found) == 1:
        return period, found[0]
    names = ", ".join(unit.name for unit in (found or units))
    key = "leadership.unit_ambiguous" if found else "leadership.unit_not_found"
    return t(key, unit=name, units=names)


def _this_month(ctx: BotContext) -> Period:
    return month_of(ctx.today())


async def on_summary(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """`/tonghop [mm/yyyy] [đảng bộ]`: the digest of that month (default: this one), its
    chart and the 12-month trend."""
    scope = await _scope(ctx, inbound.args, _this_month(ctx))
    if isinstance(scope, str):
        return [Outbound(inbound.chat_id, scope)]
    period, unit = scope
    bundle = await collect(ctx.db, period, config(ctx), now=ctx.clock.now(), unit=unit,
                           rows=False)  # fmt: skip
    chart = await bundle.chart_file()
    replies = [Outbound(inbound.chat_id, part) for part in bundle.text_parts()]
    caption = t("leadership.chart_caption", period=period_label(period))
    replies.append(Outbound(inbound.chat_id, caption, attachment=chart))
    trend = await bundle.trend_chart_file()
    if trend is not None:
        trend_caption = t("leadership.trend_caption", period=period_label(period))
        replies.append(Outbound(inbound.chat_id, trend_caption, attachment=trend))
    return replies


async def on_export(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """`/xuat [mm/yyyy] [đảng bộ]`: the spreadsheet of that month (default: this one)."""
    scope = await _scope(ctx, inbound.args, _this_month(ctx))
    if isinstance(scope, str):
        return [Outbound(inbound.chat_id, scope)]
    period, unit = scope
    bundle = await collect(ctx.db, period, config(ctx), now=ctx.clock.now(), unit=unit)
    workbook = await bundle.workbook_file()
    caption = t("leadership.sheet_caption", period=period_label(period))
    return [Outbound(inbound.chat_id, caption, attachment=workbook)]


def _recent(ctx: BotContext) -> Period:
    """What can still be reported: the reporting window up to today."""
    return days_back(ctx.today(), ctx.reporting_window.days)


async def on_missing(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """`/chuanop [mm/yyyy] [đảng bộ]`: who has not reported (default: the reporting window),
    with a «Nhắc» button per cadre."""
    scope = await _scope(ctx, inbound.args, _recent(ctx))
    if isinstance(scope, str):
        return [Outbound(inbound.chat_id, scope)]
    period, unit = scope
    now = ctx.clock.now()
    figures = await summarize_only(ctx.db, period, config(ctx), now=now, unit=unit)
    parts = render_missing(figures, ctx.tz, now)
    buttons = _nudge_buttons(figures)
    if len({item.cadre.id for item in figures.missing}) > NUDGE_BUTTONS:
        total = len({item.cadre.id for item in figures.missing})
        parts[-1] += "\n" + t("leadership.nudge_more", shown=NUDGE_BUTTONS, total=total)
    replies = [Outbound(inbound.chat_id, part) for part in parts[:-1]]
    replies.append(Outbound(inbound.chat_id, parts[-1], buttons))
    return replies


def _nudge_buttons(figures: Figures) -> tuple[tuple[Button, ...], ...]:
    rows: list[tuple[Button, ...]] = []
    seen: set[int] = set()
    for item in figures.missing:
        if item.cadre.id in seen or len(rows) >= NUDGE_BUTTONS:
            continue
        seen.add(item.cadre.id)
        label = t_raw("leadership.nudge_button", name=item.cadre.full_name)
        rows.append((Button(label, f"{NUDGE_PREFIX}{item.cadre.id}"),))
    return tuple(rows)


async def on_nudge(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """«Nhắc» pressed: queue one reminder to the cadre listing what they still owe; pressing
    again within the same minute queues nothing more."""
    cadre_id = row_id(inbound.choice.removeprefix(NUDGE_PREFIX))
    if cadre_id is None or await cadres.find_by_id(ctx.db, cadre_id) is None:
        return []
    now = ctx.clock.now()
    figures = await summarize_only(ctx.db, _recent(ctx), config(ctx), now=now, cadre_id=cadre_id)
    owed = [item for item in figures.missing if item.cadre.id == cadre_id]
    async with ctx.db.read() as conn:
        cadre = await cadres.get(conn, cadre_id)
    if not owed:
        return [Outbound(inbound.chat_id, t("leadership.nudge_nothing", name=cadre.full_name))]
    reach = cadres.address(cadre, ctx.messengers)
    if reach is None:
        text = t(
            "leadership.nudge_unlinked", name=cadre.full_name, phone=display_phone(cadre.phone)
        )
        return [Outbound(inbound.chat_id, text)]
    messenger, chat_id = reach
    message = nudge_message(ctx, chat_id, owed)
    async with ctx.db.transaction() as conn:
        inserted = await outbox.enqueue(
            conn,
            key=f"nudge:{cadre_id}:{now.astimezone(ctx.tz):%Y%m%dT%H%M}",
            messenger=messenger,
            chat_id=message.chat_id,
            kind="nudge",
            payload=message.to_payload(),
            due_at=now,
            now=now,
            cadre_id=cadre_id,
        )
    ctx.wake_outbox()
    key = "leadership.nudge_sent" if inserted else "leadership.nudge_repeated"
    return [Outbound(inbound.chat_id, t(key, name=cadre.full_name))]


def nudge_message(ctx: BotContext, chat_id: str, owed: Sequence[Missing]) -> Outbound:
    """What the cadre receives: each meeting owed, with a button that opens its report."""
    items: list[str] = []
    buttons: list[tuple[Button, ...]] = []
    for item in owed:
        local = item.meeting.starts_at.astimezone(ctx.tz)
        items.append(t("leadership.nudge_item", cell=item.meeting.cell_name,
                       unit=item.meeting.unit_name, date=f"{local:%d/%m/%Y}",
                       status=overdue_text(item.days_overdue)))  # fmt: skip
        if len(buttons) < NUDGE_MEETINGS:
            label = t_raw("leadership.nudge_report_button", cell=item.meeting.cell_name,
                          date=f"{local:%d/%m}")  # fmt: skip
            # The reminders' «Báo cáo ngay» button: handlers/reminder_buttons.py opens it.
            buttons.append((Button(label, f"rm:{item.meeting.id}:report"),))
    return Outbound(chat_id, t_raw("leadership.nudge", items="\n".join(items)), tuple(buttons))
