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


def looks_like_code(text: str) -> bool:
    """A message that is an invite code as printed (sent bare, as on Zalo)."""
    if len(text) > 2 * CODE_LENGTH or not all(ch.isalnum() or ch in " -" for ch in text):
        return False
    code = normalize_code(text)
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def start_link(bot_username: str, code: str) -> str:
    """The deep link that opens the bot and sends `/start CODE`."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"
