"""Telegram through python-telegram-bot: updates → `Inbound`, `Outbound` → Bot API calls.

Only PTB's `Bot` (its HTTP stack, types and errors) is used. Receiving is ours
(`telegram_updates`): every update is stored in the inbox before Telegram is told it arrived,
and handled from there; every message goes out through the outbox sender (`delivery`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    KeyboardButton,
    Message,
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
from telegram.ext import AIORateLimiter, Defaults, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.command_menus import CommandMenu, MenuScope
from bot.formatting import split_text
from bot.inbox_worker import UnparsableUpdate
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
from storage.outbox import OutboxMessage

# Opt in to PTB's announced behaviour (time periods as timedelta) instead of its
# deprecation warnings; must be set before PTB reads it.
os.environ.setdefault("PTB_TIMEDELTA", "true")

MESSENGER = "telegram"
CAPTION_LIMIT = 1024
ALBUM_LIMIT = 10
# A send answered slowly is not a failed send: timing out early makes the sender retry a
# message Telegram already delivered (a committee forward twice).
SEND_READ_TIMEOUT = 30.0
UPLOAD_WRITE_TIMEOUT = 60.0
log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply | None
AnyBot = Bot


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
    base = replace(base, sent_at=message.date)
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


def update_parser(bot: Bot, committee_chat_id: int | None) -> Any:
    """Stored update JSON → `Inbound` (None: not for us); `UnparsableUpdate` for garbage."""

    def parse(payload: str) -> Inbound | None:
        try:
            data = json.loads(payload)
            update = Update.de_json(data, bot)
        except Exception as exc:  # PTB raises whatever its constructors raise
            raise UnparsableUpdate(f"{type(exc).__name__}: {exc}") from exc
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE and chat.id != committee_chat_id:
            return None  # the bot serves private chats and the committee's group, nothing else
        return to_inbound(update, _username(bot))

    return parse


def _username(bot: Bot) -> str | None:
    """The bot's own username, once `getMe` has told it (commands addressed to others)."""
    try:
        return bot.username
    except RuntimeError:  # not initialised yet
        return None


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
    bot: Bot, outbound: Outbound, load_attachment: LoadAttachment | None = None
) -> str | None:
    """Send one `Outbound`, split to Telegram's limit; the keyboard goes with the last part.
    Returns the id of the (last) message it created or edited."""
    if outbound.attachment is not None:
        return await send_attachment(bot, outbound, load_attachment)
    if outbound.photo_ids:
        return await send_album(bot, outbound)
    if outbound.edit_message_id and await edit_in_place(bot, outbound):
        return outbound.edit_message_id
    parts = split_text(outbound.text)
    sent: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await bot.send_message(
            chat_id=int(outbound.chat_id),
            text=part,
            reply_markup=reply_markup(outbound) if last else None,
            read_timeout=SEND_READ_TIMEOUT,
        )
    return str(sent.message_id) if sent is not None else None


async def edit_in_place(bot: Bot, outbound: Outbound) -> bool:
    """Update the pressed message (a ticked box) rather than adding one; False when Telegram
    will not edit it (too old, deleted), so that a new message is sent instead."""
    markup = reply_markup(outbound)
    try:
        await bot.edit_message_text(
            chat_id=int(outbound.chat_id),
            message_id=int(outbound.edit_message_id),
            text=outbound.text,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
            read_timeout=SEND_READ_TIMEOUT,
        )
    except BadRequest as exc:
        if "not modified" in exc.message:
            return True  # the same screen pressed twice: it already shows what it should
        log.info("could not edit message %s, sending a new one: %s", outbound.edit_message_id, exc)
        return False
    return True


async def send_album(bot: Bot, outbound: Outbound) -> str | None:
    """Photos as albums of at most 10; the caption (cut to Telegram's limit) on the first."""
    caption = outbound.text[:CAPTION_LIMIT] if outbound.text else None
    ids = list(outbound.photo_ids)
    last: str | None = None
    for start in range(0, len(ids), ALBUM_LIMIT):
        media = [
            InputMediaPhoto(file_id, caption=caption if start == 0 and i == 0 else None)
            for i, file_id in enumerate(ids[start : start + ALBUM_LIMIT])
        ]
        sent = await bot.send_media_group(
            chat_id=int(outbound.chat_id), media=media, read_timeout=SEND_READ_TIMEOUT
        )
        last = str(sent[-1].message_id) if sent else last
    return last


async def send_attachment(
    bot: Bot, outbound: Outbound, load_attachment: LoadAttachment | None
) -> str | None:
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
        await send(bot, replace(outbound, attachment=None, buttons=()))
        caption = None
    chat_id = int(outbound.chat_id)
    upload = InputFile(loaded.content, filename=loaded.filename)
    markup = reply_markup(outbound)
    if kind is AttachmentKind.PHOTO:
        sent = await bot.send_photo(
            chat_id=chat_id, photo=upload, caption=caption, reply_markup=markup,
            read_timeout=SEND_READ_TIMEOUT, write_timeout=UPLOAD_WRITE_TIMEOUT,
        )  # fmt: skip
    else:
        sent = await bot.send_document(
            chat_id=chat_id, document=upload, caption=caption, reply_markup=markup,
            read_timeout=SEND_READ_TIMEOUT, write_timeout=UPLOAD_WRITE_TIMEOUT,
        )  # fmt: skip
    return str(sent.message_id)


def delivery(bot: Bot, load_attachment: LoadAttachment | None = None) -> Deliver:
    """The outbox sender's way to send a row through this bot, with errors classified;
    `load_attachment` reads the bytes of the charts and spreadsheets rows refer to."""

    async def deliver(message: OutboxMessage) -> str | None:
        try:
            outbound = Outbound.from_payload(message.chat_id, message.payload)
            return await send(bot, outbound, load_attachment)
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


def acknowledger(bot: Bot) -> Any:
    """After an update is handled: stop the spinner on a pressed button (best effort)."""

    async def acknowledge(inbound: Inbound) -> None:
        if inbound.callback_id:
            await bot.answer_callback_query(inbound.callback_id)

    return acknowledge


async def publish_commands(bot: Bot, menus: list[CommandMenu]) -> None:
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
            await bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            log.warning("could not publish a command menu: %s", exc.message)


def file_base_url(base_url: str) -> str:
    """`https://host/bot` → `https://host/file/bot` (where Bot API servers serve files)."""
    root, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{root}/file/{tail}"


def build_bot(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> ExtBot[Any]:
    """PTB's bot: HTML by default, Telegram's group limits kept by its rate limiter."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    return ExtBot(
        token=settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=file_base_url(settings.telegram_base_url),
        request=request or HTTPXRequest(connection_pool_size=64),
        get_updates_request=get_updates_request or HTTPXRequest(read_timeout=60.0),
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz),
        # Overall 30/s and 20/min per group; a 429 is not retried here but surfaces to the
        # outbox sender, which reschedules the row durably instead of sleeping in memory.
        rate_limiter=AIORateLimiter(max_retries=0),
    )


def webhook_path(webhook_url: str) -> str:
    """The path part of the public webhook URL: where the local server listens."""
    from urllib.parse import urlsplit

    return urlsplit(webhook_url).path.lstrip("/")


async def fetch_username(settings: Settings) -> str:
    """Ask the Bot API who this bot is (used to build invite links)."""
    assert settings.telegram_bot_token is not None
    async with Bot(
        settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_base_url
    ) as bot:
        return bot.username
