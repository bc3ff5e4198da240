"""Typed numbers → the choices they pick, for messengers without buttons (Zalo).

Runs inside the update's unit of work, before the handlers: a `2` becomes the press of the
second choice of the chat's latest screen (stored by the transport once it was shown), so
the handlers see exactly what a Telegram button press gives them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.i18n import t
from bot.inbox_worker import Respond
from bot.messages import Inbound, InboundKind, Outbound
from bot.numbered_choices import NoSuchChoice, Picked, Screen, choice_lines, invalid_text, read
from bot.numbered_choices import screen_of as outbound_screen
from storage import chat_screens
from storage.db import Database

# Zalo stamps messages in whole milliseconds by its own clock: a number typed the moment a
# screen arrived must not look older than it.
CLOCK_SKEW = timedelta(seconds=1)


def numbered_responder(db: Database, respond: Respond) -> Respond:
    async def answer(inbound: Inbound) -> list[Outbound]:
        if inbound.kind is not InboundKind.TEXT:
            return await respond(inbound)
        stored = await chat_screens.load(db, inbound.messenger, inbound.chat_id)
        screen = Screen(stored.choices, stored.expects_text) if stored is not None else None
        reading = read(inbound.text, screen)
        if reading is None or screen is None:
            return await respond(inbound)
        if isinstance(reading, NoSuchChoice):
            return [Outbound(inbound.chat_id, invalid_text(reading))]
        assert stored is not None
        if inbound.sent_at is not None and inbound.sent_at < stored.shown_at - CLOCK_SKEW:
            # Typed before the latest screen arrived: meant for an older one.
            lines = "\n".join(choice_lines(screen))
            return [Outbound(inbound.chat_id, t("choices.stale", lines=lines))]
        return await press_in_turn(respond, inbound, screen, reading)

    return answer


async def press_in_turn(
    respond: Respond, inbound: Inbound, screen: Screen, picked: Picked
) -> list[Outbound]:
    """Press each picked choice in turn (`1 3 5` ticks three boxes); between presses the
    screen is the one the previous press produced (button data carry versions). Only the
    last press's replies are sent: the intermediate screens are already out of date."""
    replies: list[Outbound] = []
    for number in picked.numbers:
        if number > len(screen.choices):
            break
        press = replace(inbound, kind=InboundKind.CHOICE, choice=screen.choices[number - 1][1])
        replies = await respond(press)
        following = [s for s in map(outbound_screen, replies) if s is not None and s.choices]
        if following:
            screen = following[-1]
    return replies
