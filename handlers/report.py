"""The report conversation: pick a meeting, answer one question at a time, review, submit.

Every accepted input is saved before the reply goes out (the database is the only memory);
every button carries the conversation's version, so an old or doubled press changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import label as label_text
from bot.i18n import t
from bot.messages import Button, Inbound, InboundKind, Outbound
from bot.questionnaire import engine
from bot.questionnaire.answers import AnswerError, parse_date
from bot.questionnaire.engine import Draft, QuestionScreen, ReviewScreen, Screen
from bot.questionnaire.rubric import environment, relevant_answers, relevant_questions
from handlers import report_submit
from handlers.context import BotContext
from handlers.report_render import (
    callback,
    parse_callback,
    render_edit_menu,
    render_question,
    render_review,
)
from handlers.report_state import Phase, ReportState, engine_context

__all__ = ["Phase", "load_session", "on_cancel_command", "on_input", "on_report_command",
           "open_report", "resume"]  # fmt: skip
from storage import cadres, conversations, meetings, reports
from storage.cadres import Cadre
from storage.conversations import Conversation
from storage.meetings import MeetingInfo

# Statuses a cadre can report before the meeting has started.
BEFORE_THE_MEETING = frozenset({"absent", "postponed"})


class Session:
    """One cadre's conversation for the length of one inbound message."""

    def __init__(self, ctx: BotContext, inbound: Inbound, cadre: Cadre, conv: Conversation):
        self.ctx = ctx
        self.inbound = inbound
        self.cadre = cadre
        self.conv = conv
        self.state = ReportState.from_json(conv.state)

    def reply(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Outbound:
        return Outbound(chat_id=self.inbound.chat_id, text=text, buttons=buttons)

    async def save(self, state: ReportState) -> int | None:
        """Store the new state; None if another press got there first (nothing is written)."""
        async with self.ctx.db.transaction() as conn:
            version = await conversations.save(
                conn,
                cadre_id=self.cadre.id,
                state=state.to_json(),
                expected_version=self.conv.version,
                now=self.ctx.clock.now(),
            )
        if version is not None:
            self.conv = Conversation(self.cadre.id, state.to_json(), version, self.ctx.clock.now())
            self.state = state
        return version

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.ctx.tz)


async def load_session(ctx: BotContext, inbound: Inbound, cadre: Cadre) -> Session:
    return Session(ctx, inbound, cadre, await conversations.load(ctx.db, cadre.id))


def is_busy(session: Session) -> bool:
    """Whether plain messages belong to the report flow (rather than to general help)."""
    return session.state.phase in (Phase.ANSWERING, Phase.ASK_DATE, Phase.CHOOSE, Phase.PICK_CELL)


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
        return await apply(session, engine.Answer(inbound.text))
    if inbound.kind is InboundKind.PHOTO and inbound.photo_ids:
        return await apply(session, engine.Photo(inbound.photo_ids[0]))
    # Stickers, voice notes, files: explain, then show the question again.
    return [session.reply(t("report.unsupported_input")), *await show_current(session)]


# --- choosing the meeting ---------------------------------------------------------------------


async def amendable(session: Session) -> list[reports.StoredReport]:
    ctx = session.ctx
    now = ctx.clock.now()
    since = now - ctx.reporting_window - ctx.report_deadline
    mine = await reports.for_cadre(ctx.db, session.cadre.id, meetings_since=since)
    return [
        report
        for report in mine
        if report.review_state == "returned"
        or now <= report.meeting_starts_at + ctx.report_deadline
    ]


async def show_choices(session: Session) -> list[Outbound]:
    ctx = session.ctx
    open_meetings = await meetings.reportable_for_cadre(
        ctx.db, session.cadre.id, now=ctx.clock.now(), window=ctx.reporting_window, tz=ctx.tz
    )
    amendments = await amendable(session)
    if len(open_meetings) == 1 and not amendments and session.state.phase is not Phase.CHOOSE:
        return await start_meeting(session, open_meetings[0].id, None)
    state = ReportState(Phase.CHOOSE, None, session.state.drafts)
    if await session.save(state) is None:
        return await stale(session)
    version = session.conv.version
    rows: list[tuple[Button, ...]] = []
    for meeting in open_meetings:
        started = " ✏️" if meeting.id in state.drafts else ""
        label = label_text("report.meeting_button", cell=meeting.cell_name,
                  date=f"{session.local(meeting.starts_at):%d/%m}") + started  # fmt: skip
        rows.append((Button(label, callback(version, "m", meeting.id)),))
    for report in amendments:
        label = label_text("report.amend_button", cell=report.cell_name,
                  date=f"{session.local(report.meeting_starts_at):%d/%m}")  # fmt: skip
        rows.append((Button(label, callback(version, "a", report.id)),))
    rows.append((Button(t("report.other_date_button"), callback(version, "o")),))
    key = "report.choose_meeting" if open_meetings or amendments else "report.no_meetings"
    return [session.reply(t(key), tuple(rows))]


