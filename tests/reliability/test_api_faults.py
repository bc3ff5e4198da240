"""Fault injection on the fake Bot API: a cadre's report goes on whatever Telegram answers.

5xx, 429 with `retry_after`, a timeout after the message was delivered, a refused
connection, and a failing `answerCallbackQuery`. Retries are due on the fake clock: a test
moves the clock past them and wakes the sender, never sleeping.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.clock import FakeClock
from storage import outbox
from storage.db import Database
from tests.chat_driver import Person
from tests.conftest import AN, COMMITTEE_CHAT_ID
from tests.fake_bot_api import REFUSED, Failure, FakeBotAPI
from tests.harness import AnyApplication
from tests.reliability.support import draft_answers
from tests.test_report_e2e import answer_rest, answer_until_steps, open_dong


async def failed_then_retried(
    api: FakeBotAPI, clock: FakeClock, app: AnyApplication, method: str, after: int
) -> None:
    """Wait for the injected failure of `method` (there were `after` calls before), then move
    the clock past any retry and wake the sender."""
    await api.wait_for(lambda: len(api.calls_of(method)) > after)
    clock.advance(timedelta(minutes=5))
    app.outbox_wake.set()


async def test_a_502_on_the_reply_to_an_answer_still_brings_the_next_question(
    an: Person, api: FakeBotAPI, clock: FakeClock, app: AnyApplication, planned_db: Database
) -> None:
    await open_dong(an)
    before, sends = len(an.messages), len(api.calls_of("sendMessage"))
    api.fail_next("sendMessage", Failure(502, description="Bad Gateway"))
    an.api.user(AN).press(an.button("Có, đã diễn ra"))
    await failed_then_retried(api, clock, app, "sendMessage", sends)
    assert "thường kỳ hay chuyên đề" in await an.expect_text("thường kỳ hay chuyên đề", before)
    failed = [call for call in api.calls_of("sendMessage")[sends:] if not call.ok]
    assert len(failed) == 1 and "thường kỳ hay chuyên đề" in str(failed[0].params["text"])
    assert len(an.messages) == before + 1  # the question once, not twice
    assert (await draft_answers(planned_db, 1))["status"] == "held"


async def test_a_502_on_answer_callback_query_still_applies_the_press(
    an: Person, api: FakeBotAPI, planned_db: Database
) -> None:
    await open_dong(an)
    api.fail_next("answerCallbackQuery", Failure(502, description="Bad Gateway"))
    (question,) = await an.press("Có, đã diễn ra")
    assert "thường kỳ hay chuyên đề" in question
    assert not api.calls_of("answerCallbackQuery")[-1].ok  # the failure did happen
    assert (await draft_answers(planned_db, 1))["status"] == "held"
    (question,) = await an.press("Thường kỳ")  # and the chat goes on
    assert "bắt đầu lúc mấy giờ?" in question


async def test_a_429_is_retried_after_the_time_telegram_asks(
    an: Person, api: FakeBotAPI, clock: FakeClock, app: AnyApplication, planned_db: Database
) -> None:
    await open_dong(an)
    before, sends = len(an.messages), len(api.calls_of("sendMessage"))
    api.fail_next("sendMessage", Failure(429, retry_after=17))
    an.api.user(AN).press(an.button("Có, đã diễn ra"))
    await api.wait_for(lambda: len(api.calls_of("sendMessage")) > sends)
    failed_at = clock.now()
    clock.advance(timedelta(seconds=17))
    app.outbox_wake.set()
    assert "thường kỳ hay chuyên đề" in await an.expect_text("thường kỳ hay chuyên đề", before)
    (row,) = [m for m in await outbox.messages(planned_db, kind="reply") if m.attempts == 2]
    # The retry was due exactly when Telegram asked, not at the sender's own backoff.
    assert row.due_at == failed_at + timedelta(seconds=17)


async def test_a_timeout_after_delivery_shows_the_committee_at_most_one_extra_copy(
    an: Person, api: FakeBotAPI, clock: FakeClock, app: AnyApplication
) -> None:
    await open_dong(an)
    await answer_until_steps(an)
    await answer_rest(an)
    forwards = len(api.messages_to(COMMITTEE_CHAT_ID))
    sends = len(api.calls_of("sendMessage"))
    # The receipt goes to An first, then the forward to the committee: both time out after
    # Telegram delivered them.
    api.fail_next("sendMessage", Failure(0, delivered=True), Failure(0, delivered=True))
    an.api.user(AN).press(an.button("📨 Gửi báo cáo"))
    await failed_then_retried(api, clock, app, "sendMessage", sends + 1)
    await api.wait_for(lambda: len(api.messages_to(COMMITTEE_CHAT_ID)) >= forwards + 2)
    clock.advance(timedelta(minutes=5))
    app.outbox_wake.set()
    await api.wait_for(lambda: len(api.calls_of("sendMediaGroup")) >= 1)
    receipts = [m for m in an.messages if "BC-2026-00001" in str(m["text"])]
    summaries = Counter(
        str(m["text"]) for m in api.messages_to(COMMITTEE_CHAT_ID) if "BC-2026-00001" in m["text"]
    )
    # Timed out after delivery: resent once, never more (the README's bound).
    assert 1 <= len(receipts) <= 2
    assert list(summaries.values()) == [2]


async def test_a_refused_connection_is_retried_and_the_reply_arrives_once(
    an: Person, api: FakeBotAPI, clock: FakeClock, app: AnyApplication
) -> None:
    await open_dong(an)
    before, sends = len(an.messages), len(api.calls_of("sendMessage"))
    api.fail_next("sendMessage", Failure(REFUSED), Failure(REFUSED))
    an.api.user(AN).press(an.button("Có, đã diễn ra"))
    await failed_then_retried(api, clock, app, "sendMessage", sends)
    await failed_then_retried(api, clock, app, "sendMessage", sends + 1)
    await an.expect_text("thường kỳ hay chuyên đề", before)
    assert len(an.messages) == before + 1
