"""Updates the bot cannot read, or does not expect, never stop it from answering the next one.

Through the real stack: the fake Bot API hands them to the poller like Telegram would.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import FakeClock
from storage import inbox
from storage.db import Database
from tests.chat_driver import Person
from tests.conftest import ADMIN_ID, COMMITTEE_CHAT_ID
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication
from tests.reliability.sizes import FUZZ_EXAMPLES
from tests.reliability.support import watching_logs

LINKING_PROMPT = "số điện thoại"  # what /start asks an unlinked person for

UNREADABLE = {
    # PTB cannot build a Message without its date and chat type
    "message": {"message_id": 1, "chat": {"id": 8100}, "text": "/start"},
}


async def test_one_unparsable_update_does_not_stop_the_next_start(
    bot: AnyApplication, api: FakeBotAPI, roster_db: Database
) -> None:
    with watching_logs() as logs:
        bad = api.push_update(UNREADABLE)
        before = len(api.calls)
        (greeting,) = await Person(api, 8101).send("/start")
    assert LINKING_PROMPT in greeting
    # The admins are told of the parked update, beside the answer (in either order).
    (notice,) = await api.wait_for_messages(ADMIN_ID, 1)
    assert "không xử lý được" in notice["text"] and "8100" in notice["text"]
    # Answered after the poison, with nothing in between but the answer and that notice.
    sends = [(call.method, int(call.params["chat_id"])) for call in api.calls[before:]]
    assert sorted(sends) == [("sendMessage", 8101), ("sendMessage", ADMIN_ID)]
    (parked,) = await inbox.rows(roster_db, update_key=str(bad))
    assert parked["status"] == "dead" and parked["last_error"].startswith("unparsable")
    assert logs.count(f"update {bad} cannot be read and is parked") == 1


async def test_an_update_that_parses_into_odd_values_is_parked_not_retried_forever(
    bot: AnyApplication, api: FakeBotAPI, roster_db: Database
) -> None:
    """PTB reads `text` as given; a text that is an object once stalled its chat for good."""
    odd = api.push_update(
        {
            "message": {
                "message_id": 1, "date": 1_700_000_000, "text": {"not": "a string"},
                "chat": {"id": 8102, "type": "private"},
                "from": {"id": 8102, "is_bot": False, "first_name": "F"},
            }
        }
    )  # fmt: skip
    (greeting,) = await Person(api, 8102).send("/start")  # the same chat goes on
    assert LINKING_PROMPT in greeting
    (parked,) = await inbox.rows(roster_db, update_key=str(odd))
    assert parked["status"] == "dead" and "AttributeError" in parked["last_error"]


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
CHATS = st.sampled_from([8200, 8201, COMMITTEE_CHAT_ID, -100999, 0]) | st.integers()
TEXTS = st.text(max_size=60) | st.sampled_from(
    ["/start", "/baocao", "/lich", "/tonghop", "/xuat 13/2026", "/", "/start@other_bot", "19h30"]
)


@st.composite
def messages(draw: st.DrawFn) -> dict[str, Any]:
    chat = draw(CHATS)
    message: dict[str, Any] = {
        "message_id": draw(st.integers()),
        "date": draw(st.integers(min_value=0, max_value=2**33) | st.text(max_size=5)),
        "chat": {"id": chat, "type": draw(st.sampled_from(["private", "group", "supergroup"]))},
        "from": {"id": draw(CHATS), "is_bot": draw(st.booleans()), "first_name": "F"},
    }
    body = draw(st.sampled_from(["text", "contact", "photo", "sticker", "junk"]))
    if body == "text":
        message["text"] = draw(TEXTS | JSON)
    elif body == "contact":
        message["contact"] = {"phone_number": draw(st.text(max_size=15)), "user_id": draw(CHATS)}
    elif body == "photo":
        message["photo"] = draw(st.lists(st.fixed_dictionaries({"file_id": st.text()}) | JSON))
    elif body == "junk":
        message[draw(st.text(max_size=10))] = draw(JSON)
    if draw(st.booleans()):
        del message[draw(st.sampled_from(["date", "chat", "from", "message_id"]))]
    return message


@st.composite
def presses(draw: st.DrawFn) -> dict[str, Any]:
    chat = draw(CHATS)
    query: dict[str, Any] = {
        "id": draw(st.text(max_size=10)),
        "from": {"id": chat, "is_bot": False, "first_name": "F"},
        "chat_instance": "ci",
        "data": draw(st.text(max_size=64) | st.from_regex(r"[a-z]{1,4}:[0-9:a-z]{0,20}")),
    }
    if draw(st.booleans()):
        query["message"] = {
            "message_id": draw(st.integers()),
            "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private"},
        }
    return query


UPDATES = st.one_of(
    st.builds(lambda m: {"message": m}, messages()),
    st.builds(lambda q: {"callback_query": q}, presses()),
    # types the bot does not ask for, or that do not exist
    st.builds(
        lambda kind, body: {kind: body},
        st.sampled_from(["edited_message", "poll", "my_chat_member", "business_message", "x"]),
        JSON,
    ),
    st.dictionaries(st.text(max_size=10).filter(lambda key: key != "update_id"), JSON, max_size=3),
)
_next_user = itertools.count(8300)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(UPDATES, min_size=1, max_size=5))
async def test_random_malformed_and_unknown_updates_never_stop_the_bot(
    bot: AnyApplication,
    api: FakeBotAPI,
    roster_db: Database,
    clock: FakeClock,
    batch: list[dict[str, Any]],
) -> None:
    ids = [api.push_update(update) for update in batch]
    (greeting,) = await Person(api, next(_next_user)).send("/start")
    assert LINKING_PROMPT in greeting
    assert not bot.stop_event.is_set()
    # Every fuzzed update is handled or, once its retries are spent (an id too large for
    # SQLite fails every time), parked: none is retried for ever.
    for _ in range(bot.tuning.inbox_policy.max_attempts):
        clock.advance(timedelta(hours=1))
        await bot.worker.drain_once()
    states = {str(row["update_key"]): row["status"] for row in await inbox.rows(roster_db)}
    assert {states.get(str(update_id), "ignored") for update_id in ids} <= {
        "done",
        "dead",
        "ignored",  # no update id the bot could read: never stored, nothing to answer
    }
