"""Cadres write reports while the bot is killed with SIGKILL at random moments; then count
what a cadre could have lost.

A random moment is "after the next k Bot API calls" (k drawn at random), so the kills land
anywhere in the conversations without the run sleeping. Each cadre waits for the bot's
answer to each step (by content: a repeated reply after a crash is harmless), so an answer is
*acknowledged* once the next question arrived. At the end the database is read:

- lost: an acknowledged answer that is not in the submitted report;
- misplaced: a typed value stored under another question;
- missing receipts: a submitted report whose receipt never reached its cadre;
- duplicates: extra copies of a receipt or of a committee forward (the bound: one per crash).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.tables import report_revisions, reports
from tests.chat_driver import inline_buttons, plain
from tests.fake_bot_api import FakeBotAPI
from tests.fake_bot_api_server import serve
from tests.reliability.process import COMMITTEE, MEMBERS, phone, prepared_bot, today_in_vietnam
from tests.reliability.support import draft_answers

STEP_WITHIN = 300.0  # bounds a broken run only: a step may span several restarts
STALE = "Nút này đã cũ"
# A typed answer dated before its question was shown is refused with this note; the cadre
# here types only once the question arrived, so the note would be a bug: the answer is lost.
EARLIER = "được gửi khi bot còn ở câu hỏi trước"


@dataclass
class Figures:
    kills: int = 0
    reports: int = 0
    answers: int = 0  # acknowledged typed answers checked against the database
    lost: int = 0
    misplaced: int = 0
    missing_receipts: int = 0
    duplicates: int = 0
    stuck: int = 0  # steps never answered within STEP_WITHIN
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.kills} kills, {self.reports} reports, {self.answers} answers: "
            f"{self.lost} lost, {self.misplaced} misplaced, {self.missing_receipts} missing "
            f"receipts, {self.duplicates} duplicates (bound {self.kills}), {self.stuck} stuck"
        )


class Cadre:
    """One cadre in a private chat, answering a whole report step by step."""

    def __init__(self, api: FakeBotAPI, index: int, cells: int, today: date) -> None:
        self.api = api
        self.index = index
        self.cells = cells
        self.today = today
        self.id = 9_100_000 + index
        self.typed: dict[str, dict[str, str]] = {}  # report tag → question id → value
        self.acknowledged_receipts = 0

    def messages(self) -> list[dict[str, Any]]:
        return self.api.messages_to(self.id)

    async def step(self, act: Any, *expected: str) -> str:
        """Do `act` and wait for a message (or an edit) containing one of `expected`."""
        before = len(self.messages())
        edits = len(self.api.calls_of("editMessageText"))
        act()

        def found() -> str | None:
            texts = [plain(str(m.get("text", ""))) for m in self.messages()[before:]]
            texts += [
                plain(str(call.params.get("text", "")))
                for call in self.api.calls_of("editMessageText")[edits:]
                if int(call.params.get("chat_id", 0)) == self.id
            ]
            return next((t for t in texts for e in expected if e in t), None)

        await self.api.wait_for(lambda: found() is not None, within=STEP_WITHIN)
        return found() or ""

    def button(self, fragment: str) -> tuple[str, int]:
        found = self.find_button(fragment)
        if found is None:
            raise AssertionError(f"cadre {self.index}: no button {fragment!r}")
        return found

    def find_button(self, fragment: str) -> tuple[str, int] | None:
        """The newest button labelled `fragment`, or else whose label contains it (amendments
        excluded): «Có» is not «✅ Có cả ba»."""
        ids = self.api.message_ids_to(self.id)
        for message, message_id in reversed(list(zip(self.messages(), ids, strict=True))):
            buttons = inline_buttons(message)
            if fragment in buttons:
                return buttons[fragment], message_id
            for label, data in buttons.items():
                if fragment in label and not label.startswith("✏️"):
                    return data, message_id
        return None

    async def press(self, fragment: str, *expected: str) -> str:
        for _ in range(3):  # a stale button (a reply repeated after a crash): press the new one
            data, message_id = self.button(fragment)
            user = self.api.user(self.id)
            before = len(self.messages())
            text = await self.step(partial(user.press, data, message_id), *expected, STALE)
            if STALE not in text:
                return text
            # The bot shows the current step again after the note: press on that one.
            stale_at = next(
                i for i, m in enumerate(self.messages()) if i >= before and STALE in str(m["text"])
            )
            shown = stale_at + 2
            await self.api.wait_for(lambda n=shown: len(self.messages()) >= n, within=STEP_WITHIN)  # type: ignore[misc]
        raise AssertionError(f"cadre {self.index}: {fragment!r} stays stale")

    async def type(self, value: str, *expected: str) -> str:
        user = self.api.user(self.id)
        return await self.step(lambda: user.send(value), *expected)

    async def link(self) -> None:
        user = self.api.user(self.id)
        await self.step(lambda: user.share_contact(phone(self.index).replace(" ", "")), "Xin chào")

    async def report(self, number: int) -> bool:
        """Report number `number`: cell `number // 2`, on a day of this month or of the last
        (one report per cell and month); False when the cadre's cells are used up."""
        if number >= 2 * self.cells:
            return False
        day = self.today - timedelta(days=1 if number % 2 == 0 else 32)
        # The list of meetings (with «Ngày khác» among its buttons), or, with none to list,
        # a note that names the button.
        await self.type("/baocao", "báo cáo buổi sinh hoạt nào?", "Ngày khác")
        # A cadre of one cell is asked the day at once.
        if "chi bộ nào?" in await self.press("Ngày khác", "chi bộ nào?", "họp ngày nào?"):
            await self.press(f"Chi bộ số {self.index}-{number // 2}", "họp ngày nào?")
        await self.type(f"{day:%d/%m/%Y}", "có diễn ra không?")
        tag = f"cadre {self.index} report {number}"
        minute = 5 + (self.index * 7 + number * 11) % 50
        excused = 1 + number % 3
        typed = {
            "start_time": f"19:{minute:02d}",
            "end_time": f"21:{minute:02d}",
            "members_exempt": str(number % 2),
            "present": str(MEMBERS - number % 2 - excused - 1),  # one absent without a reason
            "absent_excused": str(excused),
            "speakers": str(3 + (self.index + number) % 7),
            "situation": f"Tình hình của {tag}",
            "remarks": f"Ý kiến của {tag}",
            "proposals": f"Kiến nghị của {tag}",
        }
        self.typed[tag] = {}
        await self.press("Có, đã diễn ra", "thường kỳ hay chuyên đề?")
        await self.press("Thường kỳ", "bắt đầu lúc mấy giờ?")
        await self._answer(tag, "start_time", typed, "kết thúc lúc mấy giờ?")
        # The member count comes from the roster; «vắng không lý do» is computed.
        await self._answer(tag, "end_time", typed, "được miễn sinh hoạt?")
        await self._answer(tag, "members_exempt", typed, "có mặt?")
        await self._answer(tag, "present", typed, "vắng có lý do?")
        await self._answer(tag, "absent_excused", typed, "trực tiếp chuẩn bị")
        if number % 2 == 0:  # the one-tap answers, and every button on its own, in turn
            await self.press("✅ Có cả ba", "những bước nào?")
            await self.press("✅ Đủ tất cả các bước", "phát biểu?")
        else:
            await self.press("Có", "Chi ủy có họp trước")
            await self.press("Có", "dự thảo kết luận")
            await self.press("Có", "những bước nào?")
            await self.press("▫️", "những bước nào?")  # ticked: the list is redrawn
            await self.press("✔️ Xong", "phát biểu?")
        await self._answer(tag, "speakers", typed, "Biên bản được ghi chép")
        await self.press("Đầy đủ", "Nguyên tắc tập trung")
        await self.press("Thực hiện tốt", "được thực hiện đến đâu?")
        await self.press("≥ 90 %", "tự xếp loại")
        await self.press("Tốt", "Tình hình nổi bật ở cơ sở")
        await self._answer(tag, "situation", typed, "Nhận xét của đồng chí")
        await self._answer(tag, "remarks", typed, "Kiến nghị, đề xuất")
        await self._answer(tag, "proposals", typed, "Xem lại báo cáo")  # photos: offered there
        await self.press("📨 Gửi báo cáo", "Số biên nhận")
        self.acknowledged_receipts += 1
        return True

    async def _answer(self, tag: str, question: str, typed: dict[str, str], expected: str) -> None:
        if EARLIER in await self.type(typed[question], expected, EARLIER):
            raise AssertionError(f"{tag}: {question} refused as typed for an earlier question")
        self.typed[tag][question] = typed[question]  # acknowledged: the next question came


