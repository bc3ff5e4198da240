"""Reminder rules for one meeting and one cadre: when each message is due, until when it still
makes sense, what it says (no I/O).

A meeting's reminders fall in two phases: *before* (the day before, a few hours before) and
*after* (the report prompt, nudges until the deadline, one overdue message). Every due time
avoids the quiet hours; a reminder that could only go out after its expiry is not planned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.i18n import t, t_raw
from bot.messages import Button, Outbound

if TYPE_CHECKING:
    from bot.settings import Settings

OVERDUE_VALID_FOR = timedelta(days=7)
STALE = "stale after downtime"
SUPERSEDED = "superseded by a later reminder"
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ReminderKind(StrEnum):
    DAY_BEFORE = "remind_day_before"
    HOURS_BEFORE = "remind_hours_before"
    REPORT_PROMPT = "report_prompt"
    NUDGE_MORNING = "nudge_morning"
    NUDGE_BEFORE_DEADLINE = "nudge_before_deadline"
    OVERDUE = "overdue"
    SNOOZE = "remind_snooze"  # a before-reminder again, asked for with «Nhắc lại sau»


BEFORE = (ReminderKind.DAY_BEFORE, ReminderKind.HOURS_BEFORE)
AFTER = (
    ReminderKind.REPORT_PROMPT,
    ReminderKind.NUDGE_MORNING,
    ReminderKind.NUDGE_BEFORE_DEADLINE,
    ReminderKind.OVERDUE,
)


def outbox_kind(kind: ReminderKind) -> str:
    """The outbox `kind` of a reminder: always starting with "remind", because that prefix is
    how a moved or cancelled meeting and a submitted report withdraw queued reminders."""
    return kind.value if kind.value.startswith("remind") else f"remind_{kind.value}"


# --- rules ------------------------------------------------------------------------------------


def parse_clock(value: str) -> time:
    """ "HH:MM" (24 h) → time; ValueError otherwise."""
    match = _CLOCK.match(value.strip())
    if match is None:
        raise ValueError("must be a time HH:MM (24-hour), e.g. 08:00")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class QuietHours:
    """A daily period without messages; may span midnight (21:30–06:30)."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def parse_quiet_hours(value: str) -> QuietHours | None:
    """ "21:30-06:30" → QuietHours; empty → None (no quiet hours); ValueError otherwise."""
    if not value.strip():
        return None
    parts = value.split("-")
    if len(parts) != 2:
        raise ValueError("must be HH:MM-HH:MM, e.g. 21:30-06:30, or empty")
    try:
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
    except ValueError:
        raise ValueError("must be HH:MM-HH:MM, e.g. 21:30-06:30, or empty") from None
    if start == end:
        raise ValueError("start and end must differ")
    return QuietHours(start, end)


@dataclass(frozen=True)
class ReminderRules:
    """The settings that shape reminders, parsed once."""

    tz: ZoneInfo
    day_before_at: time = time(8, 0)
    hours_before: timedelta = timedelta(hours=2)
    prompt_after: timedelta = timedelta(hours=2)
    deadline_after: timedelta = timedelta(days=2)
    nudge_morning_at: time = time(8, 0)
    nudge_before_deadline: timedelta = timedelta(hours=3)
    quiet: QuietHours | None = QuietHours(time(21, 30), time(6, 30))
    snooze: timedelta = timedelta(minutes=60)

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderRules:
        return cls(
            tz=settings.tz,
            day_before_at=parse_clock(settings.remind_day_before_at),
            hours_before=timedelta(hours=settings.remind_hours_before),
            prompt_after=timedelta(hours=settings.report_prompt_hours_after),
            deadline_after=timedelta(days=settings.report_deadline_days),
            nudge_morning_at=parse_clock(settings.nudge_morning_at),
            nudge_before_deadline=timedelta(hours=settings.nudge_hours_before_deadline),
            quiet=parse_quiet_hours(settings.quiet_hours),
            snooze=timedelta(minutes=settings.snooze_minutes),
        )

    def deadline(self, starts_at: datetime) -> datetime:
        return starts_at + self.deadline_after

    def out_of_quiet(self, moment: datetime) -> datetime:
        """The moment itself, or the end of the quiet period it falls in (UTC)."""
        local = moment.astimezone(self.tz)
        if self.quiet is None or not self.quiet.contains(local.time()):
            return moment.astimezone(UTC)
        day = local.date()
        if self.quiet.start > self.quiet.end and local.time() >= self.quiet.start:
            day += timedelta(days=1)  # the period spans midnight: it ends tomorrow
        return datetime.combine(day, self.quiet.end, tzinfo=self.tz).astimezone(UTC)

    def at_local(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.tz).astimezone(UTC)


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    due_at: datetime  # UTC, already out of the quiet hours
    expires_at: datetime  # at and after this moment the message no longer makes sense
    key: str  # the outbox idempotency key


