"""Choosing what to report: a listed meeting, an amendment, or «Ngày khác» (a meeting that
was not in the plan)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.i18n import label as label_text
from bot.i18n import t
from bot.messages import Button, Outbound
from bot.questionnaire import engine
from bot.questionnaire.answers import AnswerError, parse_date
from bot.questionnaire.engine import Draft
from bot.relative_days import relative_day
from handlers.report_render import callback
from handlers.report_session import Session, context_for, show_current, stale
from handlers.report_state import Phase, ReportState
from storage import cadres, meetings, reports
from storage.meetings import MeetingInfo

# Statuses a cadre can report before the meeting has started.
BEFORE_THE_MEETING = frozenset({"absent", "postponed"})
RETURNED_REPORTS_STAY_OPEN = timedelta(days=366)


async def amendable(session: Session) -> list[reports.StoredReport]:
    ctx = session.ctx
    now = ctx.clock.now()
    # A report the committee returned stays open however old; others only until the deadline.
    since = now - RETURNED_REPORTS_STAY_OPEN
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
    day = relative_day(text, today)  # «hôm qua», «thứ 5 tuần trước»
    try:
        day = day or datetime.fromisoformat(parse_date(text, today)).date()
    except AnswerError as error:
        text = t("report.error", error=str(error)) + "\n" + t("report.ask_date")
        return [session.reply(text, date_buttons(session))]
    if day > today or day < today - ctx.reporting_window:
        return [session.reply(t("report.date_out_of_window", days=ctx.reporting_window.days))]
    cell_id = session.state.cell_id
    assert cell_id is not None
    found = await meetings.find_meeting_on(ctx.db, cell_id, day, ctx.tz)
    if found is not None and found.status != "cancelled":
        if await meetings.has_report_by(ctx.db, found.id, session.cadre.id):
            return [session.reply(t("report.already_reported"))]
        return await start_meeting(session, found.id, None)
    assigned = await cadres.assigned_cells(ctx.db, session.cadre.id, day)
    cell = next((c for c in assigned if c.cell_id == cell_id), None)
    if cell is None:  # not assigned to that cell on that day
        return [session.reply(t("report.meeting_not_reportable"))]
    meeting_id = await held_on(session, cell_id, day, cell.meeting_time)
    if meeting_id is None:
        return [session.reply(t("report.other_date_taken"))]
    return await start_meeting(session, meeting_id, None)


async def held_on(session: Session, cell_id: int, day: date, usual_time: str) -> int | None:
    """The meeting the cadre says was held on `day`, recorded at the cell's usual time (or
    now, if that is still to come). When the plan has the month's meeting on another day (a
    holiday shift), that meeting is the one that happened: it moves to `day`, unless it is
    cancelled or already reported on."""
    ctx = session.ctx
    now = ctx.clock.now()
    hour, minute = map(int, usual_time.split(":"))
    starts = min(datetime(day.year, day.month, day.day, hour, minute, tzinfo=ctx.tz), now)
    async with ctx.db.transaction() as conn:
        meeting_id = await meetings.create_unplanned(
            conn, cell_id=cell_id, starts_at=starts, now=now, tz=ctx.tz
        )
        meeting = await meetings.get_meeting(conn, meeting_id)
        assert meeting is not None
        if meeting.starts_at.astimezone(ctx.tz).date() == day:
            return meeting_id
        if meeting.status == "cancelled" or await meetings.has_report(conn, meeting_id):
            return None
        actor = f"{session.inbound.messenger}:{session.inbound.user_id}"
        await meetings.move_meeting(conn, meeting_id, new_starts_at=starts, now=now, actor=actor)
    return meeting_id


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
    return [session.reply(t("report.pick_cell"), (*rows, *date_buttons(session)))]


def date_buttons(session: Session) -> tuple[tuple[Button, ...], ...]:
    """«Ngày khác» can be left: back to the list of meetings, or stop altogether."""
    version = session.conv.version
    return (
        (
            Button(t("report.back_button"), callback(version, "ob")),
            Button(t("report.other_cancel"), callback(version, "ox")),
        ),
    )


async def ask_date(session: Session, cell_id: int) -> list[Outbound]:
    assigned = {c.cell_id for c in await cadres.assigned_cells(
        session.ctx.db, session.cadre.id, session.ctx.today())}  # fmt: skip
    if cell_id not in assigned:
        return [session.reply(t("report.meeting_not_reportable"))]
    state = ReportState(Phase.ASK_DATE, None, session.state.drafts, cell_id)
    if await session.save(state) is None:
        return await stale(session)
    return [session.reply(t("report.ask_date"), date_buttons(session))]
