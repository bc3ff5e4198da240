"""Updates the bot cannot read, or does not expect, never stop it from answering the next one.

Through the real stack: the fake Bot API hands them to the poller like Telegram would.
"""

from __future__ import annotations

from storage import inbox
from storage.db import Database
from tests.chat_driver import Person
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication
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
    # Answered after the poison, with nothing in between but the answer itself.
    assert [call.method for call in api.calls[before:]] == ["sendMessage"]
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
