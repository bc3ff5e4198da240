"""The one entry point for everything people send: decides which handler answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.i18n import t
from bot.invites import looks_like_code
from bot.messages import Inbound, InboundKind, Outbound
from handlers import leadership, linking, my_reports, reminder_buttons, report, review, schedule
from handlers.context import BotContext
from storage import cadres

Responder = Callable[[Inbound], Awaitable[list[Outbound]]]

# Vietnamese commands first; English aliases map onto them.
COMMAND_ALIASES = {"help": "trogiup", "report": "baocao", "schedule": "lich", "cancel": "huy"}
COMMAND_ALIASES |= {"summary": "tonghop", "missing": "chuanop", "export": "xuat"}


def command_name(inbound: Inbound) -> str:
    return COMMAND_ALIASES.get(inbound.command, inbound.command)


async def handle(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """Answer one inbound message with the messages to send back."""
    command = command_name(inbound) if inbound.kind is InboundKind.COMMAND else ""
    if not inbound.is_private:
        # Group chats: only the committee's is served (leadership commands, reviews).
        if not ctx.is_committee_chat(inbound.messenger, inbound.chat_id):
            return []
        return await leadership.on_committee_chat(ctx, inbound, command)
    if command == "start" and inbound.args:
        return await linking.on_start_code(ctx, inbound, inbound.args[0])
    if inbound.kind is InboundKind.CONTACT:
        return await linking.on_contact(ctx, inbound)
    if (answer := await leadership.on_private(ctx, inbound, command)) is not None:
        return answer  # an admin's command or review comment, or a refusal

    cadre = await cadres.find_by_account(ctx.db, inbound.messenger, inbound.user_id)
    if inbound.kind is InboundKind.CHOICE and inbound.choice.startswith("rm:"):
        # Before the report flow: a reminder's button works even in the middle of a report.
        return await reminder_buttons.on_button(ctx, inbound, cadre)
    if cadre is None:
        if inbound.kind is InboundKind.TEXT and looks_like_code(inbound.text):
            # Zalo has no `/start CODE` link: the code is sent as it was printed.
            return await linking.on_start_code(ctx, inbound, inbound.text)
        if command == "start":
            return linking.ask_for_contact(inbound)
        return linking.instructions(inbound)
    if cadre.last_messenger != inbound.messenger:
        async with ctx.db.transaction() as conn:
            await cadres.note_messenger(conn, cadre.id, inbound.messenger)
    if inbound.kind is InboundKind.CHOICE and inbound.choice.startswith(review.AMEND_PREFIX):
        return await review.open_amendment(ctx, inbound, cadre)

    if command == "baocao":
        return await report.on_report_command(ctx, inbound, cadre)
    if command == "cuatoi":
        return await my_reports.on_my_reports(ctx, inbound, cadre)
    if inbound.kind is InboundKind.CHOICE and inbound.choice.startswith(my_reports.PREFIX):
        return await my_reports.on_open(ctx, inbound, cadre)
    if command == "huy":
        return await report.on_cancel_command(ctx, inbound, cadre)
    if inbound.kind is InboundKind.CHOICE and inbound.choice.startswith("r:"):
        return await report.on_input(await report.load_session(ctx, inbound, cadre))
    if not command:
        session = await report.load_session(ctx, inbound, cadre)
        if report.is_busy(session):
            return await report.on_input(session)
        if session.state.phase is report.Phase.PAUSED:
            # Any message after a pause brings the cadre back to the same question.
            return await report.resume(session)
    if command == "start":
        return await linking.greet(ctx, inbound, cadre, new=False)
    if command == "trogiup":
        return [Outbound(chat_id=inbound.chat_id, text=t("help.cadre"))]
    if command == "lich":
        return await schedule.show_schedule(ctx, inbound, cadre)
    if inbound.kind is InboundKind.COMMAND:
        text = t("help.unknown_command") + "\n\n" + t("help.cadre")
        return [Outbound(chat_id=inbound.chat_id, text=text)]
    return [Outbound(chat_id=inbound.chat_id, text=t("help.cadre"))]
