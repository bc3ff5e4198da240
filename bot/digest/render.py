"""The digest as a Vietnamese HTML message that fits one phone screen (no I/O).

Roster names and proposals come from people: every one passes through `t()`, which escapes.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
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


def change(now: float | None, before: float | None, *, scale: float = 1.0) -> str:
    """ "▲3", "▼2", "=" (nothing when either side is unknown)."""
    if now is None or before is None:
        return ""
    delta = round((now - before) * scale)
    if delta > 0:
        return " " + t("digest.up", delta=delta)
    if delta < 0:
        return " " + t("digest.down", delta=-delta)
    return " " + t("digest.same")


def render_digest(digest: Digest, tz: ZoneInfo) -> list[str]:
    """The digest message, split at line boundaries if it must exceed one Telegram message."""
    now, before = digest.current, digest.previous
    generated = digest.generated_at.astimezone(tz)
    lines = [t("digest.title", period=period_label(now.period))]
    if digest.unit_name:
        lines.append(t("digest.unit", unit=digest.unit_name))
    lines.append(t("digest.as_of", when=f"{generated:%H:%M %d/%m/%Y}"))
    lines.append(t("digest.legend", previous=period_label(before.period)))
    lines.append("")
    lines += _headline(now, before)
    lines += _missing_section(now.missing, tz)
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
    lines = [
        t_raw("digest.received", received=str(now.received), expected=str(now.expected),
              percent=percent(received_share), change=change(now.received, before.received)),
        t("digest.timeliness", on_time=now.on_time, late=now.late, missing=len(now.missing),
          overdue=now.overdue),
        t_raw("digest.verdicts", meets=str(now.meets), meets_change=change(now.meets, before.meets),
              below=str(now.below), below_change=change(now.below, before.below)),
    ]  # fmt: skip
    graded = [(label, count) for label, count in now.grades if count]
    if graded:
        lines.append(t("digest.grades", grades=" · ".join(f"{g} {n}" for g, n in graded)))
    if now.attendance_avg is not None or now.duration_avg is not None:
        minutes = "–" if now.duration_avg is None else str(round(now.duration_avg))
        lines.append(t_raw(
            "digest.attendance", attendance=percent(now.attendance_avg), minutes=minutes,
            change=change(now.attendance_avg, before.attendance_avg, scale=100),
        ))  # fmt: skip
    lines.append(t("digest.not_held", cancelled=now.meetings_cancelled,
                   postponed=now.meetings_postponed, absent=now.not_attended))  # fmt: skip
    if now.criteria_failures:
        failing = " · ".join(f"{c.id} {c.name} ({c.count})" for c in now.criteria_failures)
        lines.append(t("digest.criteria", criteria=failing))
    if now.returned or now.amended:
        lines.append(t("digest.review", returned=now.returned, amended=now.amended))
    return lines


def _missing_section(missing: Sequence[Missing], tz: ZoneInfo) -> list[str]:
    if not missing:
        return ["", t("digest.none_missing")]
    lines = ["", t("digest.missing_title", count=len(missing))]
    shown = list(missing[:MISSING_SHOWN])
    by_unit: dict[str, list[str]] = defaultdict(list)
    for item in shown:
        by_unit[item.meeting.unit_name].append(missing_item(item, tz))
    for unit, items in by_unit.items():
        lines.append(t_raw("digest.missing_unit", unit=html.escape(unit), items="; ".join(items)))
    if len(missing) > MISSING_SHOWN:
        lines.append(t("digest.more_missing", count=len(missing) - MISSING_SHOWN))
    return lines


def missing_item(item: Missing, tz: ZoneInfo) -> str:
    """ "Chi bộ thôn Đông — Nguyễn Văn An, 05/03 (quá hạn 3 ngày)"."""
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
    local = generated_at.astimezone(tz)
    lines = [t("digest.missing_list_title", period=period_label(figures.period),
               when=f"{local:%H:%M %d/%m/%Y}")]  # fmt: skip
    if not figures.missing:
        return split_text("\n".join([*lines, t("digest.none_missing")]))
    lines.append(t("digest.missing_title", count=len(figures.missing)))
    by_unit: dict[str, list[Missing]] = defaultdict(list)
    for item in figures.missing:
        by_unit[item.meeting.unit_name].append(item)
    for unit in by_unit:  # the unit with the most overdue report first, as `missing` is sorted
        lines.append(t("digest.unit_heading", unit=unit))
        lines += [f"• {missing_item(item, tz)}" for item in by_unit[unit]]
    return split_text("\n".join(lines))
