"""Invites the office can hand out: a CSV, one QR code PNG per cadre, and a printable page with
one card per cadre (the QR codes inline, so the page is one self-contained file)."""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

import segno

from bot.i18n import label
from bot.text import fold

CSV_NAME = "invites.csv"
HTML_NAME = "invites.html"
QR_FOLDER = "qr"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class InviteCard:
    name: str
    phone: str  # as people write it: 0912 000 001
    units: tuple[str, ...]
    messenger: str
    code: str
    link: str | None  # the t.me deep link; None when the bot's username is unknown
    expires: str  # local, dd/mm/yyyy HH:MM


def qr_file_name(card: InviteCard) -> str:
    """`nguyen-van-an-0912000001.png`: readable, and unique by the phone."""
    slug = _NOT_SLUG.sub("-", fold(card.name)).strip("-")
    return f"{slug}-{''.join(ch for ch in card.phone if ch.isdigit())}.png"


def write_invite_sheet(cards: list[InviteCard], folder: Path) -> list[Path]:
    """Write the CSV, the QR codes (only for cards with a link) and the printable page; the
    paths written, in that order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [_write_csv(cards, folder / CSV_NAME)]
    qr_folder = folder / QR_FOLDER
    for card in cards:
        if card.link is None:
            continue
        qr_folder.mkdir(exist_ok=True)
        path = qr_folder / qr_file_name(card)
        # Error correction M and a 4-module quiet zone: still scans from a creased printout.
        segno.make(card.link, error="m").save(str(path), kind="png", scale=8, border=4)
        written.append(path)
    page = folder / HTML_NAME
    page.write_text(render_page(cards), encoding="utf-8")
    written.append(page)
    return written


def _write_csv(cards: list[InviteCard], path: Path) -> Path:
    # UTF-8 with BOM: Excel, which the office opens it with, then shows the accents right.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "phone", "unit", "messenger", "code", "link", "expiry"])
        for card in cards:
            writer.writerow(
                [
                    _cell(card.name), card.phone, _cell("; ".join(card.units)), card.messenger,
                    card.code, card.link or "", card.expires,
                ]
            )  # fmt: skip
    return path


def _cell(text: str) -> str:
    """Text typed by people is never turned into a spreadsheet formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def render_page(cards: list[InviteCard]) -> str:
    """The printable page: A4, two cards across, no card split over two pages."""
    body = "\n".join(_card_html(card) for card in cards)
    return _PAGE.format(lang="vi", title=html.escape(label("invite_sheet.title")), cards=body)


def _card_html(card: InviteCard) -> str:
    esc = html.escape
    qr = (
        segno.make(card.link, error="m").svg_inline(scale=4, border=2, omitsize=False)
        if card.link
        else ""
    )
    link = f'<div class="link">{esc(card.link)}</div>' if card.link else ""
    return _CARD.format(
        name=esc(card.name),
        phone=esc(card.phone),
        units=esc("; ".join(card.units)),
        qr=qr,
        step_scan=esc(label("invite_sheet.step_scan" if card.link else "invite_sheet.step_open")),
        step_code=esc(label("invite_sheet.step_code", code=card.code)),
        code_label=esc(label("invite_sheet.code")),
        code=esc(card.code),
        link=link,
        expires=esc(label("invite_sheet.expires", expires=card.expires)),
    )


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  @page {{ size: A4; margin: 12mm; }}
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; }}
  h1 {{ font-size: 14pt; margin: 0 0 6mm; }}
  .cards {{ display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }}
  .card {{ border: 1px dashed #555; border-radius: 3mm; padding: 5mm;
           break-inside: avoid; page-break-inside: avoid; }}
  .name {{ font-size: 13pt; font-weight: bold; }}
  .meta {{ font-size: 9pt; color: #333; margin-bottom: 3mm; }}
  .qr {{ text-align: center; }}
  .code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 16pt; letter-spacing: 1mm; }}
  .link {{ font-size: 8pt; word-break: break-all; color: #333; }}
  ol {{ font-size: 9pt; padding-left: 5mm; margin: 2mm 0; }}
  .expires {{ font-size: 8pt; color: #555; }}
  @media print {{ h1 {{ display: none; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="cards">
{cards}
</div>
</body>
</html>
"""

_CARD = """<div class="card">
  <div class="name">{name}</div>
  <div class="meta">{phone} — {units}</div>
  <div class="qr">{qr}</div>
  <ol><li>{step_scan}</li><li>{step_code}</li></ol>
  <div>{code_label} <span class="code">{code}</span></div>
  {link}
  <div class="expires">{expires}</div>
</div>"""
