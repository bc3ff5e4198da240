"""Submitted reports and all their revisions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import portable
from storage.db import Database
from storage.tables import cells, meetings, report_revisions, reports, units


@dataclass(frozen=True)
class ReportFacts:
    """What a submission says, computed by the core before it reaches storage."""

    outcome: str
    answers: dict[str, Any]
    derived: dict[str, Any]
    meets_standard: bool | None
    failing_criteria: tuple[str, ...]
    score: int | None
    grade: str | None
    questionnaire_id: str
    questionnaire_version: str
    rubric_version: str | None
    late: bool
    # Why the report failed, one line per failed criterion ("C1 Dự họp 71 % < 85 %").
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredReport:
    id: int
    meeting_id: int
    cadre_id: int
    receipt_no: str
    outcome: str
    review_state: str
    revision: int
    late: bool
    meets_standard: bool | None
    submitted_at: datetime
    first_submitted_at: datetime
    meeting_starts_at: datetime
    cell_name: str
    unit_name: str


def receipt_number(report_id: int, submitted_at: datetime) -> str:
    """`BC-2026-00001`: the year is the local one (a report sent at 00:30 on 1 January
    belongs to the new year), `submitted_at` must carry the deployment's time zone."""
    return f"BC-{submitted_at.year}-{report_id:05d}"


def _ratio(derived: dict[str, Any]) -> float | None:
    value = derived.get("attendance_ratio")
    return float(value) if isinstance(value, int | float) else None


def _proposals(answers: dict[str, Any]) -> str | None:
    value = answers.get("proposals")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _minutes(derived: dict[str, Any]) -> int | None:
    value = derived.get("duration_minutes")
    return int(value) if isinstance(value, int | float) else None


async def submit(
    conn: AsyncConnection,
    *,
    meeting_id: int,
    cadre_id: int,
    facts: ReportFacts,
    now: datetime,
) -> tuple[int, str, int]:
    """Store a first submission or a new revision (an amendment), on the caller's
    transaction; returns (report id, receipt number, revision). Pass `now` in the
    deployment's time zone: the receipt number carries its year."""
    summary = {
        "outcome": facts.outcome,
        "late": facts.late,
        "meets_standard": facts.meets_standard,
        "failing_criteria": json.dumps(list(facts.failing_criteria)),
        "score": facts.score,
        "grade": facts.grade,
        "attendance_ratio": _ratio(facts.derived),
        "duration_minutes": _minutes(facts.derived),
        "proposals": _proposals(facts.answers),
        "reasons": json.dumps(list(facts.reasons), ensure_ascii=False),
        "questionnaire_id": facts.questionnaire_id,
        "questionnaire_version": facts.questionnaire_version,
        "rubric_version": facts.rubric_version,
        "submitted_at": now,
    }
    # Of two first submissions racing, one inserts; the other finds its row (on PostgreSQL
    # after waiting for it to commit) and becomes an amendment. The existing row is locked,
    # so two amendments cannot both take the same next revision number.
    inserted = (
        await conn.execute(
            portable.insert(conn, reports)
            .values(
                meeting_id=meeting_id,
                cadre_id=cadre_id,
                receipt_no=f"pending-{meeting_id}-{cadre_id}",
                review_state="submitted",
                revision=1,
                first_submitted_at=now,
                **summary,
            )
            .on_conflict_do_nothing(index_elements=["meeting_id", "cadre_id"])
            .returning(reports.c.id)
        )
    ).first()
    if inserted is not None:
        report_id = int(inserted.id)
        receipt = receipt_number(report_id, now)
        await conn.execute(
            update(reports).where(reports.c.id == report_id).values(receipt_no=receipt)
        )
        revision = 1
    else:
        existing = (
            await conn.execute(
                select(reports.c.id, reports.c.receipt_no, reports.c.revision, reports.c.late)
                .where(reports.c.meeting_id == meeting_id, reports.c.cadre_id == cadre_id)
                .with_for_update()
            )
        ).one()
        report_id, receipt, revision = existing.id, existing.receipt_no, existing.revision + 1
        # An amendment does not make an on-time report late, nor a late one on time.
        summary["late"] = existing.late
        await conn.execute(
            update(reports)
            .where(reports.c.id == report_id)
            .values(revision=revision, review_state="amended", **summary)
        )
    await conn.execute(
        insert(report_revisions).values(
            report_id=report_id,
            revision=revision,
            answers=json.dumps(facts.answers, ensure_ascii=False),
            derived=json.dumps(facts.derived, ensure_ascii=False),
            questionnaire_version=facts.questionnaire_version,
            rubric_version=facts.rubric_version,
            submitted_at=now,
        )
    )
    return report_id, receipt, revision


async def is_late(conn: AsyncConnection, report_id: int) -> bool:
    return bool(
        (await conn.execute(select(reports.c.late).where(reports.c.id == report_id))).scalar()
    )


def _stored_query() -> Any:
    return (
        select(
            reports.c.id,
            reports.c.meeting_id,
            reports.c.cadre_id,
            reports.c.receipt_no,
            reports.c.outcome,
            reports.c.review_state,
            reports.c.revision,
            reports.c.late,
            reports.c.meets_standard,
            reports.c.submitted_at,
            reports.c.first_submitted_at,
            meetings.c.starts_at.label("meeting_starts_at"),
            cells.c.name.label("cell_name"),
            units.c.name.label("unit_name"),
        )
        .join(meetings, meetings.c.id == reports.c.meeting_id)
        .join(cells, cells.c.id == meetings.c.cell_id)
        .join(units, units.c.id == cells.c.unit_id)
    )


async def get(db: Database, report_id: int) -> StoredReport | None:
    async with db.read() as conn:
        row = (await conn.execute(_stored_query().where(reports.c.id == report_id))).first()
    return StoredReport(**row._mapping) if row else None


async def for_cadre(db: Database, cadre_id: int, *, meetings_since: datetime) -> list[StoredReport]:
    """The cadre's reports of meetings that started after `meetings_since`, newest first."""
    query = (
        _stored_query()
        .where(reports.c.cadre_id == cadre_id, meetings.c.starts_at >= meetings_since)
        .order_by(meetings.c.starts_at.desc())
    )
    async with db.read() as conn:
        return [StoredReport(**row._mapping) for row in (await conn.execute(query)).all()]


async def revisions(db: Database, report_id: int) -> list[dict[str, Any]]:
    """Every revision's answers, oldest first."""
    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(report_revisions.c.revision, report_revisions.c.answers)
                .where(report_revisions.c.report_id == report_id)
                .order_by(report_revisions.c.revision)
            )
        ).all()
    return [json.loads(row.answers) for row in rows]


async def previous_answers(db: Database, cell_id: int, before: datetime) -> dict[str, Any]:
    """The latest answers of the cell's most recent held meeting's report before `before`
    (any cadre's), or {} — so a cell's stable numbers can be offered as one-tap defaults."""
    latest_revision = (
        select(report_revisions.c.answers)
        .join(reports, reports.c.id == report_revisions.c.report_id)
        .join(meetings, meetings.c.id == reports.c.meeting_id)
        .where(
            meetings.c.cell_id == cell_id,
            meetings.c.starts_at < before,
            reports.c.outcome == "held",
            report_revisions.c.revision == reports.c.revision,
        )
        .order_by(meetings.c.starts_at.desc(), reports.c.submitted_at.desc())
        .limit(1)
    )
    async with db.read() as conn:
        answers = (await conn.execute(latest_revision)).scalar_one_or_none()
    loaded = json.loads(answers) if answers is not None else {}
    return loaded if isinstance(loaded, dict) else {}
