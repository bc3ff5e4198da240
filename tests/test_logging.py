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


def test_an_identical_error_repeated_in_a_loop_is_logged_once_a_minute() -> None:
    from bot.logging_setup import RepeatLimiter

    now = [0.0]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RepeatLimiter(window=60, monotonic=lambda: now[0]))
    logger = logging.getLogger("test.repeats")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for _ in range(500):
            logger.warning("polling failed: %s", "NetworkError")
            logger.info("a routine line")  # information is never held back
            now[0] += 0.01
        logger.error("another failure")
        now[0] = 61.0
        logger.warning("polling failed: %s", "NetworkError")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines.count("polling failed: NetworkError") == 1
    assert lines.count("a routine line") == 500
    assert "another failure" in lines
    assert lines[-1] == "polling failed: NetworkError (repeated 499 more times)"
