"""The digest as a Vietnamese HTML message that fits one phone screen (no I/O).

Roster names and proposals come from people: every one passes through `t()`, which escapes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.digest.aggregate import Digest, Figures, Missing
from bot.digest.periods import Period, PeriodKind
from bot.formatting import split_text
from bot.i18n import t, t_raw

MISSING_SHOWN = 12
STREAKS_SHOWN = 8
PROPOSALS_SHOWN = 5
PROPOSAL_CHARS = 200


def period_label(period: Period) -> str:
    if period.kind is PeriodKind.MONTH:
        return t("digest.period_month", month=f"{period.start:%m/%Y}")
    key = "digest.period_week" if period.kind is PeriodKind.WEEK else "digest.period_range"
    return t(key, start=f"{period.start:%d/%m}", end=f"{period.last_day:%d/%m/%Y}")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def previous_words(period: Period, previous: Period) -> str:
    """ "so với tháng trước", or "so với cùng kỳ tháng trước" while the period runs (it is then
    compared with as many days of the one before)."""
    partial = previous.kind is PeriodKind.RANGE and period.kind is not PeriodKind.RANGE
    return t_raw(f"digest.previous.{'partial_' if partial else ''}{period.kind.value}")


def change(now: float | None, before: float | None, *, scale: float = 1.0) -> str:
    """ "▲ 3", "▼ 2", "không đổi" (nothing when either side is unknown): never a bare "="."""
    if now is None or before is None:
        return ""
    delta = round((now - before) * scale)
    if delta > 0:
        return t("digest.up", delta=delta)
    if delta < 0:
        return t("digest.down", delta=-delta)
    return t("digest.same")


def _with_change(text: str, delta: str, against: str = "") -> str:
    if not delta:
        return text
    return f"{text} · {delta}{' ' + against if against else ''}"


def as_of(moment: datetime, tz: ZoneInfo) -> str:
    """ "Số liệu tính đến 07:30 ngày 03/04"."""
    local = moment.astimezone(tz)
    return t("digest.as_of", time=f"{local:%H:%M}", day=f"{local:%d/%m}")


def render_digest(digest: Digest, tz: ZoneInfo) -> list[str]:
    """The digest message, split at line boundaries if it must exceed one Telegram message."""
    now, before = digest.current, digest.previous
    lines = [t("digest.title"), t("digest.period", period=period_label(now.period))]
    if digest.unit_name:
        lines.append(t("digest.unit", unit=digest.unit_name))
    lines.append(as_of(digest.generated_at, tz))
    if now.expected == 0 and now.meetings == 0:
        return split_text("\n".join([*lines, "", t("digest.nothing_expected")]))
    lines.append(t("digest.legend", previous=period_label(before.period)))
    lines.append("")
    lines += _headline(now, before)
    lines += _missing_section(now, tz)
    if digest.streaks:
        lines += ["", t("digest.streaks_title")]
        for streak in digest.streaks[:STREAKS_SHOWN]:
            lines.append(t("digest.streak", cell=streak.cell_name, unit=streak.unit_name,
                           months=streak.months))  # fmt: skip
        if len(digest.streaks) > STREAKS_SHOWN:
            lines.append(t("digest.more_streaks", count=len(digest.streaks) - STREAKS_SHOWN))
    if now.proposals:
        lines += ["", t("digest.proposals_title")]
        for proposal in now.proposals[:PROPOSALS_SHOWN]:
            lines.append(t("digest.proposal", cell=proposal.cell_name, unit=proposal.unit_name,
                           text=_shorten(proposal.text)))  # fmt: skip
        if len(now.proposals) > PROPOSALS_SHOWN:
            lines.append(t("digest.more_proposals", count=len(now.proposals) - PROPOSALS_SHOWN))
    return split_text("\n".join(lines))


def _headline(now: Figures, before: Figures) -> list[str]:
    received_share = now.received / now.expected if now.expected else None
    against = previous_words(now.period, before.period)
    lines = [
        _with_change(t("digest.received", received=now.received, expected=now.expected,
                       percent=percent(received_share)),
                     change(now.received, before.received), against),
        t("digest.timeliness", on_time=now.on_time, late=now.late, missing=len(now.missing),
          overdue=now.overdue),
        _with_change(t("digest.meets", count=now.meets), change(now.meets, before.meets)),
        _with_change(t("digest.below", count=now.below), change(now.below, before.below)),
    ]  # fmt: skip
    graded = [(label, count) for label, count in now.grades if count]
    if graded:
        lines.append(t("digest.grades", grades=" · ".join(f"{g} {n}" for g, n in graded)))
    if now.attendance_avg is not None:
        lines.append(_with_change(
            t("digest.attendance", attendance=percent(now.attendance_avg)),
            change(now.attendance_avg, before.attendance_avg, scale=100),
        ))  # fmt: skip
    if now.duration_avg is not None:
        lines.append(t("digest.duration", minutes=round(now.duration_avg)))
    if now.meetings_cancelled or now.meetings_postponed or now.not_attended:
        lines.append(t("digest.not_held", cancelled=now.meetings_cancelled,
                       postponed=now.meetings_postponed))  # fmt: skip
        lines.append(t("digest.not_attended", absent=now.not_attended))
    if now.criteria_failures:
        lines.append(t("digest.criteria"))
        lines += [t("digest.criterion", id=c.id, name=c.name, count=c.count)
                  for c in now.criteria_failures]  # fmt: skip
    if now.returned or now.amended:
        lines.append(t("digest.review", returned=now.returned, amended=now.amended))
    return lines


def _missing_section(figures: Figures, tz: ZoneInfo) -> list[str]:
    missing = figures.missing
    if not missing:
        if figures.expected == 0:
            return ["", t("digest.nothing_expected")]
        return ["", t("digest.none_missing", expected=figures.expected)]
    lines = ["", t("digest.missing_title", count=len(missing))]
    by_unit: dict[str, list[Missing]] = defaultdict(list)
    for item in missing[:MISSING_SHOWN]:
        by_unit[item.meeting.unit_name].append(item)
    for unit, items in by_unit.items():  # the unit with the most overdue report first
        lines.append(t("digest.unit_heading", unit=unit))
        lines += [missing_line(item, tz) for item in items]
    if len(missing) > MISSING_SHOWN:
        lines.append(t("digest.more_missing", count=len(missing) - MISSING_SHOWN))
    return lines


def missing_line(item: Missing, tz: ZoneInfo) -> str:
    """ "• Nguyễn Văn An — Chi bộ thôn Đông, 05/03, quá hạn 3 ngày"."""
    start = item.meeting.starts_at.astimezone(tz)
    return t("digest.missing_item", cell=item.meeting.cell_name, cadre=item.cadre.full_name,
             date=f"{start:%d/%m}", status=overdue_text(item.days_overdue))  # fmt: skip


def overdue_text(days: int) -> str:
    return t("digest.overdue", days=days) if days else t("digest.not_due")


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PROPOSAL_CHARS else flat[: PROPOSAL_CHARS - 1] + "…"


def render_missing(figures: Figures, tz: ZoneInfo, generated_at: datetime) -> list[str]:
    """`/chuanop`: every report still missing, unit by unit, most overdue first."""
    lines = [t("digest.missing_list_title", period=period_label(figures.period)),
             as_of(generated_at, tz)]  # fmt: skip
    if not figures.missing:
        return split_text("\n".join([*lines, *_missing_section(figures, tz)]))
    lines.append(t("digest.missing_title", count=len(figures.missing)))
    by_unit: dict[str, list[Missing]] = defaultdict(list)
    for item in figures.missing:
        by_unit[item.meeting.unit_name].append(item)
    for unit in by_unit:  # the unit with the most overdue report first, as `missing` is sorted
        lines.append(t("digest.unit_heading", unit=unit))
        lines += [missing_line(item, tz) for item in by_unit[unit]]
    return split_text("\n".join(lines))
