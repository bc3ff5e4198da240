"""The digest chart is a PNG of sensible size with the units' Vietnamese names."""

from __future__ import annotations

import struct
from dataclasses import replace
from datetime import date

from bot.digest.aggregate import Figures, UnitFigures
from bot.digest.chart import MAX_UNITS, bar_label, chosen_units, render_chart
from bot.digest.compose import collect
from bot.digest.periods import Period, PeriodKind
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


def received_share(unit: UnitFigures) -> float:
    return unit.received / unit.expected


async def test_many_units_are_cut_to_the_worst_and_sorted_worst_first(db: Database) -> None:
    figures = await march_figures(db)
    units = tuple(
        UnitFigures(f"Đảng bộ xã Số {n:03d}", 10, 10 - n % 4, 5, n % 5, n % 4) for n in range(300)
    )
    shown = chosen_units(units)
    assert len(shown) == MAX_UNITS
    shares = [received_share(u) for u in shown]
    assert shares == sorted(shares)  # the worst at the top
    assert max(shares) <= min(received_share(u) for u in units if u not in shown)
    width, height = png_size(render_chart(replace(figures, units=units), "tháng 03/2026", "x"))
    # Telegram refuses photos whose width + height exceeds 10,000 or whose sides differ 20×.
    assert width + height < 10_000 and height / width < 20


async def test_march_bars_worst_first_with_counts_and_shares(db: Database) -> None:
    """Minh Hòa received 2 of 3 (67%), An Phú 3 of 4 (75%): Minh Hòa comes first."""
    figures = await march_figures(db)
    assert [(u.name, bar_label(u)) for u in chosen_units(figures.units)] == [
        ("Đảng bộ xã Minh Hòa", "2/3 · 67%"),
        ("Đảng bộ xã An Phú", "3/4 · 75%"),
    ]
    tie = (UnitFigures("B", 4, 4, 1, 3, 0), UnitFigures("A", 4, 4, 3, 1, 0))
    assert [u.name for u in chosen_units(tie)] == ["B", "A"]  # then most below standard


async def test_the_monthly_bundle_has_a_twelve_month_trend(db: Database) -> None:
    await seed_committee(db)
    bundle = await collect(db, MARCH, CONFIG, now=NOW)
    assert len(bundle.trend) == 12 and bundle.trend[-1].period == MARCH
    assert [c.on_time_rate for c in bundle.trend[-3:]] == [1.0, 3 / 5, 3 / 7]
    attachment = bundle.trend_chart()
    assert attachment is not None and attachment.filename == "xu_huong_2026-03.png"
    width, height = png_size(attachment.content)
    assert 800 <= width <= 1200 and 600 <= height <= 1200
    week = Period(PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9))
    assert (await collect(db, week, CONFIG, now=NOW)).trend_chart() is None


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
    # A line break splits a label; it is not drawn.
    assert [ch for ch in set(text) - {"\n"} if ord(ch) not in charmap] == []
