"""Initial schema: units, cells, cadres, assignments, meetings, invite codes, audit log.

Revision ID: 001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.UniqueConstraint("name", name="uq_units_name"),
    )
    op.create_table(
        "cells",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("member_count", sa.Integer, nullable=False),
        sa.Column("meeting_day", sa.Integer, nullable=True),
        sa.Column("meeting_weekday", sa.Integer, nullable=True),
        sa.Column("meeting_nth", sa.Integer, nullable=True),
        sa.Column("meeting_time", sa.String(5), nullable=False),
        sa.Column("place", sa.String(300), nullable=True),
        sa.Column("holiday_shift", sa.String(10), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_cells"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_cells_unit_id_units"),
        sa.UniqueConstraint("unit_id", "name", name="uq_cells_unit_id_name"),
        sa.CheckConstraint("member_count > 0", name="ck_cells_member_count_positive"),
        sa.CheckConstraint(
            "holiday_shift IN ('next', 'previous', 'keep')", name="ck_cells_holiday_shift_known"
        ),
    )
    op.create_table(
        "cadres",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("position", sa.String(300), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger, nullable=True),
        sa.Column("zalo_user_id", sa.String(64), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_cadres"),
        sa.UniqueConstraint("phone", name="uq_cadres_phone"),
        sa.UniqueConstraint("telegram_user_id", name="uq_cadres_telegram_user_id"),
        sa.UniqueConstraint("zalo_user_id", name="uq_cadres_zalo_user_id"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cadre_id", sa.Integer, nullable=False),
        sa.Column("cell_id", sa.Integer, nullable=False),
        sa.Column("document_ref", sa.String(100), nullable=True),
        sa.Column("starts_on", sa.Date, nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadres.id"], name="fk_assignments_cadre_id_cadres"),
        sa.ForeignKeyConstraint(["cell_id"], ["cells.id"], name="fk_assignments_cell_id_cells"),
        sa.UniqueConstraint("cadre_id", "cell_id", name="uq_assignments_cadre_id_cell_id"),
    )
    op.create_index("ix_assignments_cell_id", "assignments", ["cell_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cell_id", sa.Integer, nullable=False),
        sa.Column("rule_date", sa.Date, nullable=False),
        _timestamp("starts_at"),
        sa.Column("place", sa.String(300), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("changed_manually", sa.Boolean, nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
        sa.ForeignKeyConstraint(["cell_id"], ["cells.id"], name="fk_meetings_cell_id_cells"),
        sa.UniqueConstraint("cell_id", "rule_date", name="uq_meetings_cell_id_rule_date"),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'postponed', 'cancelled')",
            name="ck_meetings_status_known",
        ),
    )
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"])
    op.create_table(
        "invite_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("cadre_id", sa.Integer, nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        sa.Column("used_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invite_codes"),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadres.id"], name="fk_invite_codes_cadre_id_cadres"
        ),
        sa.UniqueConstraint("code_hash", name="uq_invite_codes_code_hash"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _timestamp("at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("cadre_id", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(["cadre_id"], ["cadres.id"], name="fk_audit_log_cadre_id_cadres"),
    )
    op.create_index("ix_audit_log_action", "audit_log", ["action"])


def downgrade() -> None:
    for table in ("audit_log", "invite_codes", "meetings", "assignments", "cadres", "cells"):
        op.drop_table(table)
    op.drop_table("units")
