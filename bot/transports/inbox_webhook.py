"""A messenger's webhook into the inbox: refused (403) without the secret header; 200 only
once the update is committed (503 otherwise, and the messenger delivers it again)."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

import tornado.web

from bot.clock import Clock
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate

log = logging.getLogger(__name__)


class InboxWebhookHandler(tornado.web.RequestHandler):
    """Subclasses name the messenger and its secret header, and read one update."""

    messenger = ""
    secret_header = ""

    def initialize(
        self, db: Database, clock: Clock, secret: str, on_accepted: Callable[[], None]
    ) -> None:
        self.db, self.clock, self.secret, self.on_accepted = db, clock, secret, on_accepted

    def read_update(self, data: Any) -> list[IncomingUpdate]:
        raise NotImplementedError

    async def post(self) -> None:
        given = self.request.headers.get(self.secret_header, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            return
        try:
            updates = self.read_update(json.loads(self.request.body or b"null"))
        except (ValueError, UnicodeDecodeError):
            updates = []
        if not updates:
            log.warning("a %s webhook request that is not an update was ignored", self.messenger)
            return  # 200: sending it again would not make it readable
        try:
            await inbox.accept(self.db, self.messenger, updates, self.clock.now())
        except Exception as exc:
            log.warning(
                "could not store a %s webhook update (%s); it will be sent again",
                self.messenger, exc,
            )  # fmt: skip
            self.set_status(503)
            return
        self.on_accepted()
