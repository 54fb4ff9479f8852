"""Turning an uploaded photo into the variants the app serves.

An upload is judged by decoding it, never by its name or declared type. The upright image
(EXIF orientation applied) is scaled to each variant's long edge, converted to sRGB and
encoded afresh, so no metadata of the upload (EXIF with GPS position, XMP, maker notes)
survives; the original itself is never stored.

Speed: a phone JPEG is decoded at reduced scale (libjpeg's DCT scaling via `Image.draft`) to
the smallest power-of-two size that still covers the largest variant; that variant is scaled
from it and every smaller one from that variant, never from the source again. Scaling and
encoding run on a few worker threads (Pillow, libjpeg and libwebp release the GIL), since
WebP encoding, not decoding, is most of the cost. `bench/photo_ingest.py` measures it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import os
import re
import struct
import threading
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache

import pillow_heif
from PIL import Image, ImageCms, ImageFile, ImageFilter, UnidentifiedImageError

from media.storage import Storage

pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 64_000_000  # a 200-megapixel image is refused; 48/50 MP phone photos pass
VARIANTS = {"phone": 720, "tablet": 1440, "share": 1080}  # long edge in px, WebP; never upscale
JPEG_FALLBACK = 1080  # long edge of the JPEG fallback variant, key "jpeg"
LARGEST_EDGE = max(*VARIANTS.values(), JPEG_FALLBACK)
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "AVIF")

# Pillow warns above this many pixels and refuses above twice as many, for every image the
# process opens; ingest refuses anything above MAX_PIXELS itself, before decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

WEBP_OPTIONS = {"quality": 80, "method": 2}  # method 2: a third of method 4's time, ~6% larger
JPEG_OPTIONS = {"quality": 82, "progressive": True, "optimize": True}
PLACEHOLDER_EDGE = 16
PLACEHOLDER_OPTIONS = {"quality": 40, "method": 6}
WHITE = (255, 255, 255)
SRGB = ImageCms.createProfile("sRGB")

# Threads that scale and encode (shared by all uploads); one photo has four variants to
# encode, so more would find nothing to do. A scaled band is at least this many rows.
WORKERS = max(1, min(4, len(os.sched_getaffinity(0))))
_MIN_BAND_ROWS = 256
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()

# EXIF orientation -> the transposition that makes the image upright (as ImageOps.exif_transpose)
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIDEWAYS = {5, 6, 7, 8}
_HEIF_BRANDS = {
    b"heic",
    b"heix",
    b"heim",
    b"heis",
    b"hevc",
    b"hevx",
    b"mif1",
    b"msf1",
    b"avif",
    b"avis",
}
_EXIF_ORIENTATION = 0x0112
# What decoders raise for damaged data (truncated files raise OSError).
_DECODE_ERRORS = (OSError, ValueError, EOFError, SyntaxError, struct.error, IndexError)


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


class PhotoRejected(Exception):
    """Bad input, with an English message id for the user (translated by the web layer) and
    params."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message.format(**params))


def _too_big(size: int) -> PhotoRejected:
    return PhotoRejected(
        "too_big",
        N_("This file is {size} MB; photos may be at most {limit} MB."),
        size=_one_decimal_up(size / 1024 / 1024),
        limit=_one_decimal_up(MAX_UPLOAD_BYTES / 1024 / 1024),
    )


def _too_many_pixels(pixels: int | None) -> PhotoRejected:
    return PhotoRejected(
        "too_many_pixels",
        N_("This image has {megapixels} megapixels; the most we accept is {limit}."),
        megapixels=_one_decimal_up(pixels / 1e6) if pixels else f"> {2 * MAX_PIXELS // 10**6}",
        limit=_one_decimal_up(MAX_PIXELS / 1e6),
    )


def _not_an_image() -> PhotoRejected:
    return PhotoRejected(
        "not_an_image",
        N_("This file is not a photo we can read (JPEG, PNG, WebP, HEIC or AVIF)."),
    )


def _corrupt() -> PhotoRejected:
    return PhotoRejected(
        "corrupt", N_("This photo is damaged or incomplete. Please take or choose it again.")
    )


def _one_decimal_up(value: float) -> int | float:
    """25.01 -> 25.1 (a file just over the limit must not read as "25 MB"), 50.0 -> 50."""
    rounded = math.ceil(round(value * 10, 6)) / 10
    return int(rounded) if rounded.is_integer() else rounded


@dataclass(frozen=True)
class Processed:
    source_hash: str  # sha256 hex of the uploaded bytes
    width: int  # of the upright image (after EXIF orientation), before scaling
    height: int
    format: str  # detected source format, e.g. "JPEG", "HEIF", "PNG", "WEBP", "AVIF"
    variants: dict[str, str]  # "phone" | "tablet" | "share" | "jpeg" -> storage key
    placeholder: str  # tiny blurred preview as a data: URI (WebP, ~16 px long edge)

    def columns(self) -> dict:
        """What a photo row keeps of it (appraisal and listing photos alike)."""
        return {name: getattr(self, name) for name in STORED_COLUMNS}


