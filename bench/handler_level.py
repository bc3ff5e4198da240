"""The handler-level mode of `bench/answers.py`: updates go into the inbox and the inbox
worker handles them (one transaction each, replies queued in the outbox), with no network
and no sending. Measures what handling one answer costs the process."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bench.report_script import REPORT_STEPS, Step
from bench.updates import JSONDict, UpdateMaker
from bot.app import make_context, responder
from bot.clock import SystemClock
from bot.inbox_worker import InboxWorker
from bot.messages import Inbound, Outbound
from bot.settings import Settings
from bot.transports import telegram
from bot.transports.telegram_updates import chat_key
from storage import inbox
from storage.db import Database
from storage.inbox import IncomingUpdate
from storage.tables import inbox as inbox_table
from storage.tables import reports
from tests.fake_bot_api import FakeBotAPI
from tests.harness import fake_request


def settings_token(settings: Settings) -> str:
    return settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""


class LockedErrors(logging.Handler):
    """Counts log records that mention SQLite's "database is locked"."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "database is locked" in record.getMessage() or (
            record.exc_info and "database is locked" in str(record.exc_info[1])
        ):
            self.count += 1


@dataclass
class Run:
    """What one measured run produced."""

    answers: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, one per answer
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    reports: int = 0
    retried_updates: int = 0
    locked_errors: int = 0


class Cadre:
    """One cadre's chat at handler level: builds the updates of the script's steps and reads
    the buttons of the replies the handlers produced."""

    def __init__(self, user_id: int, maker: UpdateMaker) -> None:
        self.user_id = user_id
        self.maker = maker
        self.buttons: dict[str, tuple[str, str]] = {}  # label -> (data, message id)

    def update_for(self, step: Step) -> JSONDict:
        if step.kind == "send":
            return self.maker.text(self.user_id, step.value)
        if step.kind == "photo":
            return self.maker.photo(self.user_id, step.value)
        data, message_id = self.button(step.value)
        return self.maker.press(self.user_id, data, int(message_id or 1))

    def button(self, label: str) -> tuple[str, str]:
        """The button with this label, or the first whose label starts with it (the script
        shortens long option labels, as a person reads them)."""
        if label in self.buttons:
            return self.buttons[label]
        for text, found in self.buttons.items():
            if text.startswith(label):
                return found
        raise LookupError(f"cadre {self.user_id}: no button {label!r} to press")

    def read(self, replies: list[Outbound]) -> None:
        """The newest message with buttons decides what can be pressed next."""
        for reply in replies:
            if reply.buttons:
                # Edits keep the id of the message they redraw; new messages are numbered
                # by the sender, which this mode does not run: 1 stands in for them.
                message_id = reply.edit_message_id or "1"
                self.buttons = {
                    button.label: (button.data, message_id)
                    for row in reply.buttons
                    for button in row
                }


class HandlerLevel:
    """The inbox worker wired like production, with the handlers' replies captured."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.clock = SystemClock()
        self.replies: dict[str, list[Outbound]] = {}
        self.handled: dict[str, asyncio.Event] = {}
        respond = responder(make_context(settings, db, self.clock))
        # The parser reads the bot's username: a fake Bot API answers the one getMe.
        self.bot = telegram.build_bot(
            settings, request=fake_request(FakeBotAPI(settings_token(settings)))
        )
        self.worker = InboxWorker(
            db, self.clock, telegram.MESSENGER,
            telegram.update_parser(self.bot, settings.committee_chat_id),
            self._capturing(respond), after_handled=self._after_handled,
        )  # fmt: skip

    async def start(self) -> None:
        await self.bot.initialize()

    def _capturing(
        self, respond: Callable[[Inbound], Awaitable[list[Outbound]]]
    ) -> Callable[[Inbound], Awaitable[list[Outbound]]]:
        async def capture(inbound: Inbound) -> list[Outbound]:
            replies = await respond(inbound)
            self.replies[inbound.chat_id] = replies
            return replies

        return capture

    async def _after_handled(self, inbound: Inbound) -> None:
        self.handled.setdefault(inbound.chat_id, asyncio.Event()).set()

    async def accept(self, update: JSONDict) -> None:
        """What the poller does with an update: store it in the inbox."""
        item = IncomingUpdate(
            str(update["update_id"]), chat_key(update), json.dumps(update, ensure_ascii=False)
        )
        await inbox.accept(self.db, telegram.MESSENGER, [item], self.clock.now())

    async def one_at_a_time(self, cadres: list[Cadre], run: Run) -> None:
        """Each answer is stored, then `drain_once` handles it; the next waits for that."""
        for cadre in cadres:
            for step in REPORT_STEPS:
                update = cadre.update_for(step)
                started = time.perf_counter()
                await self.accept(update)
                if not await self.worker.drain_once():
                    # Alone, nothing competes for the database: a failure is a bug to look at.
                    raise RuntimeError(f"cadre {cadre.user_id}: {step} failed; see the log")
                run.latencies.append(time.perf_counter() - started)
                cadre.read(self.replies.pop(str(cadre.user_id), []))

    async def side_by_side(self, cadres: list[Cadre], run: Run) -> None:
        """Every cadre answers as soon as their previous answer was handled; the worker runs
        as in production (woken by each stored update)."""
        stop = asyncio.Event()
        worker = asyncio.create_task(self.worker.run(stop))
        try:
            await asyncio.gather(*(self._answer_all(cadre, run) for cadre in cadres))
        finally:
            stop.set()
            self.worker.wake.set()
            await worker

    async def _answer_all(self, cadre: Cadre, run: Run) -> None:
        chat = str(cadre.user_id)
        for step in REPORT_STEPS:
            update = cadre.update_for(step)
            handled = self.handled[chat] = asyncio.Event()
            started = time.perf_counter()
            await self.accept(update)
            self.worker.wake.set()
            await handled.wait()
            run.latencies.append(time.perf_counter() - started)
            cadre.read(self.replies.pop(chat, []))

    async def measure(
        self, cadres: list[Cadre], runner: Callable[[list[Cadre], Run], Awaitable[None]]
    ) -> Run:
        run = Run()
        locked = LockedErrors()
        logging.getLogger().addHandler(locked)
        reports_before = await self._count_reports()
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            await runner(cadres, run)
        finally:
            logging.getLogger().removeHandler(locked)
        run.cpu_seconds = time.process_time() - cpu
        run.wall_seconds = time.perf_counter() - wall
        run.answers = len(run.latencies)
        run.reports = await self._count_reports() - reports_before
        run.locked_errors = locked.count
        async with self.db.read() as conn:
            query = select(func.count()).where(inbox_table.c.attempts > 0)
            run.retried_updates = int((await conn.execute(query)).scalar_one())
        return run

    async def _count_reports(self) -> int:
        async with self.db.read() as conn:
            return int((await conn.execute(select(func.count()).select_from(reports))).scalar_one())
