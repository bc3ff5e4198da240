"""Invite codes: short, unguessable, easy to type from a printed sheet."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L: people read these codes off paper and type them on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31**10 ≈ 8e14 possibilities


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """Forgive case, spaces and dashes the way people copy codes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def start_link(bot_username: str, code: str) -> str:
    """The deep link that opens the bot and sends `/start CODE`."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"
