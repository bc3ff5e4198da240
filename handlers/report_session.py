"""One cadre's report conversation while one message is handled: its state, the meeting
being reported, and how the current screen is shown."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import t
from bot.messages import Button, Inbound, Outbound
from bot.questionnaire import engine
from bot.questionnaire.engine import QuestionScreen, ReviewScreen, Screen
from handlers.context import BotContext
from handlers.report_render import render_question, render_review
from handlers.report_state import Phase, ReportState, engine_context
from storage import conversations, meetings, reports
from storage.cadres import Cadre
from storage.conversations import Conversation
from storage.meetings import MeetingInfo


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


async def meeting_of(session: Session) -> MeetingInfo:
    assert session.state.active is not None
    meeting = await meetings.get_meeting(session.ctx.db, session.state.active)
    assert meeting is not None
    return meeting


async def context_for(session: Session, meeting: MeetingInfo) -> dict[str, object]:
    previous = await reports.previous_answers(session.ctx.db, meeting.cell_id, meeting.starts_at)
    return engine_context(meeting, session.local(meeting.starts_at), session.ctx.today(), previous)


async def show_current(session: Session, note: bool = False) -> list[Outbound]:
    current = session.state.current
    assert current is not None, "only called while a draft is open"
    meeting = await meeting_of(session)
    context = await context_for(session, meeting)
    screen = engine.screen(session.ctx.questionnaire, current.draft, context)
    replies = [render(session, screen, context)]
    if note:
        intro = t("report.resumed", cell=meeting.cell_name,
                  when=f"{session.local(meeting.starts_at):%d/%m/%Y}")  # fmt: skip
        replies.insert(0, session.reply(intro))
    return replies


def render(session: Session, screen: Screen, context: dict[str, object]) -> Outbound:
    version = session.conv.version
    chat = session.inbound.chat_id
    if isinstance(screen, QuestionScreen):
        current = session.state.current
        assert current is not None
        position = engine.progress(session.ctx.questionnaire, current.draft, context)
        return render_question(chat, screen, version, position)
    assert isinstance(screen, ReviewScreen)
    return render_review(chat, screen, version, t("report.review_subject"))


async def stale(session: Session) -> list[Outbound]:
    """An old or doubled press: say so and show where the cadre really is."""
    fresh = await load_session(session.ctx, session.inbound, session.cadre)
    note = session.reply(t("report.stale_button"))
    if fresh.state.phase is Phase.ANSWERING and fresh.state.current:
        return [note, *await show_current(fresh)]
    return [note]


async def open_draft_lines(ctx: BotContext, cadre_id: int) -> list[str]:
    """One line per report the cadre left half-done, for /start and /lich to mention."""
    state = ReportState.from_json((await conversations.load(ctx.db, cadre_id)).state)
    lines: list[str] = []
    for meeting_id in state.drafts:
        meeting = await meetings.get_meeting(ctx.db, meeting_id)
        if meeting is not None:
            day = f"{meeting.starts_at.astimezone(ctx.tz):%d/%m/%Y}"
            lines.append(t("report.open_draft", cell=meeting.cell_name, when=day))
    return lines
