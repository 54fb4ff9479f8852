"""The share kit's nine-grid (微信九宫格): the car's listing photos as square tiles in gallery
order, one of them carrying the price and a QR code, and one 3×3 picture of them all.

WeChat takes a nine-grid post as nine separate pictures, so each tile is its own file; apps
that take one picture get the combined image. Like the share card (media.previews), every
file is named by a hash of what it shows — the source variant's content-addressed key, the
words and link on it, this module's drawing version — so it is drawn once and a new price,
photo or order makes new files, which the media route serves with year-long cache headers.
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from media.fonts import font
from media.previews import BRAND_BLUE, _lines, _qr, source_key
from media.storage import Storage

TILES = 9
TILE = 1080  # px, square: WeChat shows nine-grid pictures square
CELL, GAP = 540, 8  # the combined 3×3 picture
COMBINED = 3 * CELL + 2 * GAP
EMPTY = (238, 242, 246)  # a cell of the combined picture with no photo
BAND = 330  # the price band across the bottom of the price tile
QR_SIZE = 250
PRICE_YELLOW = (255, 210, 74)  # on the brand blue: high contrast, reads as "price"
VERSION = "2"  # bump when the drawing changes, so every tile is drawn anew
# Baseline, not progressive: a third of a cold grid's time went to progressive encoding, for
# under 2 % fewer bytes (bench/share_kit.py); these pictures are saved and posted, not streamed.
JPEG_OPTIONS = {"quality": 84, "optimize": True}
PLACES = ("centre", "last")  # where the price tile goes: the dealership's setting
# A square 1080 px tile needs 1080 px down its short side: the 1440×1080 WebP first.
TILE_SOURCES = ("tablet", "jpeg", "share", "phone")


@dataclass(frozen=True)
class TileText:
    """What the price tile says (all of it goes into the file's name)."""

    title: str = ""
    price: str = ""  # already formatted, e.g. ¥13.98万
    facts: str = ""  # year · mileage
    dealership: str = ""
    url: str = ""  # what the QR code leads to: the consultant's short link


def price_index(count: int, place: str) -> int:
    """Which of `count` tiles carries the price: the grid's centre (the fifth of nine; the
    last when there are fewer than five) or the last."""
    if count <= 0:
        return 0
    return 4 if place == "centre" and count >= 5 else count - 1


def _key(kind: str, said: dict) -> str:
    text = json.dumps(said, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{kind}:{VERSION}:{text}".encode()).hexdigest()
    return f"share/{digest[:2]}/{digest}.jpg"


def tile_key(source: str | None, text: TileText | None) -> str:
    """Where the tile cut from `source` (None: no photo) is stored; `text` only on the price
    tile."""
    return _key("tile", {"source": source, "text": asdict(text) if text else None})


def combined_key(tile_keys: list[str]) -> str:
    return _key("grid", {"tiles": tile_keys})


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


def _price_band(tile: Image.Image, text: TileText) -> None:
    """The brand-blue band with the price, the car, and the QR code on white."""
    band = Image.new("RGBA", (TILE, BAND), (*BRAND_BLUE, 235))
    tile.paste(band, (0, TILE - BAND), band)
    pen = ImageDraw.Draw(tile)
    left, top = 44, TILE - BAND + 34
    width = TILE - QR_SIZE - 3 * left
    for line in _lines(pen, text.title, font("bold", 44), width, 1):
        pen.text((left, top), line, font=font("bold", 44), fill="white")
    if text.price:
        pen.text((left, top + 62), text.price, font=font("bold", 96), fill=PRICE_YELLOW)
    facts = " · ".join(f for f in (text.facts, text.dealership) if f)
    for n, line in enumerate(_lines(pen, facts, font("regular", 32), width, 2)):
        pen.text((left, top + 190 + n * 42), line, font=font("regular", 32), fill="white")
    if text.url:
        qr_left, qr_top = TILE - QR_SIZE - left, TILE - BAND + (BAND - QR_SIZE) // 2
        pen.rectangle(
            (qr_left - 8, qr_top - 8, qr_left + QR_SIZE + 8, qr_top + QR_SIZE + 8), fill="white"
        )
        tile.paste(_qr(text.url, QR_SIZE), (qr_left, qr_top))


def draw_tile(source: Path | None, text: TileText | None = None) -> bytes:
    """A 1080×1080 JPEG: the photo cut square from its centre (the brand colour when there
    is none), with the price band when `text` is given."""
    if source is not None:
        with Image.open(source) as im:
            im.draft("RGB", (TILE, TILE))
            tile = ImageOps.fit(im.convert("RGB"), (TILE, TILE), Image.Resampling.LANCZOS)
    else:
        tile = Image.new("RGB", (TILE, TILE), BRAND_BLUE)
    if text is not None:
        _price_band(tile, text)
    return _jpeg(tile)


def draw_combined(tiles: list[Path]) -> bytes:
    """The tiles laid out 3×3 on white, in grid order; missing places are plain grey."""
    grid = Image.new("RGB", (COMBINED, COMBINED), "white")
    for n in range(TILES):
        at = ((n % 3) * (CELL + GAP), (n // 3) * (CELL + GAP))
        if n < len(tiles):
            with Image.open(tiles[n]) as im:
                im.draft("RGB", (CELL, CELL))  # JPEG decodes straight at half size
                grid.paste(im.convert("RGB").resize((CELL, CELL), Image.Resampling.LANCZOS), at)
        else:
            grid.paste(Image.new("RGB", (CELL, CELL), EMPTY), at)
    return _jpeg(grid)


@dataclass(frozen=True)
class Grid:
    tiles: list[str]  # storage keys, in grid order
    combined: str
    price_at: int  # index of the price tile


def plan(store: Storage, photos: list[dict], text: TileText, place: str) -> list[tuple]:
    """(source key or None, text or None) for each tile: the first nine photos in gallery
    order (a photo whose variant is gone from storage counts as none), at least one tile."""
    sources = [source_key(p, TILE_SOURCES) for p in photos[:TILES]]
    sources = [s for s in sources if s and store.exists(s)] or [None]
    at = price_index(len(sources), place)
    return [(s, text if n == at else None) for n, s in enumerate(sources)]


def grid(
    store: Storage, photos: list[dict], text: TileText, place: str = "centre", workers: int = 4
) -> Grid:
    """The stored tiles and combined picture for a car's listing `photos`; only the files
    not stored yet are drawn (several at once: Pillow lets go of the GIL while it works)."""
    wanted = plan(store, photos, text, place)
    keys = [tile_key(s, t) for s, t in wanted]

    def make(n: int) -> None:
        source, said = wanted[n]
        if not store.exists(keys[n]):
            store.put(keys[n], draw_tile(store.path(source) if source else None, said))

    missing = [n for n, key in enumerate(keys) if not store.exists(key)]
    if missing:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(missing)))) as pool:
            list(pool.map(make, missing))
    whole = combined_key(keys)
    if not store.exists(whole):
        store.put(whole, draw_combined([store.path(k) for k in keys]))
    return Grid(
        tiles=keys, combined=whole, price_at=next(n for n, (_, t) in enumerate(wanted) if t)
    )
