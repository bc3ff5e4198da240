"""Fit texts into a messenger's size limits without breaking their HTML.

A part ends at a line break where possible, else between words, never inside a tag or an
entity (`&amp;`); a tag still open at a cut is closed at the end of the part and opened again
at the start of the next, so every part is valid HTML on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TELEGRAM_TEXT_LIMIT = 4096
# Tags, entities, line breaks, runs of other spaces, words.
_TOKEN = re.compile(r"</?[a-zA-Z][^<>]*>|&#?[a-zA-Z0-9]+;|\n|[^\S\n]+|[^\s<&]+|[<&]")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """`text` as parts of at most `limit` characters, each valid HTML on its own."""
    if len(text) <= limit:
        return [text]
    splitter = _Splitter(limit)
    for token in _tokens(text, limit):
        splitter.add(token)
    return [part for part in splitter.finish() if part.strip()]


def _tokens(text: str, limit: int) -> list[str]:
    # A word longer than a part can hold is cut (there is no better place); a tag or an
    # entity is never cut.
    room = max(limit // 2, 1)
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(token) > room and not token.startswith(("<", "&")):
            tokens.extend(token[i : i + room] for i in range(0, len(token), room))
        else:
            tokens.append(token)
    return tokens


@dataclass
class _Splitter:
    limit: int
    parts: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)  # of the part being built
    opened: list[tuple[str, str]] = field(default_factory=list)  # (name, opening tag)
    length: int = 0
    # Where the part could end at a line break: token index, the tags open there.
    line_break: tuple[int, list[tuple[str, str]]] | None = None

    def add(self, token: str) -> None:
        opened_after = _apply(self.opened, token)
        closing = sum(len(name) + 3 for name, _ in opened_after)
        if self.tokens and self.length + len(token) + closing > self.limit:
            self._cut()
            opened_after = _apply(self.opened, token)
        self.tokens.append(token)
        self.length += len(token)
        self.opened = opened_after
        if token == "\n":  # a cut here drops the line break itself
            self.line_break = (len(self.tokens) - 1, list(self.opened))

    def _cut(self) -> None:
        if self.line_break is not None and self.line_break[0] > 0:
            index, opened_there = self.line_break
            head, rest = self.tokens[:index], self.tokens[index + 1 :]
        else:
            opened_there = list(self.opened)
            head, rest = self.tokens, []
        self.parts.append("".join(head) + _closing(opened_there))
        self.tokens, self.length, self.opened, self.line_break = [], 0, [], None
        reopen = "".join(tag for _, tag in opened_there)
        if reopen:
            self.tokens.append(reopen)
            self.length = len(reopen)
            self.opened = list(opened_there)
        for token in rest:
            self.add(token)

    def finish(self) -> list[str]:
        if self.tokens:
            self.parts.append("".join(self.tokens) + _closing(self.opened))
        return self.parts


def _apply(opened: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The open tags after `token`."""
    if not token.startswith("<") or token in ("<",):
        return opened
    match = _TAG_NAME.match(token)
    if match is None:
        return opened
    name = match.group(1).lower()
    if token.startswith("</"):
        for index in range(len(opened) - 1, -1, -1):
            if opened[index][0] == name:
                return opened[:index] + opened[index + 1 :]
        return opened
    if token.endswith("/>") or name == "br":
        return opened
    return [*opened, (name, token)]


def _closing(opened: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(opened))
