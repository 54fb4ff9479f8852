"""The 1200×630 picture a chat app or search engine shows for a shared car page (Open Graph).

Cut from the cover photo's stored variant (already upright and free of metadata), cover-
cropped to 1200×630 and encoded as JPEG. The file is named by a hash of what it shows (the
source variant's content-addressed key and this module's drawing version), so it is drawn
once and a new cover gets a new file. With no photo yet, a plain branded card.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps

from media.storage import Storage

SIZE = (1200, 630)
VERSION = "1"  # bump when the drawing changes, so every preview is drawn anew
BRAND_BLUE = (15, 42, 68)  # the theme colour (#0f2a44)
JPEG_OPTIONS = {"quality": 84, "progressive": True, "optimize": True}
# Best first: the 1440 px WebP covers 1200 px across; smaller ones will do if it is missing.
SOURCE_VARIANTS = ("tablet", "share", "jpeg", "phone")


def source_key(cover: dict | None) -> str | None:
    """The stored variant a cover photo's preview is cut from."""
    variants = (cover or {}).get("variants") or {}
    return next((variants[name] for name in SOURCE_VARIANTS if variants.get(name)), None)


def preview_key(source: str | None) -> str:
    """Where the preview of `source` (None: the plain card) is stored."""
    digest = hashlib.sha256(f"preview:{VERSION}:{source or 'plain'}".encode()).hexdigest()
    return f"previews/{digest[:2]}/{digest}.jpg"


def draw(source: Path | None, logo: Path | None = None) -> bytes:
    """A 1200×630 JPEG: the photo cover-cropped, or the brand colour with the logo centred."""
    if source is not None:
        with Image.open(source) as im:
            im.draft("RGB", SIZE)
            picture = ImageOps.fit(im.convert("RGB"), SIZE, Image.Resampling.LANCZOS)
    else:
        picture = Image.new("RGB", SIZE, BRAND_BLUE)
        if logo is not None and logo.is_file():
            with Image.open(logo) as mark:
                mark = mark.convert("RGBA")
                mark.thumbnail((360, 360))
                at = ((SIZE[0] - mark.width) // 2, (SIZE[1] - mark.height) // 2)
                picture.paste(mark, at, mark)
    out = io.BytesIO()
    picture.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


def preview(store: Storage, cover: dict | None, logo: Path | None = None) -> str:
    """The stored preview for a car whose cover photo is `cover`; drawn on first use."""
    source = source_key(cover)
    if source is not None and not store.exists(source):
        source = None  # a variant gone from storage: better the plain card than an error
    key = preview_key(source)
    if not store.exists(key):
        store.put(key, draw(store.path(source) if source else None, logo))
    return key