CALLS_PER_REPORT = 30  # about: questions, edits and the receipt


async def run_campaign(
    workdir: Path,
    *,
    kills: int,
    cadres: int,
    seed: int = 1,
    reports_per_cadre: int = 1,
    cells: int = 2,
    max_gap: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Figures:
    """Run the campaign in `workdir`. Each cadre writes at least `reports_per_cadre`
    reports, and goes on while kills remain (until their meetings run out); `max_gap`
    bounds the Bot API calls between kills (by default: kills spread over the reports)."""
    rng = random.Random(seed)
    if max_gap is None:
        # Even the longest gaps all fit in the reports: every kill lands during them.
        max_gap = max(2, cadres * reports_per_cadre * CALLS_PER_REPORT // (kills + 1))
    api = FakeBotAPI()
    figures = Figures()
    async with serve(api) as base_url:
        bot, env = await prepared_bot(workdir, base_url, api, cadres, cells)
        await bot.start()
        today = today_in_vietnam()
        people = [Cadre(api, index, cells, today) for index in range(cadres)]
        drivers = asyncio.gather(
            *(_drive(person, kills, reports_per_cadre, figures) for person in people)
        )
        try:
            while figures.kills < kills and not drivers.done():
                target = len(api.calls) + rng.randint(1, max_gap)
                await api.wait_for(
                    lambda t=target: len(api.calls) >= t or drivers.done(),  # type: ignore[misc]
                    within=STEP_WITHIN,
                )
                if drivers.done():
                    break
                await bot.kill9()
                figures.kills = bot.kills
                if progress is not None:
                    progress(figures.kills, sum(p.acknowledged_receipts for p in people))
                await bot.start()
            await drivers
            await _settle(api, people)
        finally:
            if not drivers.done():
                drivers.cancel()
            await bot.stop()
    await _count(workdir, env["DATABASE_URL"], api, people, figures)
    return figures


async def _drive(person: Cadre, kills: int, at_least: int, figures: Figures) -> None:
    """`at_least` reports, then more while kills remain, until no meeting is left."""
    try:
        await person.link()
        number = 0
        while (number < at_least or figures.kills < kills) and await person.report(number):
            number += 1
    except (TimeoutError, AssertionError) as exc:
        figures.stuck += 1
        figures.problems.append(f"cadre {person.index}: {exc!r}")


async def _settle(api: FakeBotAPI, people: list[Cadre]) -> None:
    """Let the outbox deliver the committee forwards of the last reports."""

    def forwarded() -> int:
        return sum("BÁO CÁO DỰ SINH HOẠT" in str(m["text"]) for m in api.messages_to(COMMITTEE))

    expected = sum(person.acknowledged_receipts for person in people)
    await api.wait_for(lambda: forwarded() >= expected, within=STEP_WITHIN)


async def _count(
    workdir: Path, url: str, api: FakeBotAPI, people: list[Cadre], figures: Figures
) -> None:
    db = Database(url)
    try:
        async with db.read() as conn:
            rows = (
                await conn.execute(
                    select(reports.c.receipt_no, reports.c.cadre_id, report_revisions.c.answers)
                    .join(report_revisions, report_revisions.c.report_id == reports.c.id)
                    .where(report_revisions.c.revision == reports.c.revision)
                )
            ).all()
        drafts = {person.index + 1: await draft_answers(db, person.index + 1) for person in people}
    finally:
        await db.close()
    stored = {str(json.loads(answers).get("remarks", "")): receipt for receipt, _, answers in rows}
    by_receipt = {receipt: json.loads(answers) for receipt, _, answers in rows}
    figures.reports = len(rows)
    committee = Counter(
        receipt
        for message in api.messages_to(COMMITTEE)
        for receipt in by_receipt
        if receipt in str(message["text"]) and "BÁO CÁO DỰ SINH HOẠT" in str(message["text"])
    )
    for person in people:
        receipts = Counter(
            receipt
            for message in person.messages()
            for receipt in by_receipt
            if receipt in str(message["text"]) and "Số biên nhận" in plain(str(message["text"]))
        )
        draft = drafts.get(person.index + 1, {})  # cadres were imported in order, ids from 1
        for tag, answered in person.typed.items():
            receipt = stored.get(f"Ý kiến của {tag}")
            # A report cut short (a cadre stuck at the end of the run) is in the draft.
            answers = by_receipt.get(receipt, {}) if receipt else draft
            for question, value in answered.items():
                figures.answers += 1
                if _same(answers.get(question), value):
                    continue
                if any(_same(v, value) for q, v in answers.items() if q != question):
                    figures.misplaced += 1
                else:
                    figures.lost += 1
                figures.problems.append(f"{tag}: {question}={value!r}, stored {answers!r}")
        for receipt, _cadre, _answers in rows:
            if _cadre_of(receipt, rows) == person.index:
                copies = receipts.get(receipt, 0)
                figures.missing_receipts += copies == 0
                figures.duplicates += max(0, copies - 1) + max(0, committee[receipt] - 1)


def _cadre_of(receipt: str, rows: Any) -> int:
    for row_receipt, cadre_id, _ in rows:
        if row_receipt == receipt:
            return int(cadre_id) - 1  # cadres were imported in order, ids from 1
    return -1


def _same(stored: Any, typed: str) -> bool:
    return stored is not None and str(stored) == typed
