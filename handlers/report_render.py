"""Engine screens → messages: question text with its buttons, the review, the edit menu."""

from __future__ import annotations

from bot.i18n import label, t
from bot.messages import Button, Outbound, row_id
from bot.questionnaire.answers import display_value
from bot.questionnaire.engine import QuestionScreen, ReviewScreen
from bot.questionnaire.model import QuestionType
from bot.report_summary import verdict_lines

PREFIX = "r"
SHORT_LABEL = 14  # labels up to this length go two to a row on a phone screen


def callback(version: int, code: str, arg: str | int = "") -> str:
    """`r:{version}:{code}[:{arg}]`: the version makes old buttons recognisably stale."""
    return f"{PREFIX}:{version}:{code}:{arg}" if arg != "" else f"{PREFIX}:{version}:{code}"


def parse_callback(data: str) -> tuple[int, str, str] | None:
    parts = data.split(":", 3)
    version = row_id(parts[1]) if len(parts) >= 3 and parts[0] == PREFIX else None
    if version is None:
        return None
    return version, parts[2], parts[3] if len(parts) == 4 else ""


def _rows(buttons: list[Button]) -> list[tuple[Button, ...]]:
    """Short labels two per row, long ones alone."""
    rows: list[tuple[Button, ...]] = []
    pending: list[Button] = []
    for button in buttons:
        if len(button.label) <= SHORT_LABEL:
            pending.append(button)
            if len(pending) == 2:
                rows.append(tuple(pending))
                pending = []
        else:
            if pending:
                rows.append(tuple(pending))
                pending = []
            rows.append((button,))
    if pending:
        rows.append(tuple(pending))
    return rows


_HINTS = {
    QuestionType.INTEGER: "report.hint_integer",
    QuestionType.TIME: "report.hint_time",
    QuestionType.DATE: "report.hint_date",
    QuestionType.TEXT: "report.hint_text",
    QuestionType.PHOTOS: "report.hint_photos",
    QuestionType.MULTI_CHOICE: "report.hint_multi",
}


def render_question(
    chat_id: str, screen: QuestionScreen, version: int, position: tuple[int, int]
) -> Outbound:
    question = screen.question
    lines = [t("report.question", number=position[0], total=position[1], prompt=question.prompt)]
    if question.help:
        lines.append(t("report.help", text=question.help))
    elif hint := _HINTS.get(question.type):
        lines.append(t(hint, limit=question.max_length or "", count=question.max_photos))
    if screen.value is not None and question.type not in (QuestionType.MULTI_CHOICE,):
        lines.append(t("report.current_value", value=display_value(question, screen.value)))
    if screen.selected and question.type is QuestionType.PHOTOS:
        lines.append(t("report.photos_received", count=len(screen.selected)))
    if len(screen.group_prompts) > 1:
        intro = "report.group_skip_intro" if screen.shortcut_skips else "report.group_intro"
        lines.append(t(intro, shortcut=screen.shortcut or ""))
        lines += [t("report.group_item", prompt=prompt) for prompt in screen.group_prompts]
    if screen.error:
        lines.append(t("report.error", error=screen.error))

    buttons: list[Button] = []
    if question.type in (QuestionType.CHOICE, QuestionType.YES_NO):
        buttons = [Button(o.label, callback(version, "c", o.id)) for o in question.options]
    buttons += [
        Button(value, callback(version, "v", n)) for n, value in enumerate(screen.suggestions)
    ]
    rows = _rows(buttons)
    if screen.shortcut is not None:
        rows.insert(0, (Button(screen.shortcut, callback(version, "sc")),))
    if question.type is QuestionType.MULTI_CHOICE and question.all_label:
        rows.append((Button(question.all_label, callback(version, "all")),))
    if question.type is QuestionType.MULTI_CHOICE:
        for option in question.options:
            mark = "✅" if option.id in screen.selected else "▫️"
            rows.append((Button(f"{mark} {option.label}", callback(version, "t", option.id)),))
        rows.append(
            (
                Button(
                    label("report.done_button", count=len(screen.selected)), callback(version, "d")
                ),
            )
        )
    if question.type is QuestionType.PHOTOS and screen.selected:
        rows.append((Button(t("report.photos_done"), callback(version, "d")),))
    if screen.prefill is not None and screen.prefill != screen.value:
        # Also after «Quay lại»: the one-tap default stays on offer next to the current answer.
        if screen.prefill_from_previous:
            text = label("report.prefill_previous", value=screen.prefill)
        elif screen.prefill_note:
            text = label("report.prefill_noted", value=screen.prefill, note=screen.prefill_note)
        else:
            text = label("report.prefill_button", value=screen.prefill)
        rows.insert(0, (Button(text, callback(version, "p")),))
    nav: list[Button] = []
    if screen.can_go_back:
        nav.append(Button(t("report.back_button"), callback(version, "b")))
    if screen.can_skip:
        nav.append(Button(t("report.skip_button"), callback(version, "s")))
    if nav:
        rows.append(tuple(nav))
    typed = question.type in (
        QuestionType.INTEGER, QuestionType.TIME, QuestionType.DATE, QuestionType.TEXT
    )  # fmt: skip
    return Outbound(chat_id=chat_id, text="\n".join(lines), buttons=tuple(rows), expects_text=typed)


def render_review(chat_id: str, screen: ReviewScreen, version: int, title: str) -> Outbound:
    lines = [t("report.review_title", title=title)]
    for item in screen.items:
        lines.append(t("report.review_item", prompt=item.short or item.prompt,
                       value=item.shown_value))  # fmt: skip
    for name, value in screen.derived:
        lines.append(t("report.review_derived", label=name, value=value))
    lines += verdict_lines(screen.verdict)
    if screen.error:
        lines.append(t("report.error", error=screen.error))
    lines.append(t("report.review_hint"))
    rows: list[tuple[Button, ...]] = [
        (Button(label("report.attach_button", label=short.lower()), callback(version, "e", qid)),)
        for qid, short in screen.extras
    ]
    rows.append(
        (
            Button(t("report.edit_button"), callback(version, "em")),
            Button(t("report.submit_button"), callback(version, "g")),
        )
    )
    return Outbound(chat_id=chat_id, text="\n".join(lines), buttons=tuple(rows))


def render_edit_menu(chat_id: str, screen: ReviewScreen, version: int) -> Outbound:
    """Every answer by its short label, two per row."""
    buttons = [Button(item.short or item.prompt, callback(version, "e", item.question_id))
               for item in screen.items]  # fmt: skip
    rows = [tuple(buttons[n : n + 2]) for n in range(0, len(buttons), 2)]
    rows.append((Button(t("report.back_to_review"), callback(version, "rv")),))
    return Outbound(chat_id=chat_id, text=t("report.edit_menu"), buttons=tuple(rows))
