"""Digests at scale: each report keeps its proposals and its failure reasons beside the other
derived values, and covering indexes let the monthly aggregation read indexes only.

Revision ID: 006
Revises: 005
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "006"
down_revision = "005"
branch_labels = None
depends_on = None

REPORT_FACTS = ["meeting_id", "cadre_id", "outcome", "late", "meets_standard", "review_state",
                "grade", "attendance_ratio", "duration_minutes", "failing_criteria"]  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("proposals", sa.Text, nullable=True))
        batch.add_column(sa.Column("reasons", sa.Text, nullable=True))
    op.create_index("ix_reports_digest", "reports", REPORT_FACTS)
    op.create_index("ix_meetings_digest", "meetings", ["starts_at", "cell_id", "status", "id"])
    # A cell's meetings over months (the «below standard month after month» check).
    op.create_index("ix_meetings_cell_id_starts_at", "meetings", ["cell_id", "starts_at"])
    _backfill_proposals()


def _backfill_proposals() -> None:
    """Existing reports: the proposals of their latest revision (reasons are worked out again
    from the answers while they are missing)."""
    bind = op.get_bind()
    latest = bind.execute(
        sa.text(
            "SELECT r.id, v.answers FROM reports r JOIN report_revisions v "
            "ON v.report_id = r.id AND v.revision = r.revision"
        )
    ).all()
    for report_id, answers in latest:
        try:
            text = json.loads(answers).get("proposals")
        except (ValueError, AttributeError):
            continue
        if isinstance(text, str) and text.strip():
            bind.execute(
                sa.text("UPDATE reports SET proposals = :text WHERE id = :id"),
                {"text": text.strip(), "id": report_id},
            )


def downgrade() -> None:
    op.drop_index("ix_meetings_cell_id_starts_at", "meetings")
    op.drop_index("ix_meetings_digest", "meetings")
    op.drop_index("ix_reports_digest", "reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("reasons")
        batch.drop_column("proposals")
