"""The report conversation's saved state, and the context the engine needs for a meeting."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bot.questionnaire.engine import Draft
from storage.meetings import MeetingInfo


class Phase(StrEnum):
    IDLE = "idle"
    CHOOSE = "choose"  # picking which meeting to report
    PICK_CELL = "pick_cell"  # "Ngày khác": which cell
    ASK_DATE = "ask_date"  # "Ngày khác": which day
    ANSWERING = "answering"
    PAUSED = "paused"


@dataclass(frozen=True)
class OpenDraft:
    """A report being written for one meeting; `report_id` is set when amending."""

    draft: Draft
    report_id: int | None = None


@dataclass(frozen=True)
class ReportState:
    phase: Phase = Phase.IDLE
    active: int | None = None  # the meeting whose draft is being answered
    drafts: dict[int, OpenDraft] = field(default_factory=dict)  # by meeting id; kept on pause
    cell_id: int | None = None  # "Ngày khác": the chosen cell

    @property
    def current(self) -> OpenDraft | None:
        return self.drafts.get(self.active) if self.active is not None else None

    def with_draft(self, meeting_id: int, draft: Draft, report_id: int | None) -> ReportState:
        drafts = {**self.drafts, meeting_id: OpenDraft(draft, report_id)}
        return replace(self, phase=Phase.ANSWERING, active=meeting_id, drafts=drafts)

    def without(self, meeting_id: int) -> ReportState:
        drafts = {key: value for key, value in self.drafts.items() if key != meeting_id}
        return ReportState(Phase.IDLE, None, drafts, None)

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase.value,
            "active": self.active,
            "cell_id": self.cell_id,
            "drafts": {
                str(meeting): {"draft": open_.draft.to_json(), "report_id": open_.report_id}
                for meeting, open_ in self.drafts.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportState:
        if not data:
            return cls()
        drafts = {
            int(meeting): OpenDraft(Draft.from_json(item["draft"]), item.get("report_id"))
            for meeting, item in data.get("drafts", {}).items()
        }
        return cls(Phase(data["phase"]), data.get("active"), drafts, data.get("cell_id"))


def engine_context(
    meeting: MeetingInfo,
    local_start: datetime,
    today: date,
    previous: dict[str, object] | None = None,
) -> dict[str, object]:
    """The names the questionnaire may use besides its own answers; `previous` holds the
    answers of the cell's previous report."""
    return {
        "meeting_date": local_start.date().isoformat(),
        "today": today.isoformat(),
        "members_roster": meeting.member_count,
        "planned_start": f"{local_start:%H:%M}",
        # 'yes' / 'no' from the roster's `Có chi ủy`; 'unknown' when it does not say.
        "cell_committee": {True: "yes", False: "no", None: "unknown"}[meeting.has_committee],
        "previous": previous or {},
    }
