"""The car's share card: the 1200×630 picture a chat app or search engine shows for a
shared car page (Open Graph), and the link-preview card of the share kit.

The cover photo's stored variant (already upright and free of metadata) fills the left; the
right says the car, its price in 万, year · mileage · city, the certified mark and the
dealership, with a QR code to the car's page; Chinese text in Noto Sans CJK (media.fonts).
The file is named by a hash of everything it shows (the source variant's content-addressed
key, the text, this module's drawing version), so it is drawn once, and a new price or
cover makes a new file. With no photo yet, the brand colour and logo take the photo's place.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageOps

from media.fonts import font
from media.storage import Storage

SIZE = (1200, 630)
PHOTO = (740, 630)  # the photo's part, on the left
QR_SIZE = 170
INK, MUTED = (15, 23, 42), (71, 85, 105)
PRICE_RED, CERTIFIED_GREEN = (200, 16, 46), (22, 120, 60)
VERSION = "3"  # bump when the drawing changes, so every preview is drawn anew
LOGO_SIZE = 76  # the dealership's mark in the photo's top-left corner
BRAND_BLUE = (15, 42, 68)  # the theme colour (#0f2a44)
JPEG_OPTIONS = {"quality": 84, "progressive": True, "optimize": True}
# Best first: the 1080 px WebP covers the card's 740×630 photo and decodes faster than the
# 1440 px one (bench/share_kit.py); others will do if it is missing.
SOURCE_VARIANTS = ("share", "tablet", "jpeg", "phone")


def source_key(cover: dict | None, order: tuple[str, ...] = SOURCE_VARIANTS) -> str | None:
    """The stored variant a photo's picture is cut from: the first of `order` it has."""
    variants = (cover or {}).get("variants") or {}
    return next((variants[name] for name in order if variants.get(name)), None)


@dataclass(frozen=True)
class CardText:
    """What the card says besides the photo (all of it goes into the file's name)."""

    title: str = ""
    price: str = ""  # already formatted, e.g. ¥13.98万
    facts: str = ""  # year · mileage · city
    certified: bool = False
    dealership: str = ""
    url: str = ""  # what the QR code leads to
    logo: str = ""  # the dealership's logo (its storage key; "" the app's icon) in the corner


def preview_key(source: str | None, text: CardText | None = None) -> str:
    """Where the card for `source` (None: no photo) saying `text` is stored."""
    said = json.dumps(asdict(text or CardText()), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"preview:{VERSION}:{source or 'plain'}:{said}".encode()).hexdigest()
    return f"previews/{digest[:2]}/{digest}.jpg"


def _qr(url: str, size: int) -> Image.Image:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=2)
    out.seek(0)
    with Image.open(out) as code:
        return code.convert("RGB").resize((size, size), Image.Resampling.NEAREST)


def _lines(draw: ImageDraw.ImageDraw, text: str, face, width: int, most: int) -> list[str]:
    """`text` broken to fit `width` (character by character: Chinese has no spaces)."""
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=face) > width and line:
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    lines.append(line)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _corner_mark(card: Image.Image, logo: Path) -> None:
    """The dealership's mark on a white rounded tile in the photo's top-left corner."""
    with Image.open(logo) as mark:
        mark = mark.convert("RGBA")
        mark.thumbnail((LOGO_SIZE - 12, LOGO_SIZE - 12))
        tile = Image.new("RGBA", (LOGO_SIZE, LOGO_SIZE), (0, 0, 0, 0))
        ImageDraw.Draw(tile).rounded_rectangle(
            (0, 0, LOGO_SIZE - 1, LOGO_SIZE - 1), radius=16, fill=(255, 255, 255, 235)
        )
        tile.alpha_composite(mark, ((LOGO_SIZE - mark.width) // 2, (LOGO_SIZE - mark.height) // 2))
        card.paste(tile, (24, 24), tile)


def draw(source: Path | None, logo: Path | None = None, text: CardText | None = None) -> bytes:
    """A 1200×630 JPEG: the photo on the left (or the brand colour with the logo), and on
    the right the car, its price, key facts, the certified mark, the dealership and a QR
    code to the car's page."""
    text = text or CardText()
    card = Image.new("RGB", SIZE, "white")
    if source is not None:
        with Image.open(source) as im:
            im.draft("RGB", PHOTO)
            card.paste(ImageOps.fit(im.convert("RGB"), PHOTO, Image.Resampling.LANCZOS))
        if logo is not None and logo.is_file():
            _corner_mark(card, logo)
    else:
        card.paste(Image.new("RGB", PHOTO, BRAND_BLUE))
        if logo is not None and logo.is_file():
            with Image.open(logo) as mark:
                mark = mark.convert("RGBA")
                mark.thumbnail((300, 300))
                at = ((PHOTO[0] - mark.width) // 2, (PHOTO[1] - mark.height) // 2)
                card.paste(mark, at, mark)
    pen = ImageDraw.Draw(card)
    left, width = PHOTO[0] + 36, SIZE[0] - PHOTO[0] - 64
    y = 40
    for line in _lines(pen, text.title, font("bold", 38), width, 2):
        pen.text((left, y), line, font=font("bold", 38), fill=INK)
        y += 50
    if text.price:
        pen.text((left, y + 10), text.price, font=font("bold", 60), fill=PRICE_RED)
        y += 96
    for line in _lines(pen, text.facts, font("regular", 26), width, 2):
        pen.text((left, y), line, font=font("regular", 26), fill=MUTED)
        y += 36
    if text.certified:
        label = "✓ 认证二手车"
        face = font("bold", 26)
        box = pen.textbbox((left, y + 14), label, font=face)
        pen.rounded_rectangle(
            (box[0] - 12, box[1] - 8, box[2] + 12, box[3] + 8), radius=10, fill=CERTIFIED_GREEN
        )
        pen.text((left, y + 14), label, font=face, fill="white")
    if text.url:
        qr = _qr(text.url, QR_SIZE)
        top = SIZE[1] - QR_SIZE - 30
        card.paste(qr, (left - 6, top))
        pen.text((left + QR_SIZE + 8, top + 20), "扫码看车", font=font("bold", 26), fill=INK)
        face, room = font("regular", 22), width - QR_SIZE - 10
        # "华骏汽车 · 认证二手车": a line per part rather than a break inside a word
        parts = [p.strip() for p in text.dealership.split("·") if p.strip()]
        lines = [line for part in parts for line in _lines(pen, part, face, room, 2)][:3]
        for n, line in enumerate(lines):
            pen.text(
                (left + QR_SIZE + 8, top + 64 + n * 30), line, font=font("regular", 22), fill=MUTED
            )
    out = io.BytesIO()
    card.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


def preview(
    store: Storage, cover: dict | None, logo: Path | None = None, text: CardText | None = None
) -> str:
    """The stored card for a car whose cover photo is `cover`; drawn on first use."""
    source = source_key(cover)
    if source is not None and not store.exists(source):
        source = None  # a variant gone from storage: better the plain card than an error
    key = preview_key(source, text)
    if not store.exists(key):
        store.put(key, draw(store.path(source) if source else None, logo, text))
    return key
