"""Telegram updates as a cadre's phone produces them, for benchmarks that skip the network."""

from __future__ import annotations

import itertools
import time
from typing import Any

JSONDict = dict[str, Any]
BOT_ID = 7000000001


class UpdateMaker:
    """Numbers updates and messages like Telegram does; dates them by the wall clock."""

    def __init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def _user(self, user_id: int) -> JSONDict:
        return {"id": user_id, "is_bot": False, "first_name": f"Cán bộ {user_id}"}

    def _message(self, user_id: int, **fields: Any) -> JSONDict:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"Cán bộ {user_id}"},
            "from": self._user(user_id),
            **fields,
        }

    def text(self, user_id: int, text: str) -> JSONDict:
        fields: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": self._message(user_id, **fields)}

    def photo(self, user_id: int, file_id: str) -> JSONDict:
        size = {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800, "height": 600}
        message = self._message(user_id, photo=[size])
        return {"update_id": next(self._update_ids), "message": message}

    def press(self, user_id: int, data: str, message_id: int = 1) -> JSONDict:
        pressed = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Fieldreport"},
            "text": "…",
        }
        update_id = next(self._update_ids)
        query = {
            "id": f"cb{update_id}",
            "from": self._user(user_id),
            "chat_instance": f"ci{user_id}",
            "data": data,
            "message": pressed,
        }
        return {"update_id": update_id, "callback_query": query}
