"""Table declarations. The schema itself is created by the numbered Alembic migrations;
these declarations must match them (a test compares the two)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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
    # 005: whether the cell has a chi ủy (NULL: the roster does not say, so the report asks).
    Column("has_committee", Boolean, nullable=True),
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
    # 010: reminders go to the messenger the cadre last wrote from.
    Column("last_messenger", String(20), nullable=True),
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
    Index("ix_meetings_digest", "starts_at", "cell_id", "status", "id"),  # 006: covering
    Index("ix_meetings_cell_id_starts_at", "cell_id", "starts_at"),  # 006: a cell's months
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

# --- 002: reporting, the outbox, the admin's own days off ----------------------------------

conversations = Table(
    "conversations",
    metadata,
    # One conversation per cadre: where they are in the report flow, as JSON.
    Column("cadre_id", Integer, ForeignKey("cadres.id"), primary_key=True),
    Column("state", Text, nullable=False),
    # Bumped on every change; buttons carry it, so an old button is recognised as stale.
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id"), nullable=False),
    Column("cadre_id", Integer, ForeignKey("cadres.id"), nullable=False),
    Column("receipt_no", String(20), nullable=False, unique=True),
    Column("outcome", String(20), nullable=False),  # held, postponed, cancelled, absent
    Column("review_state", String(20), nullable=False),  # submitted, returned, amended
    Column("revision", Integer, nullable=False),
    Column("late", Boolean, nullable=False),
    Column("meets_standard", Boolean, nullable=True),
    Column("failing_criteria", Text, nullable=False),  # JSON list of criterion ids
    Column("score", Integer, nullable=True),
    Column("grade", String(30), nullable=True),
    Column("attendance_ratio", Float, nullable=True),
    Column("duration_minutes", Integer, nullable=True),
    Column("questionnaire_id", String(50), nullable=False),
    Column("questionnaire_version", String(30), nullable=False),
    Column("rubric_version", String(30), nullable=True),
    Column("first_submitted_at", UTCDateTime, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    # 006: the proposals text (digests quote it) and the failure reasons (JSON list of lines,
    # "C1 Dự họp 71 % < 85 %"), stored like the other derived values.
    Column("proposals", Text, nullable=True),
    Column("reasons", Text, nullable=True),
    UniqueConstraint("meeting_id", "cadre_id"),
    Index("ix_reports_cadre_id", "cadre_id"),
    Index("ix_reports_submitted_at", "submitted_at"),
    # Covers what the digest aggregates, so a month is read from the index alone.
    Index(
        "ix_reports_digest",
        "meeting_id",
        "cadre_id",
        "outcome",
        "late",
        "meets_standard",
        "review_state",
        "grade",
        "attendance_ratio",
        "duration_minutes",
        "failing_criteria",
    ),
)

report_revisions = Table(
    "report_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("answers", Text, nullable=False),  # JSON: question id -> value
    Column("derived", Text, nullable=False),  # JSON: derived id -> value
    Column("questionnaire_version", String(30), nullable=False),
    Column("rubric_version", String(30), nullable=True),
    Column("submitted_at", UTCDateTime, nullable=False),
    UniqueConstraint("report_id", "revision"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    # Inserting the same key twice is a no-op: how schedulers stay idempotent.
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("messenger", String(20), nullable=False),
    Column("chat_id", String(64), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("payload", Text, nullable=False),  # JSON: text, buttons, photos, document
    Column("due_at", UTCDateTime, nullable=False),
    # After this moment the message no longer makes sense and is skipped, not sent.
    Column("expires_at", UTCDateTime, nullable=True),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id"), nullable=True),
    Column("cadre_id", Integer, ForeignKey("cadres.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    # 0: a reply to what a person just sent (served first); 1: proactive messages.
    Column("priority", Integer, nullable=False, server_default="1"),
    # The messenger's id of the message this row created (so that it can be edited later).
    Column("sent_ref", String(64), nullable=True),
    # A claim (`sending`) holds until then; past it the row is the queue's again.
    Column("lease_until", UTCDateTime, nullable=True),
    CheckConstraint(
        "status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')",
        name="status_known",
    ),
    Index("ix_outbox_status_due_at", "status", "due_at"),
    Index("ix_outbox_meeting_id", "meeting_id"),
    Index("ix_outbox_status_priority_due_at", "status", "priority", "due_at"),
)

# Every incoming update is a row here before the messenger is told it arrived; it is then
# handled from here, in order per chat, retried on failure and parked (`dead`) if it never
# succeeds. (messenger, update_key) also remembers what was already applied, so a
# redelivered update is harmless.
inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("messenger", String(20), nullable=False),
    Column("update_key", String(100), nullable=False),  # Telegram update_id, Zalo message_id
    Column("chat_key", String(64), nullable=False),  # updates of one chat are handled in order
    Column("payload", Text, nullable=False),  # the update as the messenger sent it (JSON)
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("handled_at", UTCDateTime, nullable=True),
    UniqueConstraint("messenger", "update_key"),
    CheckConstraint("status IN ('pending', 'done', 'dead')", name="status_known"),
    Index("ix_inbox_status_id", "status", "id"),
    Index("ix_inbox_received_at", "received_at"),
)

calendar_exceptions = Table(
    "calendar_exceptions",
    metadata,
    # Days the admin declares off (a local holiday) or working (a make-up Saturday).
    Column("day", Date, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("note", String(200), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("kind IN ('off', 'working')", name="kind_known"),
)

# --- 003: digests and review --------------------------------------------------------------

attachments = Table(
    "attachments",
    metadata,
    # Charts and spreadsheets queued in the outbox: kept here so the outbox stays the only memory.
    Column("id", Integer, primary_key=True),
    Column("filename", String(200), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

review_requests = Table(
    "review_requests",
    metadata,
    # A committee member pressed «Yêu cầu bổ sung»: their next reply in that chat is the comment.
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("chat_id", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    CheckConstraint("status IN ('awaiting', 'sent', 'cancelled')", name="status_known"),
    Index("ix_review_requests_chat_id_requested_by_status", "chat_id", "requested_by", "status"),
)

# --- 010: Zalo ---------------------------------------------------------------------------

chat_screens = Table(
    "chat_screens",
    metadata,
    # The numbered choices a chat was last shown (Zalo, no buttons): what "2" means there.
    Column("messenger", String(20), primary_key=True),
    Column("chat_id", String(64), primary_key=True),
    Column("screen", Text, nullable=False),
    Column("shown_at", UTCDateTime, nullable=False),
)

file_links = Table(
    "file_links",
    metadata,
    # Unguessable, expiring public paths to stored files (Zalo's sendPhoto takes a URL).
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("attachment_id", Integer, ForeignKey("attachments.id"), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
