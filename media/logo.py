"""The dealership's logo: an uploaded image judged by decoding it (never by its name),
stored as two small PNGs with content-hash names (transparency kept): 512 px for the share
card's corner mark, 128 px for page headers and the window card."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from media.storage import Storage

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 5000×5000: more is no logo, and would be slow to decode
FORMATS = ("PNG", "JPEG", "WEBP")
SIZES = {"logo": 512, "logo_small": 128}


def N_(message: str) -> str:
    return message


class LogoRejected(ValueError):
    def __init__(self, message: str, **params) -> None:
        super().__init__(message)
        self.message, self.params = message, params


@dataclass(frozen=True)
class StoredLogo:
    logo: str  # storage keys
    logo_small: str


def _decode(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise LogoRejected(N_("The logo may be at most {mb} MB."), mb=MAX_BYTES // (1024 * 1024))
    unreadable = N_("This file is not a picture we can read: use a PNG, JPEG or WebP.")
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoRejected(unreadable) from None
    if im.width * im.height > MAX_PIXELS:
        raise LogoRejected(N_("The logo may be at most 5000 × 5000 pixels."))
    if getattr(im, "is_animated", False):
        raise LogoRejected(unreadable)
    try:
        im.load()
    except (OSError, SyntaxError, ValueError):
        raise LogoRejected(unreadable) from None
    return im


def prepare_logo(data: bytes) -> dict[str, tuple[str, bytes]]:
    """Decode, turn upright, drop metadata, encode both sizes: name -> (storage key, PNG
    bytes), nothing written yet. LogoRejected says why the file will not do."""
    with _decode(data) as im:
        upright = ImageOps.exif_transpose(im).convert("RGBA")
    prepared = {}
    for name, edge in SIZES.items():
        copy = upright.copy()
        copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        copy.save(out, "PNG", optimize=True)
        encoded = out.getvalue()
        digest = hashlib.sha256(encoded).hexdigest()[:32]
        prepared[name] = (f"logos/{digest[:2]}/{digest}-{edge}.png", encoded)
    return prepared


def store_logo(prepared: dict[str, tuple[str, bytes]], store: Storage) -> StoredLogo:
    """Write what prepare_logo made (atomically, before the row that names it commits)."""
    for key, encoded in prepared.values():
        store.put(key, encoded)
    return StoredLogo(**{name: key for name, (key, _bytes) in prepared.items()})
