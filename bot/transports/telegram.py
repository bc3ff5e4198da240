"""Telegram through python-telegram-bot: updates → `Inbound`, `Outbound` → Bot API calls."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta

from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.request import BaseRequest

from bot.command_menus import CommandMenu, MenuScope
from bot.formatting import split_text
from bot.i18n import t
from bot.messages import (
    AttachmentKind,
    Inbound,
    InboundKind,
    LoadAttachment,
    Outbound,
    SharedContact,
    StoredAttachment,
)
from bot.sender import Deliver, PermanentDeliveryError, TransientDeliveryError
from bot.settings import Settings
from bot.transports.ordering import PerChatOrderedProcessor
from storage.outbox import OutboxMessage

# Opt in to PTB's announced behaviour (time periods as timedelta) instead of its
# deprecation warnings; must be set before PTB reads it.
os.environ.setdefault("PTB_TIMEDELTA", "true")

MESSENGER = "telegram"
CONCURRENT_UPDATES = 16
CAPTION_LIMIT = 1024
ALBUM_LIMIT = 10
Responder = Callable[[Inbound], Awaitable[list[Outbound]]]
log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply | None


def to_inbound(update: Update, bot_username: str | None = None) -> Inbound | None:
    """What the person did, in messenger-neutral terms; None for updates we do not serve."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    base = Inbound(
        messenger=MESSENGER,
        user_id=str(user.id),
        chat_id=str(chat.id),
        is_private=chat.type == ChatType.PRIVATE,
        kind=InboundKind.OTHER,
        user_display_name=user.full_name,
    )
    if (query := update.callback_query) is not None:
        message_id = str(query.message.message_id) if query.message is not None else ""
        return replace(
            base,
            kind=InboundKind.CHOICE,
            choice=query.data or "",
            callback_id=query.id,
            message_id=message_id,
        )
    message = update.message
    if message is None:
        return None  # edits, channel posts, member updates: nothing to answer
    if message.contact is not None:
        owner = message.contact.user_id
        contact = SharedContact(
            phone=message.contact.phone_number,
            owner_user_id=str(owner) if owner is not None else None,
        )
        return replace(base, kind=InboundKind.CONTACT, contact=contact)
    if message.photo:
        # The largest size is last; one id per photo message (albums arrive as several).
        return replace(base, kind=InboundKind.PHOTO, photo_ids=(message.photo[-1].file_id,))
    text = message.text or ""
    if text.startswith("/"):
        head, *args = text.split()
        command, _, addressee = head[1:].partition("@")
        if addressee and bot_username and addressee.lower() != bot_username.lower():
            return None  # `/tonghop@otherbot` in a group is for another bot
        command = command.lower()
        return replace(base, kind=InboundKind.COMMAND, text=text, command=command, args=tuple(args))
    if text:
        return replace(base, kind=InboundKind.TEXT, text=text)
    return base