async def start_meeting(
    session: Session, meeting_id: int, preset_status: str | None
) -> list[Outbound]:
    """Begin (or continue) the draft of a meeting the cadre may report on."""
    ctx = session.ctx
    existing = session.state.drafts.get(meeting_id)
    if existing is not None:
        state = session.state.with_draft(meeting_id, existing.draft, existing.report_id)
        if await session.save(state) is None:
            return await stale(session)
        return await show_current(session, note=True)
    reportable = await meetings.reportable_for_cadre(
        ctx.db, session.cadre.id, now=ctx.clock.now(), window=ctx.reporting_window, tz=ctx.tz
    )
    meeting = next((m for m in reportable if m.id == meeting_id), None)
    if meeting is None and preset_status in BEFORE_THE_MEETING:
        meeting = await upcoming_meeting(session, meeting_id)
    if meeting is None:
        return [session.reply(t("report.meeting_not_reportable"))]
    context = await context_for(session, meeting)
    draft, _screen = engine.start(ctx.questionnaire, context)
    if preset_status is not None:
        draft, _screen = engine.step(
            ctx.questionnaire, draft, engine.Choose(preset_status), context
        )
    if await session.save(session.state.with_draft(meeting.id, draft, None)) is None:
        return await stale(session)
    intro = t("report.started", cell=meeting.cell_name,
              when=f"{session.local(meeting.starts_at):%H:%M %d/%m/%Y}")  # fmt: skip
    return [session.reply(intro), *await show_current(session)]


async def upcoming_meeting(session: Session, meeting_id: int) -> MeetingInfo | None:
    """A coming meeting of the cadre's, not yet reported: «cannot attend» and «postponed» are
    known before the meeting, which is when the reminder buttons offer them."""
    ctx = session.ctx
    now = ctx.clock.now()
    coming = await meetings.upcoming_for_cadre(
        ctx.db, session.cadre.id, now=now, until=now + ctx.reporting_window, tz=ctx.tz
    )
    return next(
        (
            m
            for m, outcome in coming
            if m.id == meeting_id and outcome is None and m.status == "planned"
        ),
        None,
    )


async def start_amendment(session: Session, report_id: int) -> list[Outbound]:
    allowed = {report.id: report for report in await amendable(session)}
    report = allowed.get(report_id)
    if report is None:
        return [session.reply(t("report.amend_closed"))]
    history = await reports.revisions(session.ctx.db, report_id)
    draft = Draft(answers=history[-1], current=None, returning_to_review=False)
    if await session.save(session.state.with_draft(report.meeting_id, draft, report_id)) is None:
        return await stale(session)
    return [session.reply(t("report.amend_started", receipt=report.receipt_no)),
            *await show_current(session)]  # fmt: skip


async def on_other_date(session: Session, text: str) -> list[Outbound]:
    """«Ngày khác»: a meeting not in the plan, on the day the cadre types."""
    ctx = session.ctx
    today = ctx.today()
    try:
        day = datetime.fromisoformat(parse_date(text, today)).date()
    except AnswerError as error:
        return [session.reply(t("report.error", error=str(error)) + "\n" + t("report.ask_date"))]
    if day > today or day < today - ctx.reporting_window:
        return [session.reply(t("report.date_out_of_window", days=ctx.reporting_window.days))]
    cell_id = session.state.cell_id
    assert cell_id is not None
    found = await meetings.find_meeting_on(ctx.db, cell_id, day, ctx.tz)
    if found is not None and found.status != "cancelled":
        if await meetings.has_report_by(ctx.db, found.id, session.cadre.id):
            return [session.reply(t("report.already_reported"))]
        meeting_id = found.id
    else:
        cell = next(c for c in await cadres.assigned_cells(ctx.db, session.cadre.id, day)
                    if c.cell_id == cell_id)  # fmt: skip
        hour, minute = map(int, cell.meeting_time.split(":"))
        starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ctx.tz)
        async with ctx.db.transaction() as conn:
            meeting_id = await meetings.create_unplanned(
                conn, cell_id=cell_id, starts_at=starts, now=ctx.clock.now(), tz=ctx.tz
            )
    return await start_meeting(session, meeting_id, None)


async def ask_cell_or_date(session: Session) -> list[Outbound]:
    ctx = session.ctx
    cells = await cadres.assigned_cells(ctx.db, session.cadre.id, ctx.today())
    if not cells:
        return [session.reply(t("roster.no_assignments"))]
    if len(cells) == 1:
        return await ask_date(session, cells[0].cell_id)
    if await session.save(ReportState(Phase.PICK_CELL, None, session.state.drafts)) is None:
        return await stale(session)
    rows = tuple(
        (Button(cell.cell_name, callback(session.conv.version, "k", cell.cell_id)),)
        for cell in cells
    )
    return [session.reply(t("report.pick_cell"), rows)]