# The columns every photo table shares; a photo row copied to another table copies these.
STORED_COLUMNS = ("source_hash", "width", "height", "variants", "placeholder")


def ingest(data: bytes, store: Storage) -> Processed:
    """Check an upload, write its variants to `store` and describe them.

    Raises PhotoRejected for anything that is not a readable photo of acceptable size. The
    same bytes always give the same keys; files that exist already are not rewritten.
    """
    if not data:
        raise PhotoRejected("empty", N_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_big(len(data))
    source_hash = hashlib.sha256(data).hexdigest()

    im = _open(data)
    source_format = "JPEG" if im.format == "MPO" else im.format
    stored_size = im.size  # as the pixels lie in the file, before any EXIF turn
    stored_largest = _fit(stored_size, LARGEST_EDGE)

    # Decode at the smallest scale that still covers the largest variant: libjpeg's DCT
    # scaling for JPEG, a big enough embedded thumbnail for HEIF, a no-op for the rest. The
    # EXIF turn cannot matter here: it keeps the long edge where it is.
    im.draft("RGB", stored_largest)
    try:
        im.load()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(_pixels_in(error)) from None
    except _DECODE_ERRORS:
        raise _corrupt() from None
    # Only now: for a PNG, reading EXIF means reading to the end of the file.
    orientation = _orientation(im)
    upright = stored_size[::-1] if orientation in _SIDEWAYS else stored_size
    sizes = {name: _fit(upright, edge) for name, edge in VARIANTS.items()}
    sizes["jpeg"] = _fit(upright, JPEG_FALLBACK)

    pool = _workers()
    icc_profile = im.info.get("icc_profile")
    im = _shrink(_usable_mode(im), stored_largest, pool)
    im = _to_srgb(_flatten(im), icc_profile)
    if orientation in _UPRIGHT:
        im = im.transpose(_UPRIGHT[orientation])
    im.info = {}  # nothing of the upload's metadata may reach an encoder

    def fmt(name: str) -> str:
        return "JPEG" if name == "jpeg" else "WEBP"

    def put(name: str, encoded: bytes) -> str:
        key = _key(encoded, name, "jpg" if fmt(name) == "JPEG" else "webp")
        store.put(key, encoded)
        return key

    def write(name: str, picture: Image.Image) -> tuple[str, bytes]:
        out = io.BytesIO()
        picture.save(out, fmt(name), **(JPEG_OPTIONS if fmt(name) == "JPEG" else WEBP_OPTIONS))
        return put(name, out.getvalue()), out.getvalue()

    # Every variant is scaled from the largest one, never from the source again; pictures of
    # equal size (share and the JPEG fallback) are scaled once, and WebP variants of equal
    # size (a photo under 1080 px: tablet and share) encoded once. Encoding and writing run on
    # worker threads (Pillow and libwebp release the GIL) while the next picture is scaled.
    pictures = {im.size: im}
    jobs: dict[str, Future[tuple[str, bytes]]] = {}
    twins: dict[str, str] = {}  # variant -> the variant whose bytes it has too
    try:
        for name in sorted(sizes, key=lambda name: max(sizes[name]), reverse=True):
            size = sizes[name]
            twin = next((n for n in jobs if sizes[n] == size and fmt(n) == fmt(name)), None)
            if twin:
                twins[name] = twin
                continue
            if size in pictures:
                # Image.save keeps its options on the image object: two threads must never
                # save the same one (a JPEG once came out with the WebP job's options).
                picture = pictures[size].copy()
            else:
                picture = pictures[size] = _shrink(im, size, pool)
            jobs[name] = pool.submit(write, name, picture)
        placeholder = _placeholder(pictures[sizes["phone"]])
    finally:
        wait(jobs.values())
    keys = {name: job.result()[0] for name, job in jobs.items()}
    keys |= {name: put(name, jobs[twin].result()[1]) for name, twin in twins.items()}
    variants = {name: keys[name] for name in (*VARIANTS, "jpeg")}

    return Processed(
        source_hash=source_hash,
        width=upright[0],
        height=upright[1],
        format=source_format,
        variants=variants,
        placeholder=placeholder,
    )


def _open(data: bytes) -> ImageFile.ImageFile:
    """Identify the upload from its bytes and read its header; nothing is decoded yet."""
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)
    except UnidentifiedImageError:
        # A photo cut short (an upload that broke off) may not even have a readable header.
        raise (_corrupt() if _signature_of_a_photo(data) else _not_an_image()) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(_pixels_in(error)) from None
    except _DECODE_ERRORS:
        raise _corrupt() from None
    if im.format not in (*FORMATS, "MPO"):
        raise _not_an_image()
    width, height = im.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width * height)
    # A HEIF may hold a burst and an MPO a depth or gain map next to the primary picture,
    # which is the one opened; an animated PNG, WebP or AVIF is not a photo.
    if im.format in ("PNG", "WEBP", "AVIF") and getattr(im, "is_animated", False):
        raise _not_an_image()
    return im


