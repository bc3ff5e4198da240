"""Invite codes: unguessable, forgiving to type, stored only as a hash."""

from __future__ import annotations

from bot.invites import ALPHABET, CODE_LENGTH, hash_code, new_code, normalize_code, start_link


def test_codes_use_the_unambiguous_alphabet() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01OIL") & set(ALPHABET)


def test_hash_forgives_case_spaces_and_dashes() -> None:
    assert normalize_code(" abcd-efgh jk ") == "ABCDEFGHJK"
    assert hash_code("abcd-efgh-jk") == hash_code("ABCDEFGHJK")
    assert len(hash_code("ABCDEFGHJK")) == 64 and "ABCDEFGHJK" not in hash_code("ABCDEFGHJK")


def test_deep_link() -> None:
    assert start_link("@my_bot", "ABC") == "https://t.me/my_bot?start=ABC"
