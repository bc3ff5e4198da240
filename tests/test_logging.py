"""Secrets never reach the log output, whatever a library prints."""

from __future__ import annotations

import io
import logging

from bot.logging_setup import RedactSecrets


def test_token_is_redacted_from_messages_and_tracebacks() -> None:
    token = "123456:ABC-SECRET"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([token]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getUpdates failed", token)
        try:
            raise ConnectionError(f"cannot reach https://api.telegram.org/bot{token}/sendMessage")
        except ConnectionError:
            logger.exception("send failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "SECRET" not in output
    assert output.count("bot***/") == 2
    assert "ConnectionError" in output
