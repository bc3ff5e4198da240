"""Serve a `FakeBotAPI` over real HTTP on loopback, for tests that run `bot.py` as a process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import tornado.httpserver
import tornado.netutil
import tornado.web

from tests.fake_bot_api import FakeBotAPI, parse_body


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, api: FakeBotAPI) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        if token != self.api.token:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        content_type = self.request.headers.get("Content-Type", "")
        params = parse_body(content_type, self.request.body)
        status, body = await self.api.call(method, params)
        self.set_status(status if status > 0 else 504)  # a timeout or refusal: a gateway error
        self.finish(body)

    get = post


@asynccontextmanager
async def serve(api: FakeBotAPI) -> AsyncIterator[str]:
    """Yield the base URL (`http://127.0.0.1:PORT/bot`) while the server runs."""
    application = tornado.web.Application([(r"/bot([^/]+)/(\w+)", _MethodHandler, {"api": api})])
    async with on_loopback(application) as root:
        yield f"{root}/bot"


@asynccontextmanager
async def on_loopback(application: tornado.web.Application) -> AsyncIterator[str]:
    """Serve `application` on a free loopback port; yield `http://127.0.0.1:PORT`."""
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server = tornado.httpserver.HTTPServer(application)
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        await server.close_all_connections()
