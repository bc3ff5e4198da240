"""Look up user-facing text in the catalogue of the configured language."""

from __future__ import annotations

import html

from bot.locales import en, vi

CATALOGUES: dict[str, dict[str, str]] = {"vi": vi.MESSAGES, "en": en.MESSAGES}
LANGUAGE = "vi"


def use_language(language: str) -> None:
    """Speak `language` from now on (the settings' LANGUAGE; one per process)."""
    global LANGUAGE
    LANGUAGE = language if language in CATALOGUES else "vi"


def current_language() -> str:
    return LANGUAGE


def t(key: str, **params: object) -> str:
    """The text for `key`, with parameters HTML-escaped (they may come from users)."""
    template = CATALOGUES[LANGUAGE][key]
    return template.format(**{name: html.escape(str(value)) for name, value in params.items()})


def t_raw(key: str, **params: str) -> str:
    """Like `t`, for parameters that are already safe HTML (built from other `t` texts)."""
    return CATALOGUES[LANGUAGE][key].format(**params)


def label(key: str, **params: object) -> str:
    """Plain text for a button: messengers show labels verbatim, so nothing is escaped."""
    return CATALOGUES[LANGUAGE][key].format(**params)
