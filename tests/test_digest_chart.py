"""The digest chart is a PNG of sensible size with the units' Vietnamese names."""

from __future__ import annotations

import struct
from dataclasses import replace

from bot.digest.aggregate import Figures, UnitFigures
from bot.digest.chart import MAX_UNITS, chosen_units, render_chart
from bot.digest.compose import collect
from storage.db import Database
from tests.test_digest_aggregate import CONFIG, MARCH
from tests.test_digest_fixtures import NOW, seed_committee

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == PNG_MAGIC and content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


async def march_figures(db: Database) -> Figures:
    await seed_committee(db)
    return (await collect(db, MARCH, CONFIG, now=NOW)).digest.current


async def test_the_chart_is_a_png_of_sensible_size(db: Database) -> None:
    bundle = await collect(db, MARCH, CONFIG, now=NOW)
    await seed_committee(db)
    attachment = (await collect(db, MARCH, CONFIG, now=NOW)).chart()
    assert attachment.filename == "bieu_do_2026-03.png" and attachment.media_type == "image/png"
    width, height = png_size(attachment.content)
    assert 800 <= width <= 1200 and 250 <= height <= 1200
    assert 10_000 < len(attachment.content) < 1_000_000
    empty = bundle.chart().content  # before the seed: no units, a note instead of bars
    assert png_size(empty)[0] == width


async def test_many_units_are_cut_to_the_most_troubled(db: Database) -> None:
    figures = await march_figures(db)
    units = tuple(
        UnitFigures(f"Đảng bộ xã Số {n:03d}", 10, 10 - n % 4, 5, n % 5, n % 4) for n in range(300)
    )
    shown = chosen_units(units)
    assert len(shown) == MAX_UNITS
    assert min(u.below + u.missing for u in shown) >= max(
        u.below + u.missing for u in units if u not in shown
    )
    width, height = png_size(render_chart(replace(figures, units=units), "tháng 03/2026"))
    # Telegram refuses photos whose width + height exceeds 10,000 or whose sides differ 20×.
    assert width + height < 10_000 and height / width < 20


def test_the_font_has_every_vietnamese_letter_drawn() -> None:
    """Every character of the labels, unit names included, has a glyph in the chart's font
    (matplotlib would otherwise warn — an error in this suite — and draw boxes)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from bot.digest.chart import FONT
    from bot.i18n import CATALOGUES

    path = font_manager.findfont(
        font_manager.FontProperties(family=FONT), fallback_to_default=False
    )
    charmap = FT2Font(path).get_charmap()
    labels = [text for key, text in CATALOGUES["vi"].items() if key.startswith("chart.")]
    alphabet = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    text = "".join([*labels, "Đảng bộ xã Hồng Phong", alphabet, alphabet.upper()])
    assert [ch for ch in set(text) if ord(ch) not in charmap] == []