async def ask_date(session: Session, cell_id: int) -> list[Outbound]:
    assigned = {c.cell_id for c in await cadres.assigned_cells(
        session.ctx.db, session.cadre.id, session.ctx.today())}  # fmt: skip
    if cell_id not in assigned:
        return [session.reply(t("report.meeting_not_reportable"))]
    state = ReportState(Phase.ASK_DATE, None, session.state.drafts, cell_id)
    if await session.save(state) is None:
        return await stale(session)
    return [session.reply(t("report.ask_date"))]


# --- answering ----------------------------------------------------------------------------------


async def meeting_of(session: Session) -> MeetingInfo:
    assert session.state.active is not None
    meeting = await meetings.get_meeting(session.ctx.db, session.state.active)
    assert meeting is not None
    return meeting


async def context_for(session: Session, meeting: MeetingInfo) -> dict[str, object]:
    return engine_context(meeting, session.local(meeting.starts_at), session.ctx.today())


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


async def show_current(session: Session, note: bool = False) -> list[Outbound]:
    current = session.state.current
    if current is None:
        return await show_choices(session)
    meeting = await meeting_of(session)
    context = await context_for(session, meeting)
    screen = engine.screen(session.ctx.questionnaire, current.draft, context)
    replies = [render(session, screen, context)]
    if note:
        intro = t("report.resumed", cell=meeting.cell_name,
                  when=f"{session.local(meeting.starts_at):%d/%m/%Y}")  # fmt: skip
        replies.insert(0, session.reply(intro))
    return replies


async def resume(session: Session) -> list[Outbound]:
    state = session.state
    if state.phase is Phase.PAUSED and state.active is not None and state.current is not None:
        resumed = state.with_draft(state.active, state.current.draft, state.current.report_id)
        if await session.save(resumed) is None:
            return await stale(session)
    return await show_current(session, note=True)


def render(session: Session, screen: Screen, context: dict[str, object]) -> Outbound:
    version = session.conv.version
    chat = session.inbound.chat_id
    if isinstance(screen, QuestionScreen):
        current = session.state.current
        assert current is not None
        q = session.ctx.questionnaire
        relevant = [x.id for x in relevant_questions(q, current.draft.answers, context)]
        number = relevant.index(screen.question.id) + 1 if screen.question.id in relevant else 1
        return render_question(chat, screen, version, (number, likely_total(session, context)))
    assert isinstance(screen, ReviewScreen)
    return render_review(chat, screen, version, t("report.review_subject"))


def likely_total(session: Session, context: dict[str, object]) -> int:
    """How many questions the cadre can expect: those whose condition is true or not yet
    decidable (before «đã diễn ra» is answered, the full report is the likely path)."""
    q = session.ctx.questionnaire
    current = session.state.current
    assert current is not None
    env = environment(q, relevant_answers(q, current.draft.answers, context), context)
    return sum(1 for x in q.questions if x.when is None or x.when.evaluate(env) in (True, None))


async def stale(session: Session) -> list[Outbound]:
    """An old or doubled press: say so and show where the cadre really is."""
    fresh = await load_session(session.ctx, session.inbound, session.cadre)
    note = session.reply(t("report.stale_button"))
    if fresh.state.phase is Phase.ANSWERING and fresh.state.current:
        return [note, *await show_current(fresh)]
    return [note]


async def on_button(session: Session) -> list[Outbound]:
    parsed = parse_callback(session.inbound.choice)
    if parsed is None:
        return [session.reply(t("report.stale_button"))]
    version, code, arg = parsed
    if version != session.conv.version:
        return await stale(session)
    phase = session.state.phase
    if phase is Phase.CHOOSE:
        if code == "m" and arg.isdigit():
            return await start_meeting(session, int(arg), None)
        if code == "a" and arg.isdigit():
            return await start_amendment(session, int(arg))
        if code == "o":
            return await ask_cell_or_date(session)
    if phase is Phase.PICK_CELL and code == "k" and arg.isdigit():
        return await ask_date(session, int(arg))
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
    }
    if code in actions:
        return await apply(session, actions[code])
    meeting = await meeting_of(session)
    context = await context_for(session, meeting)
    current = session.state.current
    assert current is not None
    screen = engine.screen(session.ctx.questionnaire, current.draft, context)
    if code == "p" and isinstance(screen, QuestionScreen) and screen.prefill is not None:
        return await apply(session, engine.Answer(str(screen.prefill)))
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
