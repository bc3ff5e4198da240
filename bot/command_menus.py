"""Which commands Telegram's menu shows to whom (plain data; the transport publishes it).

Cadres see their own commands in private chats; the committee's group chat sees the leaders'
commands; each admin, in their private chat with the bot, sees both. Telegram picks the most
specific scope that matches a chat, so an admin's own menu wins over the cadres' one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import label

CADRE_COMMANDS = ("baocao", "lich", "cuatoi", "huy", "start", "trogiup")
LEADER_COMMANDS = ("tonghop", "chuanop", "xuat", "trogiup")
ADMIN_COMMANDS = (
    "tonghop", "chuanop", "xuat", "baocao", "lich", "cuatoi", "huy", "start", "trogiup"
)  # fmt: skip


class MenuScope(StrEnum):
    PRIVATE_CHATS = "all_private_chats"  # every private chat (the cadres)
    CHAT = "chat"  # one chat: the committee's group, or an admin's private chat


@dataclass(frozen=True)
class CommandMenu:
    scope: MenuScope
    chat_id: int | None  # for MenuScope.CHAT
    commands: tuple[tuple[str, str], ...]  # (command, Vietnamese description)


def _described(names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((name, label(f"command.{name}")) for name in names)


def command_menus(committee_chat_id: int | None, admin_ids: Iterable[int]) -> list[CommandMenu]:
    """Every menu to publish: the cadres', the committee chat's, one per admin."""
    menus = [CommandMenu(MenuScope.PRIVATE_CHATS, None, _described(CADRE_COMMANDS))]
    if committee_chat_id is not None:
        menus.append(CommandMenu(MenuScope.CHAT, committee_chat_id, _described(LEADER_COMMANDS)))
    menus += [
        CommandMenu(MenuScope.CHAT, admin, _described(ADMIN_COMMANDS))
        for admin in dict.fromkeys(admin_ids)
    ]
    return menus
