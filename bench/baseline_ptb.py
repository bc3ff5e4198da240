"""The baseline of `bench/answers.py`: a minimal python-telegram-bot 22 bot asking the same
questions as the project's standard report (`bench/report_script.py`), kept the way PTB's
examples keep a conversation: one `ConversationHandler`, answers in `user_data`,
`PicklePersistence`. It does not validate anything; it only asks, stores and replies.

`--flush every` writes the pickle after every update (`Application.update_persistence()` in
a handler group after the conversation's), the durable variant; `--flush default` keeps
PTB's default 60-second interval.

Run: `.venv/bin/python -m bench.baseline_ptb --token T --base-url URL --pickle FILE`.
"""

from __future__ import annotations

import argparse
import logging
import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    TypeHandler,
    filters,
)

from bench.report_script import REPORT_STEPS

QUESTIONS = len(REPORT_STEPS) - 1  # every step after /baocao answers the screen before it
Context = ContextTypes.DEFAULT_TYPE


def labels_after(index: int) -> list[str]:
    """The buttons of the screen shown after step `index`: the next button to press, or the
    boxes still to tick and the button that closes the list."""
    labels: list[str] = []
    for step in REPORT_STEPS[index + 1 :]:
        if step.kind == "tick":
            labels.append(step.value)
            continue
        if step.kind == "press":
            labels.append(step.value)
        break
    return labels


def keyboard(index: int) -> InlineKeyboardMarkup | None:
    labels = labels_after(index)
    if not labels:
        return None
    rows = [[InlineKeyboardButton(label, callback_data=f"{index}:{n}")] for n, label in
            enumerate(labels)]  # fmt: skip
    rows.append([InlineKeyboardButton("◀️ Quay lại", callback_data=f"{index}:back")])
    return InlineKeyboardMarkup(rows)


async def start(update: Update, context: Context) -> int:
    """`/baocao`: the meeting, then the first question."""
    assert update.effective_chat is not None
    context.user_data["answers"] = {}  # type: ignore[index]
    await update.effective_chat.send_message("Báo cáo buổi sinh hoạt: Chi bộ Bench")
    await update.effective_chat.send_message(f"Câu 1/{QUESTIONS}", reply_markup=keyboard(0))
    return 1


async def answer(update: Update, context: Context) -> int:
    """Any answer to the screen on show: store it, show the next one."""
    chat, message, query = update.effective_chat, update.effective_message, update.callback_query
    assert chat is not None and message is not None
    index = int(context.user_data.get("step", 1))  # type: ignore[union-attr]
    if query is not None:
        await query.answer()
        value: Any = query.data
    elif message.photo:
        value = message.photo[-1].file_id
    else:
        value = message.text
    context.user_data["answers"][index] = value  # type: ignore[index]
    step = REPORT_STEPS[index]
    if index == len(REPORT_STEPS) - 1:
        context.user_data["step"] = 1  # type: ignore[index]
        await chat.send_message("✅ Đã gửi báo cáo. Số biên nhận: BC-0001")
        committee = context.bot_data.get("committee")
        if committee:
            await context.bot.send_message(committee, f"Báo cáo của {chat.id}: {index} câu trả lời")
        return ConversationHandler.END
    context.user_data["step"] = index + 1  # type: ignore[index]
    if step.replies == 0 and query is not None:
        await query.edit_message_text("Các bước đã thực hiện", reply_markup=keyboard(index))
    else:
        for _ in range(step.replies - 1):
            await chat.send_message("Đã ghi nhận.")
        await chat.send_message(f"Câu {index + 1}/{QUESTIONS}", reply_markup=keyboard(index))
    return index + 1


async def flush(_update: Update, context: Context) -> None:
    """Durable variant: the pickle is written before the next update is handled."""
    await context.application.update_persistence()


def build(args: argparse.Namespace) -> Application[Any, Any, Any, Any, Any, Any]:
    every = args.flush == "every"
    persistence = PicklePersistence(args.pickle, update_interval=3600 if every else 60)
    application = (
        ApplicationBuilder().token(args.token).base_url(args.base_url)
        .persistence(persistence).build()
    )  # fmt: skip
    application.bot_data["committee"] = args.committee
    answering: list[BaseHandler[Update, Context, object]] = [
        MessageHandler((filters.TEXT & ~filters.COMMAND) | filters.PHOTO, answer),
        CallbackQueryHandler(answer),
    ]
    conversation = ConversationHandler(
        entry_points=[CommandHandler("baocao", start)],
        states={index: answering for index in range(1, len(REPORT_STEPS))},
        fallbacks=[], name="report", persistent=True,
    )  # fmt: skip
    application.add_handler(conversation)
    if every:
        application.add_handler(TypeHandler(Update, flush), group=1)
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--token", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pickle", required=True)
    parser.add_argument("--flush", choices=("every", "default"), default="every")
    parser.add_argument("--committee", type=int, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    warnings.filterwarnings("ignore", message=".*per_message.*")
    build(args).run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
