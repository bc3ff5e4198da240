"""Every text key the code uses exists in the catalogue, and every catalogue text is used."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

from bot.i18n import CATALOGUES, t, use_language

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("bot", "handlers") for p in (ROOT / folder).rglob("*.py")]
# t("key"), t_raw("key"), or a key prefix used with a computed suffix: t(f"weekday.{n}")
LITERAL_KEY = re.compile(r"\b(?:t|t_raw|label|label_text)\(\s*\"([a-z_]+\.[a-z_.0-9-]+)\"")
PREFIX_KEY = re.compile(r"\b(?:t|t_raw|label|label_text)\(\s*f\"([a-z_]+\.(?:[a-z_]+\.)*)\{")
# Any string literal shaped like a key (keys are also passed around before reaching t()).
ANY_KEY = re.compile(r"\"([a-z_]+\.[a-z_.0-9-]+)\"")


def used_keys() -> tuple[set[str], set[str], set[str]]:
    literal: set[str] = set()
    prefixes: set[str] = set()
    mentioned: set[str] = set()
    for path in SOURCES:
        if path.parent.name == "locales":
            continue
        text = path.read_text(encoding="utf-8")
        literal.update(LITERAL_KEY.findall(text))
        prefixes.update(PREFIX_KEY.findall(text))
        mentioned.update(ANY_KEY.findall(text))
    return literal, prefixes, mentioned


def test_every_used_key_exists() -> None:
    literal, _prefixes, _mentioned = used_keys()
    assert literal, "the scan found no keys: the pattern is broken"
    assert literal - CATALOGUES["vi"].keys() == set()


def test_every_catalogue_text_is_used() -> None:
    _literal, prefixes, mentioned = used_keys()
    unused = {
        key
        for key in CATALOGUES["vi"]
        if key not in mentioned and not any(key.startswith(prefix) for prefix in prefixes)
    }
    assert unused == set()


def test_parameters_are_escaped() -> None:
    assert t("link.welcome", name="<b>Tú</b> & co") == (
        "Xin chào đồng chí <b>&lt;b&gt;Tú&lt;/b&gt; &amp; co</b>! "
        "Tài khoản đã được liên kết thành công."
    )


def test_button_labels_are_not_escaped() -> None:
    from bot.i18n import label

    assert label("report.meeting_button", cell="Chi bộ A & B", date="05/03") == (
        "Chi bộ A & B — 05/03"
    )


def _placeholders(text: str) -> set[str]:
    braces = {name for _literal, name, _spec, _conv in Formatter().parse(text) if name}
    return braces | set(PERCENT_PLACEHOLDER.findall(text))


PERCENT_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def test_english_has_exactly_the_keys_and_placeholders_of_vietnamese() -> None:
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert set(en) == set(vi)
    differing = {key for key in vi if _placeholders(vi[key]) != _placeholders(en[key])}
    assert differing == set()


def test_language_switches_every_text() -> None:
    try:
        use_language("en")
        assert t("calendar.moved", cell="A", unit="B", old="1", new="2") == (
            "Moved the meeting of A (B) from 1 to 2."
        )
        use_language("xx")  # not ours: back to Vietnamese
        assert t("weekday.6") == "Chủ nhật"
    finally:
        use_language("vi")
