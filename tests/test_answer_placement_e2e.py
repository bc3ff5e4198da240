"""A typed answer is applied only to the question that was on screen when it was typed."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from handlers.report_state import ReportState
from storage import conversations
from storage.db import Database
from tests.chat_driver import Person
from tests.fake_bot_api import FakeBotAPI
from tests.test_report_e2e import open_dong


async def answers(db: Database) -> dict[str, object]:
    state = ReportState.from_json((await conversations.load(db, 1)).state)
    assert state.current is not None
    return dict(state.current.draft.answers)


async def test_an_answer_typed_for_an_earlier_question_is_not_applied_to_the_next(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock
) -> None:
    await open_dong(an)
    await an.press("Có, đã diễn ra")
    await an.press("Thường kỳ")
    typed_at = clock.now()  # the cadre types the start time while it is asked …
    clock.advance(timedelta(seconds=30))
    await an.send("19h30")  # … and again (the first one was slow to arrive): applied
    # The earlier copy arrives now, after the screen moved on to the end time.
    before = len(an.messages)
    stale = api.user(an.id)._message(text="19h30")
    stale["date"] = int(typed_at.timestamp())
    api.push_update({"message": stale})
    note, question = await an._replies(before, 2)
    assert "được gửi khi bot còn ở câu hỏi trước" in note and "«19h30»" in note
    assert "kết thúc lúc mấy giờ?" in question
    stored = await answers(planned_db)
    assert stored["start_time"] == "19:30" and "end_time" not in stored
    # An answer typed after the question was shown is taken as usual.
    await an.send("21:45")
    assert (await answers(planned_db))["end_time"] == "21:45"
