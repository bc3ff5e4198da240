"""Table declarations. The schema itself is created by the numbered Alembic migrations;
these declarations must match them (a test compares the two)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

cells = Table(
    "cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("member_count", Integer, nullable=False),
    # Meeting rule: either a day of the month, or the nth weekday (nth = -1 is "the last").
    Column("meeting_day", Integer, nullable=True),
    Column("meeting_weekday", Integer, nullable=True),
    Column("meeting_nth", Integer, nullable=True),
    Column("meeting_time", String(5), nullable=False),
    Column("place", String(300), nullable=True),
    Column("holiday_shift", String(10), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("unit_id", "name"),
    CheckConstraint("member_count > 0", name="member_count_positive"),
    CheckConstraint("holiday_shift IN ('next', 'previous', 'keep')", name="holiday_shift_known"),
)

cadres = Table(
    "cadres",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("phone", String(20), nullable=False, unique=True),
    Column("position", String(300), nullable=True),
    Column("telegram_user_id", BigInteger, nullable=True, unique=True),
    Column("zalo_user_id", String(64), nullable=True, unique=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cadre_id", Integer, ForeignKey("cadres.id"), nullable=False),
    Column("cell_id", Integer, ForeignKey("cells.id"), nullable=False),
    Column("document_ref", String(100), nullable=True),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("cadre_id", "cell_id"),
    Index("ix_assignments_cell_id", "cell_id"),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cell_id", Integer, ForeignKey("cells.id"), nullable=False),
    # The date the rule gave (before any move): with cell_id it identifies the meeting.
    Column("rule_date", Date, nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("place", String(300), nullable=True),
    Column("status", String(20), nullable=False),
    Column("changed_manually", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("cell_id", "rule_date"),
    CheckConstraint("status IN ('planned', 'held', 'postponed', 'cancelled')", name="status_known"),
    Index("ix_meetings_starts_at", "starts_at"),
)

invite_codes = Table(
    "invite_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    # Only a hash is kept: a leaked database must not let anyone link an account.
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("cadre_id", Integer, ForeignKey("cadres.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Column("used_by", String(64), nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("cadre_id", Integer, ForeignKey("cadres.id"), nullable=True),
    Column("detail", Text, nullable=False),
    Index("ix_audit_log_action", "action"),
)
