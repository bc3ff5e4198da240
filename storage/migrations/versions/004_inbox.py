"""The durable inbox (every incoming update is a row before it is acknowledged) and reply
priority in the outbox.

Revision ID: 004
Revises: 003
"""

import sqlalchemy as sa
from alembic import op

revision = "004"
down_revision = "003"
branch_labels = None
depends_on = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("messenger", sa.String(20), nullable=False),
        sa.Column("update_key", sa.String(100), nullable=False),
        sa.Column("chat_key", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        _timestamp("received_at"),
        _timestamp("next_attempt_at"),
        _timestamp("handled_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox"),
        sa.UniqueConstraint("messenger", "update_key", name="uq_inbox_messenger_update_key"),
        sa.CheckConstraint("status IN ('pending', 'done', 'dead')", name="ck_inbox_status_known"),
    )
    op.create_index("ix_inbox_status_id", "inbox", ["status", "id"])
    op.create_index("ix_inbox_received_at", "inbox", ["received_at"])
    with op.batch_alter_table("outbox") as batch:
        # 0: a reply to what a person just sent; 1: proactive (reminders, forwards, digests).
        batch.add_column(sa.Column("priority", sa.Integer, nullable=False, server_default="1"))
        # What the messenger answered: the id of the message it created (for later edits).
        batch.add_column(sa.Column("sent_ref", sa.String(64), nullable=True))
    op.create_index("ix_outbox_status_priority_due_at", "outbox", ["status", "priority", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_status_priority_due_at", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("sent_ref")
        batch.drop_column("priority")
    op.drop_index("ix_inbox_received_at", table_name="inbox")
    op.drop_index("ix_inbox_status_id", table_name="inbox")
    op.drop_table("inbox")
