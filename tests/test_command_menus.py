"""Who sees which commands in Telegram's menu."""

from __future__ import annotations

from bot.command_menus import MenuScope, command_menus


def test_cadres_committee_and_each_admin_have_their_menu() -> None:
    menus = command_menus(-100777, [9001, 9002, 9001])
    assert [(m.scope, m.chat_id, [name for name, _ in m.commands]) for m in menus] == [
        (MenuScope.PRIVATE_CHATS, None, ["baocao", "lich", "cuatoi", "huy", "start", "trogiup"]),
        (MenuScope.CHAT, -100777, ["tonghop", "chuanop", "xuat", "trogiup"]),
        (MenuScope.CHAT, 9001,
         ["tonghop", "chuanop", "xuat", "baocao", "lich", "cuatoi", "huy", "start", "trogiup"]),
        (MenuScope.CHAT, 9002,
         ["tonghop", "chuanop", "xuat", "baocao", "lich", "cuatoi", "huy", "start", "trogiup"]),
    ]  # fmt: skip
    described = dict(menus[1].commands)
    assert described["tonghop"] == "Tổng hợp tháng, kèm biểu đồ"
    assert all(0 < len(text) <= 256 for menu in menus for _, text in menu.commands)


def test_without_a_committee_chat_or_admins_only_the_cadres_menu() -> None:
    (menu,) = command_menus(None, [])
    assert menu.scope is MenuScope.PRIVATE_CHATS