def _signature_of_a_photo(data: bytes) -> bool:
    """Whether the bytes start like one of the accepted formats (decoding alone judges them)."""
    return (
        data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS)
    )


def _orientation(im: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when absent or unreadable; HEIF images come upright."""
    try:
        orientation = im.getexif().get(_EXIF_ORIENTATION, 1)
    except (*_DECODE_ERRORS, KeyError, TypeError):
        return 1
    return orientation if orientation in _UPRIGHT else 1


def _pixels_in(error: Exception) -> int | None:
    match = re.search(r"\((\d+) pixels\)", str(error))
    return int(match[1]) if match else None


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """`size` scaled down so its long edge is `edge`; never scaled up."""
    width, height = size
    long_edge = max(width, height)
    if long_edge <= edge:
        return size
    return max(1, round(width * edge / long_edge)), max(1, round(height * edge / long_edge))


def _shrink(im: Image.Image, size: tuple[int, int], pool: Executor) -> Image.Image:
    """Scale down: a box reduction by a power of two first (as JPEG's DCT scaling does), then
    bicubic for the remaining factor below two."""
    if im.size == size:
        return im
    ratio = min(im.width / size[0], im.height / size[1])
    factor = 1
    while factor * 2 <= ratio:
        factor *= 2
    if factor > 1:
        im = im.reduce(factor)
    return _resize_in_bands(im, size, pool)


def _resize_in_bands(im: Image.Image, size: tuple[int, int], pool: Executor) -> Image.Image:
    """Bicubic resize, cut into horizontal bands scaled on several threads at once.

    Each band is given as a box of the source; the filter still reads the source rows just
    outside it, so the result is identical to one resize of the whole image, seams and all.
    """
    if im.size == size:
        return im
    bands = min(WORKERS, max(1, size[1] // _MIN_BAND_ROWS))
    if bands == 1:
        return im.resize(size, Image.Resampling.BICUBIC)
    rows = [size[1] * i // bands for i in range(bands + 1)]
    scale = im.height / size[1]

    def band(i: int) -> Image.Image:
        box = (0, rows[i] * scale, im.width, rows[i + 1] * scale)
        return im.resize((size[0], rows[i + 1] - rows[i]), Image.Resampling.BICUBIC, box=box)

    others = [pool.submit(band, i) for i in range(1, bands)]
    parts = [band(0), *(future.result() for future in others)]
    out = Image.new(im.mode, size)
    for top, part in zip(rows, parts, strict=False):
        out.paste(part, (0, top))
    return out


def _usable_mode(im: Image.Image) -> Image.Image:
    """L, RGB, CMYK (kept for their colour profile) or RGBA (flattened once scaled down)."""
    if im.mode in ("L", "RGB", "CMYK") and "transparency" not in im.info:
        return im
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        return im.convert("I").point(lambda value: value / 257).convert("L")
    has_alpha = im.has_transparency_data
    return im.convert("RGBA" if has_alpha else "RGB")


def _flatten(im: Image.Image) -> Image.Image:
    """Transparent areas become white, as on the page behind them."""
    if im.mode != "RGBA":
        return im
    flat = Image.new("RGB", im.size, WHITE)
    flat.paste(im, mask=im.getchannel("A"))
    return flat


def _to_srgb(im: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """RGB in sRGB: a wide-gamut (e.g. Display P3) photo is converted rather than shown dull
    once its profile is dropped. A broken profile is ignored, not held against the photo."""
    transform = _transform_to_srgb(icc_profile, im.mode) if icc_profile else None
    if transform is not None:
        try:
            return ImageCms.applyTransform(im, transform)
        except ImageCms.PyCMSError:
            pass
    return im.convert("RGB")


@lru_cache(maxsize=16)
def _transform_to_srgb(icc_profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        space = profile.profile.xcolor_space.strip()
        description = profile.profile.profile_description or ""
        if {"L": "GRAY", "RGB": "RGB", "CMYK": "CMYK"}.get(mode) != space:
            return None
        if mode == "RGB" and description.startswith("sRGB"):
            return None  # already what browsers assume for untagged images
        # NOCACHE: the transform is shared between threads serving uploads.
        return ImageCms.buildTransform(profile, SRGB, mode, "RGB", flags=ImageCms.Flags.NOCACHE)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _key(encoded: bytes, variant: str, ext: str) -> str:
    digest = hashlib.sha256(encoded).hexdigest()[:32]
    return f"photos/{digest[:2]}/{digest}-{variant}.{ext}"


def _placeholder(picture: Image.Image) -> str:
    """A data: URI of a ~16 px blurred copy, shown scaled up while the photo loads."""
    tiny = picture.resize(_fit(picture.size, PLACEHOLDER_EDGE), Image.Resampling.BOX)
    tiny = tiny.filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    tiny.save(out, "WEBP", **PLACEHOLDER_OPTIONS)
    return "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _workers() -> Executor:
    """The shared pool, started on first use (so not in a process that only imports this)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="photo")
        return _pool
