"""Linking a messenger account to a cadre: by shared contact or by one-time invite code."""

from __future__ import annotations

from bot.i18n import t
from bot.invites import hash_code
from bot.messages import Inbound, Outbound
from bot.phones import InvalidPhone, display_phone, normalize_phone
from handlers.context import BotContext
from handlers.report_session import open_draft_lines
from handlers.schedule_view import render_assignments
from storage import audit, cadres, calendar_exceptions
from storage.cadres import Cadre, LinkOutcome
from storage.invites import RedeemOutcome, redeem_invite

# Messengers that can share the sender's own phone number (Zalo cannot: codes only).
CONTACT_SHARING = frozenset({"telegram", "console"})


def ask_for_contact(inbound: Inbound) -> list[Outbound]:
    """The first screen for someone the bot does not know yet."""
    if inbound.messenger not in CONTACT_SHARING:
        return instructions(inbound)
    button = t("link.share_button")
    return [
        Outbound(
            chat_id=inbound.chat_id,
            text=t("link.ask_contact", button=button),
            ask_contact_label=button,
        )
    ]


def instructions(inbound: Inbound) -> list[Outbound]:
    """All an unlinked account ever learns: how to link. Nothing about the roster."""
    key = "link.instructions" if inbound.messenger in CONTACT_SHARING else "link.instructions_code"
    return [Outbound(chat_id=inbound.chat_id, text=t(key))]


async def greet(ctx: BotContext, inbound: Inbound, cadre: Cadre, *, new: bool) -> list[Outbound]:
    """Greet a linked cadre by name and list the cells they attend."""
    assigned = await cadres.assigned_cells(ctx.db, cadre.id, ctx.today())
    hello = t("link.welcome" if new else "link.welcome_back", name=cadre.full_name)
    days_off = await calendar_exceptions.load_days_off(ctx.db)  # the admin may edit it any time
    body = render_assignments(assigned, ctx.today(), days_off)
    drafts = await open_draft_lines(ctx, cadre.id)  # a half-done report is not forgotten
    text = "\n\n".join([hello, body, *(["\n".join(drafts)] if drafts else [])])
    return [Outbound(chat_id=inbound.chat_id, text=text, remove_keyboard=new)]


async def on_start_code(ctx: BotContext, inbound: Inbound, code: str) -> list[Outbound]:
    """`/start CODE`: redeem a one-time invite code."""
    outcome, cadre_id = await redeem_invite(
        ctx.db,
        code_hash=hash_code(code),
        messenger=inbound.messenger,
        user_id=inbound.user_id,
        now=ctx.clock.now(),
    )
    if outcome is RedeemOutcome.INVALID_CODE:
        return _reply(inbound, "link.code_invalid")
    if outcome is RedeemOutcome.ACCOUNT_TAKEN:
        return _reply(inbound, "link.account_taken")
    cadre = await cadres.find_by_account(ctx.db, inbound.messenger, inbound.user_id)
    assert cadre is not None and cadre.id == cadre_id
    return await greet(ctx, inbound, cadre, new=outcome is RedeemOutcome.LINKED)


async def on_contact(ctx: BotContext, inbound: Inbound) -> list[Outbound]:
    """A shared phone number: accepted only if it is the sender's own."""
    assert inbound.contact is not None
    now = ctx.clock.now()
    actor = f"{inbound.messenger}:{inbound.user_id}"
    if inbound.contact.owner_user_id != inbound.user_id:
        await audit.record(
            ctx.db, at=now, actor=actor, action="link_refused", via="contact",
            outcome="forged_contact",
        )  # fmt: skip
        return _reply(inbound, "link.forged_contact")
    try:
        phone = normalize_phone(inbound.contact.phone)
    except InvalidPhone:
        phone = ""
    cadre = await cadres.find_by_phone(ctx.db, phone) if phone else None
    if cadre is None or not cadre.active:
        await audit.record(
            ctx.db, at=now, actor=actor, action="link_refused", via="contact",
            outcome="unknown_phone",
        )  # fmt: skip
        shown = display_phone(phone) if phone else inbound.contact.phone
        return [Outbound(chat_id=inbound.chat_id, text=t("link.unknown_phone", phone=shown))]
    async with ctx.db.transaction() as conn:
        outcome = await cadres.link_account(
            conn,
            cadre_id=cadre.id,
            messenger=inbound.messenger,
            user_id=inbound.user_id,
            now=now,
            via="contact",
            replace_existing=False,
        )
    if outcome is LinkOutcome.ACCOUNT_TAKEN:
        return _reply(inbound, "link.account_taken")
    if outcome is LinkOutcome.CADRE_HAS_OTHER_ACCOUNT:
        return _reply(inbound, "link.cadre_has_other_account")
    return await greet(ctx, inbound, cadre, new=outcome is LinkOutcome.LINKED)


def _reply(inbound: Inbound, key: str) -> list[Outbound]:
    return [Outbound(chat_id=inbound.chat_id, text=t(key))]