def reply_markup(outbound: Outbound) -> ReplyMarkup:
    if outbound.buttons:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(button.label, callback_data=button.data) for button in row]
                for row in outbound.buttons
            ]
        )
    if outbound.ask_contact_label:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(outbound.ask_contact_label, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    if outbound.remove_keyboard:
        return ReplyKeyboardRemove()
    if outbound.force_reply:
        # Selective: only the person mentioned in the text is asked (the others in a group
        # keep their normal keyboard).
        return ForceReply(selective=True)
    return None


async def send(
    application: Application,  # type: ignore[type-arg]
    outbound: Outbound,
    load_attachment: LoadAttachment | None = None,
) -> None:
    """Send one `Outbound`, split to Telegram's limit; the keyboard goes with the last part."""
    if outbound.attachment is not None:
        await send_attachment(application, outbound, load_attachment)
        return
    if outbound.photo_ids:
        await send_album(application, outbound)
        return
    if outbound.edit_message_id and await edit_in_place(application, outbound):
        return
    parts = split_text(outbound.text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await application.bot.send_message(
            chat_id=int(outbound.chat_id),
            text=part,
            reply_markup=reply_markup(outbound) if last else None,
        )


async def edit_in_place(application: Application, outbound: Outbound) -> bool:  # type: ignore[type-arg]
    """Update the pressed message (a ticked box) rather than adding one; False when Telegram
    will not edit it (too old, deleted), so that a new message is sent instead."""
    markup = reply_markup(outbound)
    try:
        await application.bot.edit_message_text(
            chat_id=int(outbound.chat_id),
            message_id=int(outbound.edit_message_id),
            text=outbound.text,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )
    except BadRequest as exc:
        if "not modified" in exc.message:
            return True  # the same screen pressed twice: it already shows what it should
        log.info("could not edit message %s, sending a new one: %s", outbound.edit_message_id, exc)
        return False
    return True


async def send_album(application: Application, outbound: Outbound) -> None:  # type: ignore[type-arg]
    """Photos as albums of at most 10; the caption (cut to Telegram's limit) on the first."""
    caption = outbound.text[:CAPTION_LIMIT] if outbound.text else None
    ids = list(outbound.photo_ids)
    for start in range(0, len(ids), ALBUM_LIMIT):
        media = [
            InputMediaPhoto(file_id, caption=caption if start == 0 and i == 0 else None)
            for i, file_id in enumerate(ids[start : start + ALBUM_LIMIT])
        ]
        await application.bot.send_media_group(chat_id=int(outbound.chat_id), media=media)


async def send_attachment(
    application: Application,  # type: ignore[type-arg]
    outbound: Outbound,
    load_attachment: LoadAttachment | None,
) -> None:
    """A chart as a photo, a spreadsheet as a document; a text too long for a caption goes
    first as its own message."""
    attachment = outbound.attachment
    if isinstance(attachment, StoredAttachment):
        loaded = await load_attachment(attachment.id) if load_attachment is not None else None
        if loaded is None:
            raise PermanentDeliveryError(f"attachment {attachment.id} cannot be loaded")
        kind = attachment.kind
    else:
        assert attachment is not None
        loaded, kind = attachment, attachment.kind
    caption: str | None = outbound.text or None
    if caption is not None and len(caption) > CAPTION_LIMIT:
        await send(application, replace(outbound, attachment=None, buttons=()))
        caption = None
    chat_id = int(outbound.chat_id)
    upload = InputFile(loaded.content, filename=loaded.filename)
    markup = reply_markup(outbound)
    if kind is AttachmentKind.PHOTO:
        await application.bot.send_photo(
            chat_id=chat_id, photo=upload, caption=caption, reply_markup=markup
        )
    else:
        await application.bot.send_document(
            chat_id=chat_id, document=upload, caption=caption, reply_markup=markup
        )


def delivery(
    application: Application,  # type: ignore[type-arg]
    load_attachment: LoadAttachment | None = None,
) -> Deliver:
    """The outbox sender's way to send a row through this bot, with errors classified;
    `load_attachment` reads the bytes of the charts and spreadsheets rows refer to."""

    async def deliver(message: OutboxMessage) -> None:
        try:
            outbound = Outbound.from_payload(message.chat_id, message.payload)
            await send(application, outbound, load_attachment)
        except RetryAfter as exc:
            retry_after = exc.retry_after
            seconds = (
                retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after
            )
            raise TransientDeliveryError("rate limited (429)", retry_after=float(seconds)) from exc
        except (Forbidden, BadRequest, InvalidToken) as exc:
            raise PermanentDeliveryError(f"{type(exc).__name__}: {exc.message}") from exc
        except (TimedOut, NetworkError, TelegramError) as exc:
            raise TransientDeliveryError(f"{type(exc).__name__}: {exc.message}") from exc

    return deliver


async def publish_commands(application: Application, menus: list[CommandMenu]) -> None:  # type: ignore[type-arg]
    """Publish each command menu in its scope (`bot.command_menus`), described in Vietnamese
    (best effort: the bot works without the menus)."""
    for menu in menus:
        scope = (
            BotCommandScopeChat(menu.chat_id)
            if menu.scope is MenuScope.CHAT and menu.chat_id is not None
            else BotCommandScopeAllPrivateChats()
        )
        commands = [BotCommand(name, text) for name, text in menu.commands]
        try:
            await application.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            log.warning("could not publish a command menu: %s", exc.message)


def file_base_url(base_url: str) -> str:
    """`https://host/bot` → `https://host/file/bot` (where Bot API servers serve files)."""
    root, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{root}/file/{tail}"


def build_application(
    settings: Settings,
    respond: Responder,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """The PTB application: one handler for every update, one error handler."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(file_base_url(settings.telegram_base_url))
        # Overall 30/s and 20/min per group; a 429 is not retried here but surfaces to the
        # outbox sender, which reschedules the row durably instead of sleeping in memory.
        .rate_limiter(AIORateLimiter(max_retries=0))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .concurrent_updates(PerChatOrderedProcessor(CONCURRENT_UPDATES))
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    committee = settings.committee_chat_id

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Turn the update into an Inbound, let the handlers answer, send the answers."""
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE and chat.id != committee:
            return  # the bot serves private chats and the committee's group, nothing else
        inbound = to_inbound(update, application.bot.username)
        if inbound is None:
            return
        if update.callback_query is not None:
            await update.callback_query.answer()
        for outbound in await respond(inbound):
            await send(application, outbound)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (the log filter hides secrets) and tell the admins in one line."""
        error = context.error
        log.error("error while handling an update", exc_info=error)
        notice = t("admin.error", error=type(error).__name__)
        for admin_id in settings.admin_telegram_ids:
            try:
                await application.bot.send_message(chat_id=admin_id, text=notice)
            except TelegramError:
                log.warning("could not tell admin %s about an error", admin_id)

    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


def webhook_path(webhook_url: str) -> str:
    """The path part of the public webhook URL: where the local server listens."""
    from urllib.parse import urlsplit

    return urlsplit(webhook_url).path.lstrip("/")


def run_blocking(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Serve until stopped: webhook when WEBHOOK_URL is set, long polling otherwise."""
    if settings.webhook_url:
        assert settings.webhook_secret is not None  # enforced by Settings
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=webhook_path(settings.webhook_url),
            webhook_url=settings.webhook_url,
            # PTB answers 403 to any request without this header value.
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


async def fetch_username(settings: Settings) -> str:
    """Ask the Bot API who this bot is (used to build invite links)."""
    from telegram import Bot

    assert settings.telegram_bot_token is not None
    async with Bot(
        settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_base_url
    ) as bot:
        return bot.username
