"""Reporting (conversations, reports, revisions), the outbox, calendar exceptions.

Revision ID: 002
Revises: 001
"""

import sqlalchemy as sa
from alembic import op

revision = "002"
down_revision = "001"
branch_labels = None
depends_on = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("cadre_id", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("cadre_id", name="pk_conversations"),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadres.id"], name="fk_conversations_cadre_id_cadres"
        ),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("meeting_id", sa.Integer, nullable=False),
        sa.Column("cadre_id", sa.Integer, nullable=False),
        sa.Column("receipt_no", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("review_state", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("meets_standard", sa.Boolean, nullable=True),
        sa.Column("failing_criteria", sa.Text, nullable=False),
        sa.Column("score", sa.Integer, nullable=True),
        sa.Column("grade", sa.String(30), nullable=True),
        sa.Column("attendance_ratio", sa.Float, nullable=True),
        sa.Column("duration_minutes", sa.Integer, nullable=True),
        sa.Column("questionnaire_id", sa.String(50), nullable=False),
        sa.Column("questionnaire_version", sa.String(30), nullable=False),
        sa.Column("rubric_version", sa.String(30), nullable=True),
        _timestamp("first_submitted_at"),
        _timestamp("submitted_at"),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_reports_meeting_id_meetings"
        ),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadres.id"], name="fk_reports_cadre_id_cadres"),
        sa.UniqueConstraint("receipt_no", name="uq_reports_receipt_no"),
        sa.UniqueConstraint("meeting_id", "cadre_id", name="uq_reports_meeting_id_cadre_id"),
    )
    op.create_index("ix_reports_cadre_id", "reports", ["cadre_id"])
    op.create_index("ix_reports_submitted_at", "reports", ["submitted_at"])
    op.create_table(
        "report_revisions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("derived", sa.Text, nullable=False),
        sa.Column("questionnaire_version", sa.String(30), nullable=False),
        sa.Column("rubric_version", sa.String(30), nullable=True),
        _timestamp("submitted_at"),
        sa.PrimaryKeyConstraint("id", name="pk_report_revisions"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_report_revisions_report_id_reports"
        ),
        sa.UniqueConstraint("report_id", "revision", name="uq_report_revisions_report_id_revision"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("messenger", sa.String(20), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        _timestamp("due_at"),
        _timestamp("expires_at", nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("meeting_id", sa.Integer, nullable=True),
        sa.Column("cadre_id", sa.Integer, nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_outbox_meeting_id_meetings"
        ),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadres.id"], name="fk_outbox_cadre_id_cadres"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')",
            name="ck_outbox_status_known",
        ),
    )
    op.create_index("ix_outbox_status_due_at", "outbox", ["status", "due_at"])
    op.create_index("ix_outbox_meeting_id", "outbox", ["meeting_id"])
    op.create_table(
        "calendar_exceptions",
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("day", name="pk_calendar_exceptions"),
        sa.CheckConstraint("kind IN ('off', 'working')", name="ck_calendar_exceptions_kind_known"),
    )


def downgrade() -> None:
    for table in ("calendar_exceptions", "outbox", "report_revisions", "reports", "conversations"):
        op.drop_table(table)
