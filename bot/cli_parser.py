"""An argparse parser that speaks the configured language: usage, help and errors.

argparse looks its own sentences up through `gettext` at the moment it uses them; the parser
swaps in the catalogue's versions around each of its calls, so nothing global stays changed
and the help texts we give every argument are already in the catalogue's language.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from bot.i18n import label

# argparse's own sentences (Python 3.11) and the catalogue keys that translate them.
ARGPARSE_KEYS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "%(prog)s: error: %(message)s\n": "argparse.error",
}


def _translate(text: str) -> str:
    key = ARGPARSE_KEYS.get(text)
    return label(key) if key is not None else text


@contextmanager
def _argparse_in_catalogue_language() -> Iterator[None]:
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


class LocalizedArgumentParser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` whose own words come from the locale catalogue; sub-command
    parsers are of the same class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_in_catalogue_language():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _argparse_in_catalogue_language():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_in_catalogue_language():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_in_catalogue_language():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_catalogue_language():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _argparse_in_catalogue_language():
            super().error(message)
