"""Zalo: the messenger each cadre last wrote from, the numbered choices each chat was last
shown, and expiring public links to stored files (Zalo's sendPhoto takes only a URL).

Revision ID: 010
Revises: 006
"""

import sqlalchemy as sa
from alembic import op

revision = "010"
down_revision = "006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cadres") as batch:
        # Reminders and prompts go to one messenger only: the one the cadre last wrote from.
        batch.add_column(sa.Column("last_messenger", sa.String(20), nullable=True))
    op.create_table(
        "chat_screens",
        sa.Column("messenger", sa.String(20), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        # JSON: the labels and button data behind the numbers of the latest screen.
        sa.Column("screen", sa.Text, nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("messenger", "chat_id", name="pk_chat_screens"),
    )
    op.create_table(
        "file_links",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("attachment_id", sa.Integer, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_file_links"),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name="fk_file_links_attachment_id_attachments",
        ),
        sa.UniqueConstraint("token_hash", name="uq_file_links_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("file_links")
    op.drop_table("chat_screens")
    with op.batch_alter_table("cadres") as batch:
        batch.drop_column("last_messenger")
