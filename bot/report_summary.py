"""What the committee chat receives for a report: the summary, and what an amendment changed.

Pure functions over the questionnaire, the answers and the verdict; all user text escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import t, t_raw
from bot.questionnaire.answers import display_value
from bot.questionnaire.model import Questionnaire
from bot.questionnaire.verdict import Verdict


@dataclass(frozen=True)
class ReportHeading:
    """Who reported on which meeting: the facts every committee message starts with."""

    receipt_no: str
    cell_name: str
    unit_name: str
    meeting_start: datetime  # local time
    cadre_name: str
    late: bool
    deadline: datetime  # local time


def when(moment: datetime) -> str:
    weekday = t(f"weekday.{moment.weekday()}")
    return f"{weekday}, {moment:%d/%m/%Y}, {moment:%H:%M}"


def _heading_lines(heading: ReportHeading, attended: bool = True) -> list[str]:
    # A cadre who could not attend is the assigned one, not "Cán bộ dự".
    cadre = "summary.cadre" if attended else "summary.cadre_assigned"
    return [
        t("summary.cell", cell=heading.cell_name, unit=heading.unit_name),
        t("summary.meeting", when=when(heading.meeting_start)),
        t(cadre, name=heading.cadre_name),
    ]


def _quoted(answers: Mapping[str, object], key: str) -> str | None:
    value = answers.get(key)
    return str(value) if isinstance(value, str) and value.strip() else None


def _attendance(answers: Mapping[str, object], derived: Mapping[str, object]) -> str | None:
    present, eligible = answers.get("present"), derived.get("eligible")
    ratio = derived.get("attendance_ratio")
    if not isinstance(present, int) or not isinstance(eligible, int):
        return None
    percent = f"{round(ratio * 100)}%" if isinstance(ratio, int | float) else "?"
    return t("summary.attendance", present=present, eligible=eligible, percent=percent)


def _duration(answers: Mapping[str, object], derived: Mapping[str, object]) -> str | None:
    minutes = derived.get("duration_minutes")
    if not isinstance(minutes, int):
        return None
    return t(
        "summary.duration",
        start=answers.get("start_time", "?"),
        end=answers.get("end_time", "?"),
        minutes=minutes,
    )


def _type(q: Questionnaire, answers: Mapping[str, object]) -> str | None:
    if "meeting_type" not in answers or not q.has_question("meeting_type"):
        return None
    return t(
        "summary.type", type=display_value(q.question("meeting_type"), answers["meeting_type"])
    )


def _topic(answers: Mapping[str, object]) -> str | None:
    topic = _quoted(answers, "thematic_topic")
    return t("summary.topic", topic=topic) if topic else None


def verdict_lines(verdict: Verdict | None) -> list[str]:
    """The verdict, each failing criterion with its partial points and reasons, and the
    cell's self-rating (noted when it disagrees with the verdict)."""
    if verdict is None:
        return []
    grade = ""
    if verdict.score is not None:
        grade = t("summary.grade", score=verdict.score, grade=verdict.grade or "")
    key = "summary.meets" if verdict.meets_standard else "summary.below"
    lines = [t_raw(key, grade=grade)]
    # The cell's own rating right under the verdict, so the two are read together.
    if verdict.self_rating is not None:
        if verdict.rating_disagrees:
            lines.append(t("summary.rating_differs", rating=verdict.self_rating,
                           grade=verdict.grade))  # fmt: skip
        else:
            lines.append(t("summary.self_rating", rating=verdict.self_rating))
    failing = [criterion for criterion in verdict.criteria if not criterion.passed]
    if failing:
        lines.append(t("summary.failing"))
    for criterion in failing:
        earned = f"{criterion.earned:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        lines.append(t("summary.criterion", id=criterion.id, name=criterion.name,
                       earned=earned, points=criterion.points))  # fmt: skip
        # One reason a line: a phone shows about 60 characters across.
        lines += [t("summary.reason", reason=check.phrase) for check in criterion.failed]
    return lines


def committee_summary(
    q: Questionnaire,
    heading: ReportHeading,
    answers: Mapping[str, object],
    derived: Mapping[str, object],
    verdict: Verdict | None,
) -> str:
    """The message a committee member reads for one submitted report."""
    status = answers.get("status")
    heading_lines = _heading_lines(heading, attended=status != "absent")
    lines = [t("summary.title", receipt=heading.receipt_no), *heading_lines]
    if status == "held":
        facts = [_attendance(answers, derived), _duration(answers, derived), _type(q, answers),
                 _topic(answers)]  # fmt: skip
        lines += [line for line in facts if line]
        lines += verdict_lines(verdict)
        quoted_answers = (
            ("situation", "summary.situation"),
            ("remarks", "summary.remarks"),
            ("proposals", "summary.proposals"),
        )
        for key, label in quoted_answers:
            if quoted := _quoted(answers, key):
                lines.append(t(label, text=quoted))
        photos = answers.get("photos")
        if isinstance(photos, list) and photos:
            lines.append(t("summary.photos", count=len(photos)))
    elif status == "cancelled":
        lines.append(t("summary.cancelled", reason=_quoted(answers, "reason") or ""))
    elif status == "absent":
        lines.append(t("summary.absent", reason=_quoted(answers, "reason") or ""))
    if heading.late:
        lines.append(t("summary.late", deadline=when(heading.deadline)))
    else:
        lines.append(t("summary.on_time"))
    return "\n".join(lines)


def amendment_summary(
    q: Questionnaire,
    heading: ReportHeading,
    revision: int,
    old: Mapping[str, object],
    new: Mapping[str, object],
    verdict: Verdict | None,
) -> str:
    """«Báo cáo đã được cập nhật»: which answers changed, from what to what."""
    lines = [
        t("summary.amended_title", receipt=heading.receipt_no, revision=revision),
        *_heading_lines(heading),
        t("summary.changes"),
    ]
    changed = 0
    for question in q.questions:
        before, after = old.get(question.id, _MISSING), new.get(question.id, _MISSING)
        if before == after:
            continue
        changed += 1
        lines.append(
            t(
                "summary.change",
                prompt=question.short_label,
                old=_shown(question.id, q, before),
                new=_shown(question.id, q, after),
            )
        )
    if not changed:
        lines.append(t("summary.no_changes"))
    lines += verdict_lines(verdict)
    return "\n".join(lines)


_MISSING = object()


def _shown(question_id: str, q: Questionnaire, value: object) -> str:
    if value is _MISSING:
        return t("summary.absent_value")
    return display_value(q.question(question_id), value)


def postponement_notice(heading: ReportHeading, new_start: datetime) -> str:
    """A cadre reported that the meeting was postponed: the committee learns the new date."""
    return "\n".join(
        [
            t("summary.postponed_title"),
            *_heading_lines(heading),
            t("summary.postponed", when=when(new_start)),
        ]
    )
