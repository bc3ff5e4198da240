"""The report conversation: pick a meeting, answer one question at a time, review, submit.

Every accepted input is saved before the reply goes out (the database is the only memory);
every button carries the conversation's version, so an old or doubled press changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import t
from bot.messages import Button, Inbound, InboundKind, Outbound, row_id
from bot.questionnaire import engine
from bot.questionnaire.engine import QuestionScreen, ReviewScreen
from handlers import report_submit
from handlers.context import BotContext
from handlers.report_choose import (
    ask_cell_or_date,
    ask_date,
    on_other_date,
    show_choices,
    start_amendment,
    start_meeting,
)
from handlers.report_render import callback, parse_callback, render_edit_menu
from handlers.report_session import (
    Session,
    context_for,
    is_busy,
    load_session,
    meeting_of,
    render,
    show_current,
    stale,
)
from handlers.report_state import Phase, ReportState
from storage.cadres import Cadre

__all__ = ["Phase", "is_busy", "load_session", "on_cancel_command", "on_input",
           "on_report_command", "open_report", "resume"]  # fmt: skip


# --- entry points -----------------------------------------------------------------------------


async def on_report_command(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    """`/baocao`: continue the open draft, or list what can be reported."""
    session = await load_session(ctx, inbound, cadre)
    if session.state.phase in (Phase.ANSWERING, Phase.PAUSED) and session.state.current:
        return await resume(session)
    return await show_choices(session)


async def open_report(
    ctx: BotContext,
    inbound: Inbound,
    cadre: Cadre,
    meeting_id: int,
    preset_status: str | None = None,
) -> list[Outbound]:
    """Open the report of one meeting (from a list, a reminder button or «Ngày khác»)."""
    session = await load_session(ctx, inbound, cadre)
    return await start_meeting(session, meeting_id, preset_status)


async def on_cancel_command(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> list[Outbound]:
    """`/huy`: ask before pausing; the draft is kept either way."""
    session = await load_session(ctx, inbound, cadre)
    if session.state.phase is Phase.ANSWERING and session.state.current:
        version = session.conv.version
        buttons = (
            (
                Button(t("report.pause_yes"), callback(version, "hy")),
                Button(t("report.pause_no"), callback(version, "hn")),
            ),
        )
        return [session.reply(t("report.pause_confirm"), buttons)]
    if session.state.phase in (Phase.CHOOSE, Phase.PICK_CELL, Phase.ASK_DATE):
        await session.save(ReportState(Phase.IDLE, None, session.state.drafts))
        return [session.reply(t("report.nothing_open"))]
    return [session.reply(t("report.nothing_to_cancel"))]


async def on_input(session: Session) -> list[Outbound]:
    """Anything a cadre sends while the report flow is open."""
    inbound = session.inbound
    if inbound.kind is InboundKind.CHOICE:
        return await on_button(session)
    phase = session.state.phase
    if phase is Phase.ASK_DATE and inbound.kind is InboundKind.TEXT:
        return await on_other_date(session, inbound.text)
    if phase in (Phase.CHOOSE, Phase.PICK_CELL, Phase.ASK_DATE):
        return [session.reply(t("report.use_buttons"))] + await show_choices(session)
    current = session.state.current
    assert current is not None
    if inbound.kind is InboundKind.TEXT:
        if typed_for_an_earlier_screen(session):
            note = t("report.answer_for_earlier_question", text=inbound.text[:60])
            return [session.reply(note), *await show_current(session)]
        return await apply(session, engine.Answer(inbound.text))
    if inbound.kind is InboundKind.PHOTO and inbound.photo_ids:
        return await apply(session, engine.Photo(inbound.photo_ids[0]))
    # Stickers, voice notes, files: explain, then show the question again.
    return [session.reply(t("report.unsupported_input")), *await show_current(session)]


def typed_for_an_earlier_screen(session: Session) -> bool:
    """Whether a typed answer was sent before the current question was shown (it answered an
    earlier one, e.g. typed again while the bot was retrying): never apply it to this one.
    Messengers date messages to the second, so the comparison is to the second."""
    sent, shown = session.inbound.sent_at, session.conv.updated_at
    return sent is not None and shown is not None and sent < shown.replace(microsecond=0)


async def apply(session: Session, action: engine.Action) -> list[Outbound]:
    """Feed one input to the engine; save what it accepted; show what comes next."""
    current = session.state.current
    assert current is not None and session.state.active is not None
    meeting = await meeting_of(session)
    context = await context_for(session, meeting)
    draft, screen = engine.step(session.ctx.questionnaire, current.draft, action, context)
    if isinstance(screen, engine.DoneScreen):
        return await report_submit.submit(session, meeting, current.report_id, screen)
    if draft != current.draft:
        state = session.state.with_draft(session.state.active, draft, current.report_id)
        if await session.save(state) is None:
            return await stale(session)
    return [render(session, screen, context)]


async def resume(session: Session) -> list[Outbound]:
    state = session.state
    if state.phase is Phase.PAUSED and state.active is not None and state.current is not None:
        resumed = state.with_draft(state.active, state.current.draft, state.current.report_id)
        if await session.save(resumed) is None:
            return await stale(session)
    return await show_current(session, note=True)


async def on_button(session: Session) -> list[Outbound]:
    parsed = parse_callback(session.inbound.choice)
    if parsed is None:
        return [session.reply(t("report.stale_button"))]
    version, code, arg = parsed
    if version != session.conv.version:
        return await stale(session)
    phase = session.state.phase
    if phase is Phase.CHOOSE:
        if code == "m" and (meeting_id := row_id(arg)) is not None:
            return await start_meeting(session, meeting_id, None)
        if code == "a" and (report_id := row_id(arg)) is not None:
            return await start_amendment(session, report_id)
        if code == "o":
            return await ask_cell_or_date(session)
    if phase is Phase.PICK_CELL and code == "k" and (cell_id := row_id(arg)) is not None:
        return await ask_date(session, cell_id)
    if phase in (Phase.PICK_CELL, Phase.ASK_DATE) and code in ("ob", "ox"):
        if code == "ob":  # back to the list of meetings
            return await show_choices(session)
        if await session.save(ReportState(Phase.IDLE, None, session.state.drafts)) is None:
            return await stale(session)
        return [session.reply(t("report.nothing_open"))]
    if phase is Phase.ANSWERING and session.state.current is not None:
        return await on_answer_button(session, code, arg)
    return await stale(session)


async def on_answer_button(session: Session, code: str, arg: str) -> list[Outbound]:
    actions: dict[str, engine.Action] = {
        "c": engine.Choose(arg),
        "t": engine.Toggle(arg),
        "d": engine.Done(),
        "b": engine.Back(),
        "s": engine.Skip(),
        "e": engine.Edit(arg),
        "g": engine.Submit(),
        "all": engine.ChooseAll(),
        "sc": engine.Shortcut(),
    }
    if code == "t":
        # Ticking a box redraws the same list: update the pressed message, not a new one.
        replies = await apply(session, actions[code])
        if len(replies) == 1:  # not a stale press, which explains itself in a new message
            replies = [replace(replies[0], edit_message_id=session.inbound.message_id)]
        return replies
    if code in actions:
        return await apply(session, actions[code])
    meeting = await meeting_of(session)
    context = await context_for(session, meeting)
    current = session.state.current
    assert current is not None
    screen = engine.screen(session.ctx.questionnaire, current.draft, context)
    if code == "p" and isinstance(screen, QuestionScreen) and screen.prefill is not None:
        return await apply(session, engine.Answer(str(screen.prefill)))
    suggested = int(arg) if code == "v" and arg.isdigit() else -1  # e.g. an end time button
    if isinstance(screen, QuestionScreen) and 0 <= suggested < len(screen.suggestions):
        return await apply(session, engine.Answer(screen.suggestions[suggested]))
    if code == "em" and isinstance(screen, ReviewScreen):
        return [render_edit_menu(session.inbound.chat_id, screen, session.conv.version)]
    if code == "rv":
        return [render(session, screen, context)]
    if code == "hy":
        state = ReportState(Phase.PAUSED, session.state.active, session.state.drafts)
        if await session.save(state) is None:
            return await stale(session)
        return [session.reply(t("report.paused"))]
    if code == "hn":
        return [render(session, screen, context)]
    return await stale(session)
