"""The answers of one complete standard report, as a cadre gives them: shared by the
benchmarks so the project and the baseline bot are asked exactly the same things.

Each step is what the person does (type, press a button by its label, tick a box of a
multi-choice list, send a photo) and how many new messages it brings back (a tick redraws
its message in place instead). The labels are the default questionnaire's
(`questionnaires/default.yaml`); the cell has `MEMBER_COUNT` members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MEMBER_COUNT = 32
StepKind = Literal["send", "press", "tick", "photo"]


@dataclass(frozen=True)
class Step:
    kind: StepKind
    value: str  # the text typed, the button's label, or the photo's file id
    replies: int = 1  # new messages it brings back (0 for a tick: its message is edited)


STEPS_TO_DISCUSSION = ("Đánh giá nghị quyết", "Phương hướng", "Thảo luận", "Biểu quyết", "Kết luận")

REPORT_STEPS: tuple[Step, ...] = (
    Step("send", "/baocao", replies=2),  # one meeting to report: its name, then question 1
    Step("press", "Có, đã diễn ra"),
    Step("press", "Thường kỳ"),
    Step("send", "19h30"),
    Step("send", "21:45"),
    Step("send", "2"),  # exempt (the member count comes from the roster)
    Step("send", "28"),  # present
    Step("send", "2"),  # excused (unexcused is computed)
    Step("press", "Có"),  # the secretary prepared
    Step("press", "Có"),  # the committee met beforehand
    Step("press", "Có"),  # a draft resolution
    *(Step("tick", f"▫️ {item}", replies=0) for item in STEPS_TO_DISCUSSION),
    Step("press", "✔️ Xong"),
    Step("send", "10 người"),
    Step("press", "Đầy đủ"),
    Step("press", "Thực hiện tốt"),
    Step("press", "≥ 90 %"),
    Step("press", "Tốt"),
    Step("send", "Đường làng đã được bê tông hóa"),  # the situation at the grassroots
    Step("send", "Chi bộ sinh hoạt nghiêm túc, đúng giờ"),
    Step("send", "Đề nghị cấp kinh phí sửa nhà văn hóa"),  # then the review
    Step("press", "📎 Gửi kèm ảnh"),
    Step("photo", "PHOTO-1"),
    Step("photo", "PHOTO-2"),
    Step("press", "✔️ Xong"),  # the review again
    Step("press", "📨 Gửi báo cáo"),  # the receipt
)
