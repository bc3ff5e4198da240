"""Describing a failure in one short line, for logs, retry records and admin notices."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError


def describe(exc: BaseException) -> str:
    """`Type: message`. A database error is told by the driver's own message: SQLAlchemy's
    text adds the statement and its parameters, which carry what people typed."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return f"{type(exc.orig).__name__}: {exc.orig}"
    return f"{type(exc).__name__}: {exc}"