def compact_utc(moment: datetime) -> str:
    """2026-03-12 12:30 UTC → "20260312T1230Z" (part of keys: a moved meeting gets new ones)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def key_prefix(meeting_id: int, cadre_id: int, starts_at: datetime) -> str:
    return f"remind:{meeting_id}:{cadre_id}:{compact_utc(starts_at)}:"


def reminder_key(meeting_id: int, cadre_id: int, starts_at: datetime, kind: ReminderKind) -> str:
    return f"{key_prefix(meeting_id, cadre_id, starts_at)}{kind.value}"


def snooze_key(meeting_id: int, cadre_id: int, starts_at: datetime, number: int) -> str:
    # A snooze cannot reuse a reminder's key: that row exists (pending or sent) already.
    return f"{key_prefix(meeting_id, cadre_id, starts_at)}snooze:{number}"


def key_start(key: str) -> str | None:
    """The start-time part of a reminder key, or None for keys of another shape."""
    parts = key.split(":")
    return parts[3] if len(parts) >= 5 and parts[0] == "remind" else None


def plan_reminders(
    meeting_id: int, starts_at: datetime, status: str, cadre_id: int, rules: ReminderRules
) -> list[PlannedReminder]:
    """Every reminder of one meeting for one cadre, in the order they go out."""
    if status not in ("planned", "held"):
        return []
    local_day = starts_at.astimezone(rules.tz).date()
    deadline = rules.deadline(starts_at)
    wanted: list[tuple[ReminderKind, datetime, datetime]] = [
        (ReminderKind.DAY_BEFORE, rules.at_local(local_day - timedelta(days=1),
                                                 rules.day_before_at), starts_at),
        (ReminderKind.HOURS_BEFORE, starts_at - rules.hours_before, starts_at),
        (ReminderKind.REPORT_PROMPT, starts_at + rules.prompt_after, deadline),
        (ReminderKind.NUDGE_MORNING, rules.at_local(local_day + timedelta(days=1),
                                                    rules.nudge_morning_at), deadline),
        (ReminderKind.NUDGE_BEFORE_DEADLINE, deadline - rules.nudge_before_deadline, deadline),
        (ReminderKind.OVERDUE, deadline, deadline + OVERDUE_VALID_FOR),
    ]  # fmt: skip
    planned: list[PlannedReminder] = []
    last_due: dict[bool, datetime] = {}
    for kind, due, expires in wanted:
        due = rules.out_of_quiet(due)
        before = kind in BEFORE
        # Pointless once expired; and within a phase, a reminder at or before the previous
        # one (short offsets, a shift out of the quiet hours) would only repeat it.
        if due >= expires or (before in last_due and due <= last_due[before]):
            continue
        last_due[before] = due
        planned.append(
            PlannedReminder(kind, due, expires, reminder_key(meeting_id, cadre_id, starts_at, kind))
        )
    return planned


def triage(
    plan: Iterable[PlannedReminder], now: datetime, existing_keys: set[str]
) -> list[tuple[PlannedReminder, str | None]]:
    """The reminders due by `now` not queued yet, each with None (send it) or why it is
    skipped: expired while the bot was down, or superseded by a later one of its phase that
    is due as well (after downtime one message per phase, never a burst)."""
    due = [r for r in plan if r.due_at <= now]
    sendable = [r for r in due if now < r.expires_at]
    decisions: list[tuple[PlannedReminder, str | None]] = []
    for reminder in due:
        if reminder.key in existing_keys:
            continue
        if now >= reminder.expires_at:
            decisions.append((reminder, STALE))
        elif any(
            (other.kind in BEFORE) == (reminder.kind in BEFORE) and other.due_at > reminder.due_at
            for other in sendable
        ):
            decisions.append((reminder, SUPERSEDED))
        else:
            decisions.append((reminder, None))
    return decisions


def snooze_due(now: datetime, starts_at: datetime, rules: ReminderRules) -> datetime | None:
    """When a snoozed reminder goes out; None when that would be at or after the start."""
    due = rules.out_of_quiet(now + rules.snooze)
    return due if due < starts_at else None


# --- texts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderMeeting:
    """What a reminder says about its meeting."""

    id: int
    starts_at: datetime
    cell_name: str
    unit_name: str
    place: str | None


def when_text(moment: datetime, tz: ZoneInfo) -> str:
    """ "19:30 Thứ Năm 12/03/2026"."""
    local = moment.astimezone(tz)
    return f"{local:%H:%M} {t(f'weekday.{local.weekday()}')} {local:%d/%m/%Y}"


def duration_text(span: timedelta) -> str:
    """60 min → "1 giờ", 90 → "1 giờ 30 phút", 30 → "30 phút"."""
    hours, minutes = divmod(int(span.total_seconds()) // 60, 60)
    if hours and minutes:
        return t("reminder.hours_minutes", hours=hours, minutes=minutes)
    if hours:
        return t("reminder.hours", hours=hours)
    return t("reminder.minutes", minutes=minutes)


def before_buttons(meeting_id: int, rules: ReminderRules) -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(t("reminder.button.snooze", duration=duration_text(rules.snooze)),
                f"rm:{meeting_id}:snooze"),),
        (Button(t("reminder.button.absent"), f"rm:{meeting_id}:absent"),
         Button(t("reminder.button.postpone"), f"rm:{meeting_id}:postpone")),
    )  # fmt: skip


def report_buttons(meeting_id: int) -> tuple[tuple[Button, ...], ...]:
    return ((Button(t("reminder.button.report"), f"rm:{meeting_id}:report"),),)


def render_reminder(
    kind: ReminderKind, meeting: ReminderMeeting, chat_id: str, rules: ReminderRules
) -> Outbound:
    """The message of one reminder (HTML; the roster's names and place are escaped)."""
    if kind in (*BEFORE, ReminderKind.SNOOZE):
        local = meeting.starts_at.astimezone(rules.tz)
        details = t(
            "reminder.details",
            weekday=t(f"weekday.{local.weekday()}"),
            date=f"{local:%d/%m/%Y}",
            time=f"{local:%H:%M}",
            place=meeting.place or t("reminder.no_place"),
            cell=meeting.cell_name,
            unit=meeting.unit_name,
        )
        text = t_raw(f"reminder.{kind.value}", details=details)
        return Outbound(chat_id, text, before_buttons(meeting.id, rules))
    text = t(
        f"reminder.{kind.value}",
        cell=meeting.cell_name,
        unit=meeting.unit_name,
        when=when_text(meeting.starts_at, rules.tz),
        deadline=when_text(rules.deadline(meeting.starts_at), rules.tz),
    )
    return Outbound(chat_id, text, report_buttons(meeting.id))
