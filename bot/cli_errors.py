"""Expected failures of a command, told in one line: what happened and what to do.

A traceback is for the developer of a bug; an admin who mistyped a path, whose database is busy
or whose machine is offline needs a sentence instead.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.i18n import label


def explain(exc: BaseException) -> str | None:
    """The one-line explanation of an expected failure; None for a bug (let it raise)."""
    if isinstance(exc, FileNotFoundError):
        return label("cli.error.file_not_found", path=exc.filename or str(exc))
    if isinstance(exc, PermissionError):
        return label("cli.error.permission", path=exc.filename or str(exc))
    if isinstance(exc, IsADirectoryError | NotADirectoryError):
        return label("cli.error.not_a_file", path=exc.filename or str(exc))
    if _database_locked(exc):
        return label("cli.error.database_locked")
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return label("cli.error.database", detail=_first_line(exc))
    return _telegram_problem(exc)


def _database_locked(exc: BaseException) -> bool:
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(original, sqlite3.OperationalError) and "locked" in str(original)


def _telegram_problem(exc: BaseException) -> str | None:
    # Imported here: only the commands that talk to Telegram (run, invite without a username)
    # can raise these, and the others should not pay for importing the library.
    from telegram.error import InvalidToken, NetworkError, TimedOut

    if isinstance(exc, InvalidToken):
        return label("cli.error.invalid_token")
    if isinstance(exc, NetworkError | TimedOut):
        return label("cli.error.network", detail=_first_line(exc))
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
