"""The authorisation matrix: every actor × every command and button kind.

An has a submitted report (with remarks only he and the committee may read) and a report
list open. Each cell of the matrix runs through the real router in one transaction that is
then rolled back, so every cell starts from the same state; what it would send (its replies
and the outbox rows it queues) is checked: where it goes, that nothing of An's report reaches
anyone else, that no one else changes An's report or conversation, that leadership commands
answer only the committee and the admins, and that an unlinked person only learns how to link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from bot.app import responder
from bot.clock import FakeClock
from bot.i18n import t
from bot.messages import Inbound, InboundKind
from bot.transports.telegram import update_parser
from handlers import review
from handlers.leadership import NUDGE_PREFIX
from storage import conversations, reports
from storage.db import Database
from storage.tables import cells, meetings, outbox
from tests.chat_driver import Person, inline_buttons, plain
from tests.conftest import ADMIN_ID, AN, COMMITTEE_CHAT_ID, MORNING_AFTER
from tests.fake_bot_api import FakeBotAPI
from tests.harness import AnyApplication
from tests.test_report_e2e import answer_rest, answer_until_steps, forward_all, open_dong

SECRET = "Ghi chú riêng số 4711"  # An's remarks: for An and the committee only
BINH, STRANGER, MEMBER, OTHER_GROUP = 5002, 8001, 8002, -100999


@dataclass(frozen=True)
class Actor:
    name: str
    user_id: int
    chat_id: int
    may_read_reports: bool  # An himself, the committee chat, an admin
    leader: bool  # the committee chat and the admins


ACTORS = (
    Actor("unlinked user", STRANGER, STRANGER, False, False),
    Actor("An (the owner)", AN, AN, True, False),
    Actor("another cadre", BINH, BINH, False, False),
    Actor("admin", ADMIN_ID, ADMIN_ID, True, True),
    Actor("committee member", MEMBER, COMMITTEE_CHAT_ID, True, True),
)
COMMANDS = ("start", "lich", "baocao", "huy", "trogiup", "tonghop", "chuanop", "xuat")
LEADERSHIP = ("tonghop", "chuanop", "xuat", review.REQUEST_PREFIX, NUDGE_PREFIX)


@dataclass(frozen=True)
class Sent:
    chat_id: str
    text: str
    has_file: bool


async def setup_an(
    an: Person, api: FakeBotAPI, db: Database, clock: FakeClock, app: AnyApplication
) -> dict[str, str]:
    """An submits a report, then opens /baocao again; the button data of every kind."""
    await open_dong(an)
    await answer_until_steps(an)
    await answer_rest(an, remarks=SECRET)
    await an.press("📨 Gửi báo cáo")
    await forward_all(db, clock, app)
    await an.send("/baocao")
    (report,) = await reports.for_cadre(db, 1, meetings_since=MORNING_AFTER - timedelta(days=60))
    async with db.read() as conn:
        meeting_id = (
            (
                await conn.execute(
                    select(meetings.c.id)
                    .join(cells, cells.c.id == meetings.c.cell_id)
                    .where(cells.c.name == "Chi bộ thôn Tây")
                    .order_by(meetings.c.starts_at)
                )
            )
            .scalars()
            .first()
        )
    report_buttons = inline_buttons(an.last())
    assert report_buttons, an.last_text()
    kinds = {f"report button «{label}»": data for label, data in report_buttons.items()}
    for action in ("snooze", "absent", "postpone", "report"):
        kinds[f"reminder {action}"] = f"rm:{meeting_id}:{action}"
    kinds["review request"] = f"{review.REQUEST_PREFIX}{report.id}"
    kinds["amend after review"] = f"{review.AMEND_PREFIX}{report.id}"
    kinds["nudge"] = f"{NUDGE_PREFIX}1"
    return kinds


def inbound(actor: Actor, *, command: str = "", choice: str = "") -> Inbound:
    base = Inbound(
        messenger="telegram", user_id=str(actor.user_id), chat_id=str(actor.chat_id),
        is_private=actor.chat_id > 0, kind=InboundKind.OTHER, user_display_name=actor.name,
    )  # fmt: skip
    if command:
        return Inbound(**{**base.__dict__, "kind": InboundKind.COMMAND, "command": command,
                          "text": f"/{command}", "callback_id": ""})  # fmt: skip
    return Inbound(**{**base.__dict__, "kind": InboundKind.CHOICE, "choice": choice,
                      "callback_id": "cb", "message_id": "1"})  # fmt: skip


class RolledBack(Exception):
    pass


async def attempt(app: AnyApplication, db: Database, action: Inbound) -> tuple[list[Sent], bool]:
    """What the action would send, and whether it changed An's report or conversation."""
    respond = responder(app.ctx)
    sent: list[Sent] = []
    changed = False
    before_version = (await conversations.load(db, 1)).version
    before_reports = await _an_reports(db)
    try:
        async with db.unit_of_work() as conn:
            last = (await conn.execute(select(func.max(outbox.c.id)))).scalar() or 0
            for reply in await respond(action):
                sent.append(Sent(reply.chat_id, plain(reply.text), reply.attachment is not None))
            for chat_id, payload in (
                await conn.execute(
                    select(outbox.c.chat_id, outbox.c.payload).where(outbox.c.id > last)
                )
            ).all():
                body = json.loads(payload) if isinstance(payload, str) else payload
                sent.append(
                    Sent(
                        str(chat_id), plain(str(body.get("text", ""))), bool(body.get("attachment"))
                    )
                )
            changed = (await conversations.load(db, 1)).version != before_version or (
                await _an_reports(db)
            ) != before_reports
            raise RolledBack
    except RolledBack:
        pass
    return sent, changed


