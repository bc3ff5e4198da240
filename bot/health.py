"""`GET /healthz` on the bot's web server: for a load balancer or a process supervisor.

200 when the database answers and its schema is at the newest migration, 503 otherwise; the
JSON body says which, and whether this replica is the leader (runs the scheduler and the
senders) or a follower.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import tornado.web
from alembic.script import ScriptDirectory

from storage.db import Database
from storage.migrate import alembic_config, current_revision

log = logging.getLogger(__name__)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class HealthHandler(tornado.web.RequestHandler):
    def initialize(self, db: Database, is_leader: Callable[[], bool]) -> None:
        self.db, self.is_leader = db, is_leader

    async def get(self) -> None:
        body: dict[str, object] = {"role": "leader" if self.is_leader() else "follower"}
        try:
            revision = await current_revision(self.db)
        except Exception as exc:
            log.warning("health check: the database does not answer: %s", type(exc).__name__)
            body |= {"database": "unreachable", "schema": None}
            self.set_status(503)
        else:
            head = head_revision()
            body |= {"database": "ok", "schema": revision, "schema_head": head}
            if revision != head:
                self.set_status(503)
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps(body))
