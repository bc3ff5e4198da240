"""The bot's own small web server (webhooks): started only when a webhook URL is set."""

from __future__ import annotations

from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

Route = tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]


class WebServer:
    def __init__(self, routes: list[Route], listen: str, port: int) -> None:
        self._application = tornado.web.Application(routes)
        self._listen = listen
        self._port = port
        self._server: tornado.httpserver.HTTPServer | None = None
        self.port: int | None = None

    async def start(self) -> None:
        sockets = tornado.netutil.bind_sockets(self._port, self._listen)
        self._server = tornado.httpserver.HTTPServer(self._application, xheaders=True)
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