async def _an_reports(db: Database) -> list[tuple[str, str, int]]:
    found = await reports.for_cadre(db, 1, meetings_since=MORNING_AFTER - timedelta(days=60))
    return [(r.receipt_no, r.review_state, r.revision) for r in found]


async def test_every_actor_times_every_command_and_button(
    an: Person, api: FakeBotAPI, planned_db: Database, clock: FakeClock, app: AnyApplication
) -> None:
    kinds = await setup_an(an, api, planned_db, clock, app)
    binh = Person(api, BINH)
    await binh.share_contact("0912 000 002")
    (receipt,) = [r[0] for r in await _an_reports(planned_db)]
    private = (SECRET, receipt)
    actions = [(f"/{c}", {"command": c}) for c in COMMANDS] + [
        (kind, {"choice": data}) for kind, data in kinds.items()
    ]
    problems: list[str] = []
    for actor in ACTORS:
        for label, spec in actions:
            sent, changed = await attempt(app, planned_db, inbound(actor, **spec))
            where = f"{actor.name} × {label}"
            data = spec.get("choice", "")
            is_leadership = spec.get("command", "") in LEADERSHIP or data.startswith(LEADERSHIP)
            for message in sent:
                to_self = message.chat_id == str(actor.chat_id)
                nudge = (
                    actor.leader and data.startswith(NUDGE_PREFIX) and message.chat_id == str(AN)
                )
                if not (to_self or nudge):
                    problems.append(f"{where}: sent to chat {message.chat_id}: {message.text[:60]}")
                if not actor.may_read_reports and any(p in message.text for p in private):
                    problems.append(f"{where}: leaked An's report: {message.text[:80]}")
                if (
                    is_leadership
                    and not actor.leader
                    and (message.has_file or "Tổng hợp" in message.text)
                ):
                    problems.append(f"{where}: leadership data to a non-leader")
                if actor.user_id == STRANGER and not _linking(message.text):
                    problems.append(f"{where}: unlinked got more: {message.text[:60]}")
            if changed and actor.user_id != AN:
                problems.append(f"{where}: changed An's report or conversation")
            if is_leadership and not actor.leader and actor.user_id != STRANGER:
                refused = t("leadership.refused")
                if data.startswith(NUDGE_PREFIX) or data.startswith(review.REQUEST_PREFIX):
                    # a button of the committee chat: refused, or nothing at all
                    if any(plain(refused) not in m.text for m in sent if "Nút" not in m.text):
                        problems.append(f"{where}: not refused: {[m.text[:60] for m in sent]}")
                elif not any(plain(refused) in m.text for m in sent):
                    problems.append(f"{where}: not refused: {[m.text[:60] for m in sent]}")
    assert not problems, "\n".join(problems)


def _linking(text: str) -> bool:
    """How to link, or a refusal (a leadership command, someone else's button): no data."""
    return any(
        fragment in text
        for fragment in (
            plain(t("link.instructions")),
            "Chia sẻ số điện thoại",
            "Xin chào đồng chí",
            plain(t("leadership.refused")),
            plain(t("reminder.refused")),
        )
    )


async def test_a_member_of_another_group_is_never_answered(app: AnyApplication) -> None:
    parse = update_parser(app.bot, COMMITTEE_CHAT_ID)
    chat = {"id": OTHER_GROUP, "type": "supergroup", "title": "Nhóm khác"}
    person = {"id": 8003, "is_bot": False, "first_name": "Khách"}
    for command in COMMANDS:
        entity = {"type": "bot_command", "offset": 0, "length": len(command) + 1}
        message = {"message_id": 1, "date": 1_700_000_000, "chat": chat, "from": person,
                   "text": f"/{command}", "entities": [entity]}  # fmt: skip
        assert parse(json.dumps({"update_id": 1, "message": message})) is None
    for data in ("r:1:1:x", "rm:1:snooze", "rv:1", "rva:1", "nh:1"):
        press = {"id": "c", "from": person, "chat_instance": "i", "data": data,
                 "message": {"message_id": 2, "date": 1_700_000_000, "chat": chat}}  # fmt: skip
        assert parse(json.dumps({"update_id": 2, "callback_query": press})) is None
