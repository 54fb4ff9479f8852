"""Test photos made on the spot with Pillow: a car-like scene with markers that show which way
up it is, phone metadata (orientation, GPS position, camera, XMP), and broken or hostile
files. Every factory returns the bytes of a file as a phone or a browser would upload it."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pillow_heif
from PIL import Image, ImageDraw

pillow_heif.register_heif_opener()

RED = (220, 20, 20)  # marks the top-left corner of the upright scene
GREEN = (20, 170, 40)  # marks the top-right corner
SKY = (150, 190, 235)

# What a viewer does to show stored pixels upright, undone: stored = upright.transpose(...)
# (orientation 6 means "turn 90° clockwise to view", so the camera stored it turned back).
_STORED_FROM_UPRIGHT = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
GPS_POSITION = {1: "N", 2: (31.0, 14.0, 12.5), 3: "E", 4: (121.0, 28.0, 7.0)}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,14.2N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def car_scene(width: int = 1600, height: int = 1200, mode: str = "RGB") -> Image.Image:
    """An upright scene: sky, tarmac, a blue car, a red block top-left, a green one top-right."""
    im = Image.new("RGB", (width, height), SKY)
    draw = ImageDraw.Draw(im)
    w, h = width, height
    draw.rectangle((0, int(h * 0.62), w, h), fill=(80, 82, 86))
    draw.rounded_rectangle(
        (int(w * 0.2), int(h * 0.42), int(w * 0.8), int(h * 0.72)),
        radius=w // 20,
        fill=(30, 60, 160),
    )
    for cx in (0.32, 0.68):
        r = h * 0.08
        draw.ellipse((w * cx - r, h * 0.72 - r, w * cx + r, h * 0.72 + r), fill=(15, 15, 15))
    draw.rectangle((0, 0, w // 5, h // 5), fill=RED)
    draw.rectangle((w - w // 5, 0, w, h // 5), fill=GREEN)
    return im.convert(mode) if mode != "RGB" else im


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, time, orientation and where the car stood."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 15"  # Model
    exif[0x0132] = "2026:11:20 10:15:00"  # DateTime
    exif[0x0112] = orientation
    exif[0x8825] = dict(GPS_POSITION)  # GPS IFD
    return exif


def stored(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for a scene that `orientation` turns upright."""
    transpose = _STORED_FROM_UPRIGHT[orientation]
    return upright.transpose(transpose) if transpose is not None else upright


def encode(im: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


def phone_jpeg(width=1600, height=1200, orientation=1, **options) -> bytes:
    """A JPEG as a phone saves it: turned pixels, orientation tag, GPS, XMP."""
    picture = stored(car_scene(width, height), orientation)
    return encode(picture, "JPEG", quality=90, exif=phone_exif(orientation), xmp=XMP, **options)


def phone_heic(width=800, height=600, orientation=1) -> bytes:
    """An iPhone-style HEIC; libheif stores the orientation as a rotation of the picture."""
    picture = stored(car_scene(width, height), orientation)
    return encode(picture, "HEIF", quality=80, exif=phone_exif(orientation).tobytes())


def avif(width=800, height=600, orientation=1) -> bytes:
    picture = stored(car_scene(width, height), orientation)
    return encode(picture, "AVIF", quality=70, exif=phone_exif(orientation).tobytes())


def webp(width=1600, height=1200, orientation=1) -> bytes:
    picture = stored(car_scene(width, height), orientation)
    return encode(picture, "WEBP", quality=85, exif=phone_exif(orientation).tobytes())


def png(width=800, height=600, orientation=1) -> bytes:
    picture = stored(car_scene(width, height), orientation)
    return encode(picture, "PNG", exif=phone_exif(orientation))


def png_with_alpha(width=1000, height=750) -> bytes:
    """A PNG whose right half is fully transparent (a screenshot-like cut-out)."""
    im = car_scene(width, height, "RGBA")
    im.paste((0, 0, 0, 0), (width // 2, height // 3, width, height))
    return encode(im, "PNG")


def mpo(width=1600, height=1200) -> bytes:
    """A JPEG with a second picture appended (depth or HDR gain map), as many phones save."""
    scene = car_scene(width, height)
    gain_map = Image.new("RGB", (width // 4, height // 4), (128, 128, 128))
    return encode(scene, "MPO", save_all=True, append_images=[gain_map], exif=phone_exif(1))


def with_icc(im: Image.Image, fmt: str, icc_profile: bytes) -> bytes:
    return encode(im, fmt, icc_profile=icc_profile, quality=95)


def display_p3_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC profile with Display P3 primaries (D50-adapted, as in
    Apple's profile) and a 2.2 gamma: enough for lcms to convert from it."""
    d50 = (0.9642, 1.0, 0.8249)
    tags = [
        (b"desc", _desc("Display P3 (test)")),
        (b"cprt", b"text" + bytes(4) + b"No copyright\x00"),
        (b"wtpt", _xyz(*d50)),
        (b"rXYZ", _xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", _xyz(0.2919, 0.6922, 0.0419)),
        (b"bXYZ", _xyz(0.1572, 0.0666, 0.7841)),
        (b"rTRC", b"curv" + bytes(4) + struct.pack(">IH", 1, int(2.2 * 256)) + bytes(2)),
    ]
    tags += [(b"gTRC", tags[-1][1]), (b"bTRC", tags[-1][1])]
    table, body = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, data in tags:
        table += struct.pack(">4sII", signature, offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    size = offset + len(body)
    header = struct.pack(
        ">I4sI4s4s4s6H4s4sI4s4s8sI12s4s16s28s",
        size,
        b"lcms",
        0x02100000,
        b"mntr",
        b"RGB ",
        b"XYZ ",
        *(2026, 1, 1, 0, 0, 0),
        b"acsp",
        b"APPL",
        0,
        b"none",
        b"none",
        bytes(8),
        0,
        _xyz(*d50)[8:],
        b"none",
        bytes(16),
        bytes(28),
    )
    return header + struct.pack(">I", len(tags)) + table + body


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(12 + 67)


# Files that are not photos, or not whole ones.


def pdf() -> bytes:
    """A PDF as it arrives when renamed to car.jpg: the name is never looked at."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


def animated_gif() -> bytes:
    frames = [Image.new("P", (32, 32), colour) for colour in (1, 2, 3)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)


def animated_webp() -> bytes:
    frames = [Image.new("RGB", (32, 32), colour) for colour in (RED, GREEN, SKY)]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)  # noqa: S311 - test data, not a secret


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height`: the pixels are never there, so it
    costs nothing to build, but a careless decoder would allocate for all of them."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def jpeg_claiming_size(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is rewritten to claim `width` x `height`."""
    data = bytearray(encode(car_scene(64, 48), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def oversized_file(megabytes: int = 50) -> bytes:
    """Bytes over the upload limit; the size alone decides, so they need not be a photo."""
    return b"\xff\xd8\xff\xe0" + bytes(megabytes * 1024 * 1024 - 4)
