"""Serving stored files (charts, spreadsheets) at unguessable, expiring public paths, for
messengers that send files by URL (Zalo)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import tornado.web

from bot.clock import Clock
from bot.transports.zalo import PublicUrl
from bot.web import Route
from storage import attachments, file_links
from storage.db import Database

FILES_PATH = "/files/"
LINK_TTL = timedelta(days=1)


def public_url_maker(db: Database, clock: Clock, base_url: str) -> PublicUrl:
    """`attachment id → URL` for the Zalo sender."""

    async def public_url(attachment_id: int) -> str | None:
        token = await file_links.create(db, attachment_id, now=clock.now(), ttl=LINK_TTL)
        return f"{base_url.rstrip('/')}{FILES_PATH}{token}"

    return public_url


class FileHandler(tornado.web.RequestHandler):
    """GET /files/{token}: the file, or 404 for an unknown or expired token."""

    def initialize(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    async def get(self, token: str) -> None:
        attachment_id = await file_links.resolve(self.db, token, now=self.clock.now())
        loaded = await attachments.load(self.db, attachment_id) if attachment_id else None
        if loaded is None:
            self.set_status(404)
            return
        self.set_header("Content-Type", loaded.media_type)
        disposition = f"attachment; filename*=UTF-8''{quote(loaded.filename)}"
        self.set_header("Content-Disposition", disposition)
        self.set_header("Cache-Control", "private, no-store")
        self.write(loaded.content)


def route(db: Database, clock: Clock) -> Route:
    return (FILES_PATH + r"([A-Za-z0-9_-]{20,100})", FileHandler, {"db": db, "clock": clock})
