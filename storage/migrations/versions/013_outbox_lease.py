"""Outbox claims carry a lease, so that rows a dead sender had claimed go out again.

Revision ID: 013
Revises: 010
"""

import sqlalchemy as sa
from alembic import op

revision = "013"
down_revision = "010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("lease_until")
