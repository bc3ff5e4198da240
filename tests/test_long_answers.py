"""The longest legal answers, full of characters that HTML escaping lengthens, still give a
review screen whose every part is valid Telegram HTML within Telegram's size limit."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.formatting import TELEGRAM_TEXT_LIMIT, split_text
from bot.questionnaire import engine
from bot.questionnaire.engine import QuestionScreen, ReviewScreen
from bot.questionnaire.model import QuestionType, load_questionnaire
from handlers.report_render import render_review

CONTEXT: dict[str, object] = {
    "meeting_date": "2026-03-05",
    "today": "2026-03-06",
    "members_roster": 25,
}
# Telegram's HTML: these tags only, each closed in the same message.
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
                 "a", "tg-spoiler", "span", "blockquote", "tg-emoji"}  # fmt: skip
TRIES = ("25", "2", "0", "1", "20", "19:30", "23:59", "21:45", "05/03/2026", "10")


class TelegramHTMLCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.problems.append(f"entity &{name};")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problems.append("a bare < or >")


def valid_telegram_html(part: str) -> list[str]:
    check = TelegramHTMLCheck()
    check.feed(part)
    check.close()
    return check.problems + [f"unclosed <{tag}>" for tag in check.open]


def answer_everything_at_length() -> ReviewScreen:
    """Walk the questionnaire choosing the first option, ticking every box, adding every
    photo and typing each text to its limit in `<&>` (each character escapes to 4 or 5)."""
    q = load_questionnaire(None)
    draft, screen = engine.start(q, CONTEXT)
    for _ in range(200):
        if isinstance(screen, ReviewScreen):
            return screen
        assert isinstance(screen, QuestionScreen)
        question = screen.question
        if question.type is QuestionType.MULTI_CHOICE:
            actions: list[engine.Action] = [
                *(engine.Toggle(o.id) for o in question.options),
                engine.Done(),
            ]
        elif question.options:  # a single choice or yes/no
            actions = [engine.Choose(question.options[0].id)]
        elif question.type is QuestionType.PHOTOS:
            actions = [*(engine.Photo(f"PHOTO-{i}") for i in range(question.max_photos)),
                       engine.Done()]  # fmt: skip
        elif question.type is QuestionType.TEXT:
            actions = [engine.Answer(("<&>" * 2000)[: question.max_length or 1000])]
        else:
            actions = []
            for guess in TRIES:
                _, shown = engine.step(q, draft, engine.Answer(guess), CONTEXT)
                if getattr(shown, "error", None) is None:
                    actions = [engine.Answer(guess)]
                    break
            assert actions, f"no accepted answer for {question.id}"
        for action in actions:
            draft, screen = engine.step(q, draft, action, CONTEXT)
            assert getattr(screen, "error", None) is None, (question.id, screen)
    raise AssertionError("the questionnaire never reached the review")


def test_every_part_of_the_longest_review_is_valid_telegram_html() -> None:
    review = render_review("7001", answer_everything_at_length(), 3, "Chi bộ thôn Đông")
    assert len(review.text) > TELEGRAM_TEXT_LIMIT  # long enough to need splitting
    parts = split_text(review.text)
    assert len(parts) >= 2
    for part in parts:
        assert len(part) <= TELEGRAM_TEXT_LIMIT
        assert valid_telegram_html(part) == [], part[:200]
    assert visible("".join(parts)) == visible(review.text)  # nothing lost, nothing added


def visible(html: str) -> str:
    """The characters a reader sees (cuts may drop the spaces and line breaks they fall on)."""
    return re.sub(r"<[^>]+>|\s", "", html)


def test_a_cut_inside_bold_text_closes_and_reopens_the_tag() -> None:
    text = "<b>" + "rất dài &amp; " * 50 + "</b>"
    parts = split_text(text, limit=200)
    assert len(parts) > 1
    for part in parts:
        assert len(part) <= 200
        assert part.startswith("<b>") and part.endswith("</b>")
        assert valid_telegram_html(part) == []
