"""Digests and review: stored attachments (charts, spreadsheets), review requests, indexes.

Revision ID: 003
Revises: 002
"""

import sqlalchemy as sa
from alembic import op

revision = "003"
down_revision = "002"
branch_labels = None
depends_on = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
    )
    op.create_table(
        "review_requests",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_review_requests"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name="fk_review_requests_report_id_reports"
        ),
        sa.CheckConstraint(
            "status IN ('awaiting', 'sent', 'cancelled')",
            name="ck_review_requests_status_known",
        ),
    )
    op.create_index(
        "ix_review_requests_chat_id_requested_by_status",
        "review_requests",
        ["chat_id", "requested_by", "status"],
    )


def downgrade() -> None:
    op.drop_index("ix_review_requests_chat_id_requested_by_status", "review_requests")
    op.drop_table("review_requests")
    op.drop_table("attachments")
