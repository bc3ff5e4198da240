"""Serve a `FakeZaloAPI` over real HTTP on loopback, for tests that run `bot.py` as a process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import tornado.web

from tests.fake_bot_api_server import on_loopback
from tests.fake_zalo_api import FakeZaloAPI


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, api: FakeZaloAPI) -> None:
        self.api = api
        self.gone = False

    def on_connection_close(self) -> None:
        self.gone = True  # a killed bot's long poll: it will never read its answer

    async def post(self, path: str) -> None:
        request = httpx.Request("POST", f"http://fake/{path}", content=self.request.body)
        response = await self.api.handler(request)
        if self.gone and path.endswith("/getUpdates") and response.status_code == 200:
            # Nobody received it: Zalo delivers it again to the next poll.
            self.api.deliver_again(response.json()["result"])
            return
        self.set_status(response.status_code)
        self.set_header("Content-Type", "application/json")
        self.finish(response.content)


@asynccontextmanager
async def serve(api: FakeZaloAPI) -> AsyncIterator[str]:
    """Yield the base URL (`http://127.0.0.1:PORT`) while the server runs."""
    application = tornado.web.Application([(r"/(bot[^/]+/\w+)", _MethodHandler, {"api": api})])
    async with on_loopback(application) as root:
        yield root
