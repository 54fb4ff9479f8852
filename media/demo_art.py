"""Illustrated photos of demo cars, one for every guided shot an appraiser takes.

The demo dataset cannot download real photos, so each shot is drawn with Pillow as a flat
vector illustration: a small 3D model of the car (a lofted lower body, a glasshouse, wheels,
lights and plate as decals on its faces) seen through a perspective camera on a dealership
lot, and 2D drawings for the interior and close-up shots. Everything is drawn at twice the
requested size and halved at the end, which is the only anti-aliasing Pillow offers.

`draw_shot` is a pure function: the same arguments always give the same JPEG bytes, `seed`
only varies small things (light, time of day, background details).
"""

from __future__ import annotations

import io
import math
import random
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SLOTS = (
    "front_three_quarter_left",
    "front",
    "front_three_quarter_right",
    "right_side",
    "rear_three_quarter",
    "rear",
    "left_side",
    "dashboard",
    "front_seats",
    "damage",
    "extra",
)
BODIES = ("sedan", "suv", "mpv", "hatchback")
JPEG_QUALITY = 85

_SS = 2  # drawn at this multiple of the requested size, then reduced...
_SS_MAX_PIXELS = 2_600_000  # ...up to this many pixels asked for; bigger ones are drawn as asked
MAX_SIDE = 4096
_CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)

Vec = tuple[float, float, float]
Pt = tuple[float, float]
RGB = tuple[int, int, int]


def draw_shot(
    slot: str,
    *,
    colour: tuple[int, int, int],
    plate: str,
    mileage_km: int,
    body: str = "sedan",
    seed: int = 0,
    size: tuple[int, int] = (1280, 960),
    plate_cover: str = "",
) -> bytes:
    """A JPEG (quality ~85) of one guided shot of a demo car. With `plate_cover` (a dealer's
    name), the number plates wear the dealer's cover, as on the photos of a listed car."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown shot slot: {slot!r}")
    if body not in BODIES:
        raise ValueError(f"Unknown body style: {body!r}")
    width, height = int(size[0]), int(size[1])
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ValueError(f"Picture size out of range: {size!r}")
    if len(colour) < 3:
        raise ValueError(f"Not an RGB colour: {colour!r}")
    colour = tuple(max(0, min(255, int(c))) for c in colour[:3])
    mood = _mood(seed)
    rng = _rng(f"{seed}:{slot}:{body}")
    ss = _SS if width * height <= _SS_MAX_PIXELS else 1
    img = Image.new("RGB", (width * ss, height * ss))  # every shot paints all of it
    p = _Painter(img, min(width, height) / 960 * ss, ss)
    car = _car(body)
    if slot in _VIEWS:
        face = (plate_cover, True) if plate_cover else (plate, False)
        _exterior(p, slot, car, colour, face, mood, rng, seed)
    elif slot == "dashboard":
        _dashboard(p, colour, mileage_km, mood, rng)
    elif slot == "front_seats":
        _front_seats(p, colour, mood, rng, seed)
    elif slot == "damage":
        _damage(p, colour, mood, rng, seed)
    else:
        _extra(p, car, colour, mood, rng, seed)
    if ss > 1:
        img = img.reduce(ss)
    if mood.tint is not None:
        img = Image.blend(img, Image.new("RGB", img.size, mood.tint), mood.tint_amount)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _rng(key: str) -> random.Random:
    """A generator for one drawing decision: the same key gives the same choices everywhere."""
    return random.Random(key)  # noqa: S311 - picture details, not secrets


# Small vector and colour helpers.


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _unit(a: Vec) -> Vec:
    n = math.sqrt(_dot(a, a)) or 1.0
    return (a[0] / n, a[1] / n, a[2] / n)


def _lerp3(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _centroid(points: list[Vec]) -> Vec:
    n = len(points)
    return (
        sum(q[0] for q in points) / n,
        sum(q[1] for q in points) / n,
        sum(q[2] for q in points) / n,
    )


def _newell(points: list[Vec]) -> Vec:
    nx = ny = nz = 0.0
    for i, a in enumerate(points):
        b = points[(i + 1) % len(points)]
        nx += (a[1] - b[1]) * (a[2] + b[2])
        ny += (a[2] - b[2]) * (a[0] + b[0])
        nz += (a[0] - b[0]) * (a[1] + b[1])
    return _unit((nx, ny, nz))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _mul(c: RGB, k: float) -> RGB:
    return (min(255, round(c[0] * k)), min(255, round(c[1] * k)), min(255, round(c[2] * k)))


def _luma(c: RGB) -> float:
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255


WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
TYRE = (27, 27, 29)
TRIM = (30, 32, 35)
CHROME = (200, 204, 210)
GLASS = (62, 78, 94)
PLATE_BLUE = (18, 62, 170)
COVER_RED = (176, 24, 34)


# 2D geometry.


def _clip(poly: list[Pt], a: float, b: float, c: float) -> list[Pt]:
    """The part of a polygon where a*x + b*y + c >= 0 (Sutherland-Hodgman, one edge)."""
    out: list[Pt] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] + c, a * q[0] + b * q[1] + c
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
    return out


def _clip_line(poly: list[Pt], p0: Pt, p1: Pt) -> list[Pt]:
    """The part of a polygon left of the directed line p0 -> p1 (y down: visually right)."""
    a, b = -(p1[1] - p0[1]), p1[0] - p0[0]
    return _clip(poly, a, b, -(a * p0[0] + b * p0[1]))


def _hull(points: list[Pt]) -> list[Pt]:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def turn(o: Pt, a: Pt, b: Pt) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Pt] = []
    for q in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    upper: list[Pt] = []
    for q in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    return lower[:-1] + upper[:-1]


def _area(poly: list[Pt]) -> float:
    return 0.5 * sum(
        poly[i][0] * poly[(i + 1) % len(poly)][1] - poly[(i + 1) % len(poly)][0] * poly[i][1]
        for i in range(len(poly))
    )


def _inset(poly: list[Pt], dists: list[float]) -> list[Pt]:
    """A convex polygon with edge i moved inwards by dists[i]."""
    n = len(poly)
    sign = 1.0 if _area(poly) > 0 else -1.0
    lines = []
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        dx, dy = q[0] - p[0], q[1] - p[1]
        ln = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / ln * sign, dx / ln * sign
        lines.append(((p[0] + nx * dists[i], p[1] + ny * dists[i]), (dx, dy)))
    out = []
    for i in range(n):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        den = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(den) < 1e-9:
            out.append(p2)
            continue
        t = ((p2[0] - p1[0]) * d2[1] - (p2[1] - p1[1]) * d2[0]) / den
        out.append((p1[0] + d1[0] * t, p1[1] + d1[1] * t))
    return out


def _rounded(poly: list[Pt], radius: float, steps: int = 5) -> list[Pt]:
    """A polygon with its corners rounded by quadratic curves."""
    n = len(poly)
    out: list[Pt] = []
    for i in range(n):
        a, b, c = poly[i - 1], poly[i], poly[(i + 1) % n]
        la, lc = math.dist(a, b), math.dist(b, c)
        r = min(radius, la / 2, lc / 2)
        if r <= 0:
            out.append(b)
            continue
        p0 = (b[0] + (a[0] - b[0]) * r / la, b[1] + (a[1] - b[1]) * r / la)
        p2 = (b[0] + (c[0] - b[0]) * r / lc, b[1] + (c[1] - b[1]) * r / lc)
        for k in range(steps + 1):
            t = k / steps
            out.append(
                (
                    (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * b[0] + t * t * p2[0],
                    (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * b[1] + t * t * p2[1],
                )
            )
    return out


def _perspective_coeffs(dst: list[Pt], src: list[Pt]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE) taking dst (output) corners to src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    m = [rows[i] + [rhs[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        div = m[col][col] or 1e-12
        for r in range(n):
            if r != col:
                f = m[r][col] / div
                if f:
                    m[r] = [a - f * b for a, b in zip(m[r], m[col], strict=True)]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


class _Painter:
    """Drawing on the supersampled canvas; `u` is pixels per unit of a 960-pixel picture, `ss`
    the supersampling factor."""

    def __init__(self, img: Image.Image, u: float, ss: int = 1) -> None:
        self.img = img
        self.draw = ImageDraw.Draw(img)
        self.u = u
        self.ss = ss
        self.w, self.h = img.size

    def poly(self, pts, fill: RGB) -> None:
        if len(pts) >= 3:
            self.draw.polygon(pts, fill=fill)

    def line(self, pts, fill: RGB, width: float) -> None:
        if len(pts) >= 2:
            self.draw.line(pts, fill=fill, width=max(1, round(width)), joint="curve")

    def ellipse(self, cx, cy, rx, ry, fill: RGB) -> None:
        self.draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=fill)

    def gradient(self, pts, stops: list[tuple[float, RGB]], vertical: bool = True) -> None:
        """Fill a polygon with a gradient running down (or across) its bounding box."""
        if len(pts) < 3:
            return
        x0 = max(0, math.floor(min(q[0] for q in pts)))
        y0 = max(0, math.floor(min(q[1] for q in pts)))
        x1 = min(self.w, math.ceil(max(q[0] for q in pts)) + 1)
        y1 = min(self.h, math.ceil(max(q[1] for q in pts)) + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            self.poly(pts, stops[0][1])
            return
        a0 = min(q[1] if vertical else q[0] for q in pts)
        a1 = max(q[1] if vertical else q[0] for q in pts)
        if (x1 - x0) * (y1 - y0) > 250_000:
            # big shapes: slices a few pixels thick, each clipped from the polygon
            step = 4
            a = math.floor(max(a0, y0 if vertical else x0))
            end = min(a1, y1 if vertical else x1)
            while a < end:
                t = (a + step / 2 - a0) / ((a1 - a0) or 1)
                part = _clip(pts, 0, 1, -a) if vertical else _clip(pts, 1, 0, -a)
                part = _clip(part, 0, -1, a + step) if vertical else _clip(part, -1, 0, a + step)
                self.poly(part, _stop(stops, t))
                a += step
            return
        n = max(2, ((y1 - y0) if vertical else (x1 - x0)) // 3)
        column = Image.new("RGB", (1, n) if vertical else (n, 1))
        # the bounding box may be cut by the picture's edge: keep the stops on the shape
        lo = (y0 if vertical else x0) - a0
        span = (a1 - a0) or 1
        size = (y1 - y0) if vertical else (x1 - x0)
        column.putdata([_stop(stops, (lo + (i + 0.5) * size / n) / span) for i in range(n)])
        grad = column.resize((x1 - x0, y1 - y0), Image.Resampling.NEAREST)
        mask = Image.new("L", grad.size, 0)
        ImageDraw.Draw(mask).polygon([(q[0] - x0, q[1] - y0) for q in pts], fill=255)
        self.img.paste(grad, (x0, y0), mask)

    def texture(self, tex: Image.Image, quad: list[Pt]) -> None:
        """Paste an RGBA texture warped onto a screen quad (corners TL, TR, BR, BL)."""
        x0 = max(0, math.floor(min(q[0] for q in quad)))
        y0 = max(0, math.floor(min(q[1] for q in quad)))
        x1 = min(self.w, math.ceil(max(q[0] for q in quad)) + 1)
        y1 = min(self.h, math.ceil(max(q[1] for q in quad)) + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        tw, th = tex.size
        coeffs = _perspective_coeffs(
            [(q[0] - x0, q[1] - y0) for q in quad], [(0, 0), (tw, 0), (tw, th), (0, th)]
        )
        warped = tex.transform(
            (x1 - x0, y1 - y0), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR
        )
        self.img.paste(warped, (x0, y0), warped)


def _stop(stops: list[tuple[float, RGB]], t: float) -> RGB:
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:], strict=False):
        if t <= t1:
            return _mix(c0, c1, (t - t0) / ((t1 - t0) or 1))
    return stops[-1][1]


# Fonts: a CJK font when the system has one, else Pillow's own.


@lru_cache(maxsize=1)
def _cjk_font_path() -> str | None:
    """A font file that can draw Chinese, or None."""
    candidates: list[str] = []
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(found.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    candidates.extend(_CJK_FONT_FILES)
    for path in candidates:
        if Path(path).is_file() and _draws_chinese(path):
            return path
    return None


def _ttc_index(path: str) -> int:
    return 2 if "NotoSansCJK" in Path(path).name or "NotoSerifCJK" in Path(path).name else 0


def _draws_chinese(path: str) -> bool:
    """Whether the font has a glyph for 粤 (rather than drawing its missing-glyph box)."""
    try:
        font = _truetype(path, 24)
    except OSError:
        return False

    def render(text: str) -> bytes:
        im = Image.new("L", (32, 32))
        ImageDraw.Draw(im).text((2, 2), text, font=font, fill=255)
        return im.tobytes()

    han = render("粤")
    return any(han) and han != render("\U000f0000")


@lru_cache(maxsize=64)
def _truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size, index=_ttc_index(path))
    except OSError:
        return ImageFont.truetype(path, size)


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A font of `size` pixels, and whether it can draw Chinese."""
    size = max(6, round(size))
    path = _cjk_font_path()
    if path is not None:
        try:
            return _truetype(path, size), True
        except OSError:
            pass
    return ImageFont.load_default(size=size), False


def _text_fitting(text: str, max_w: float, max_h: float, ascii_only: bool = False):
    """The text, its font and its box. Without a Chinese font, Chinese is dropped (with
    `ascii_only`, everything beyond ASCII, as on a number plate: "粤B·3K8Q2" -> "B3K8Q2")."""
    font, cjk = _font(max_h)
    if not cjk:
        keep = 0x80 if ascii_only else 0x100  # Pillow's own font draws Latin-1 (°C)
        text = "".join(ch for ch in text if ord(ch) < keep)
    box = font.getbbox(text) if text else (0, 0, 1, 1)
    tw = box[2] - box[0]
    if tw > max_w and tw > 0:
        font, _ = _font(max_h * max_w / tw)
        box = font.getbbox(text) if text else (0, 0, 1, 1)
    return text, font, box


def _draw_text(draw: ImageDraw.ImageDraw, centre: Pt, text: str, font, box, fill) -> None:
    if not text:
        return
    tw, th = box[2] - box[0], box[3] - box[1]
    draw.text(
        (centre[0] - tw / 2 - box[0], centre[1] - th / 2 - box[1]), text, font=font, fill=fill
    )


def _plate_texture(plate: tuple[str, bool], width_px: float) -> Image.Image:
    """A blue Chinese number plate (440 x 140 mm) as an RGBA image about width_px wide; or,
    for (dealer name, True), the red cover a dealer puts over it on a listed car."""
    w = max(48, min(896, math.ceil(width_px / 16) * 16))
    return _plate_image(plate[0], w, _cjk_font_path(), plate[1])


@lru_cache(maxsize=64)
def _plate_image(plate: str, w: int, font_path: str | None, cover: bool = False) -> Image.Image:
    # font_path only keys the cache: the text is drawn with whatever _font finds
    h = round(w * 140 / 440)
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    r = max(2, w // 40)
    d.rounded_rectangle(
        (0, 0, w - 1, h - 1), radius=r, fill=(*(COVER_RED if cover else PLATE_BLUE), 255)
    )
    b = max(1, w // 90)
    d.rounded_rectangle(
        (b * 2, b * 2, w - 1 - b * 2, h - 1 - b * 2),
        radius=r,
        outline=(235, 240, 248, 255),
        width=b,
    )
    text, font, box = _text_fitting(plate, w * 0.86, h * 0.62, ascii_only=not cover)
    _draw_text(d, (w / 2, h / 2), text, font, box, (248, 250, 252, 255))
    for x in (w * 0.09, w * 0.91):  # the two screws
        d.ellipse((x - b, h * 0.5 - b, x + b, h * 0.5 + b), fill=(150, 165, 190, 255))
    return im


# Time of day and light, chosen by the seed (the same for every shot of a car).


@dataclass(frozen=True)
class _Mood:
    sky_top: RGB
    sky_horizon: RGB
    haze: RGB
    ground_far: RGB
    ground_near: RGB
    verge: RGB
    light: Vec
    sun: float  # strength of the direct light
    shadow: int  # darkness of the car's shadow, 0..255
    clouds: int
    tint: RGB | None
    tint_amount: float


_MOODS = (
    # clear midday
    dict(
        sky_top=(86, 142, 212),
        sky_horizon=(202, 222, 238),
        haze=(205, 215, 225),
        ground_far=(150, 150, 150),
        ground_near=(96, 97, 100),
        verge=(128, 150, 110),
        sun=1.0,
        shadow=150,
        clouds=3,
        tint=None,
        tint_amount=0.0,
        elevation=58,
    ),
    # soft morning
    dict(
        sky_top=(112, 156, 210),
        sky_horizon=(236, 226, 212),
        haze=(226, 220, 212),
        ground_far=(160, 156, 152),
        ground_near=(100, 99, 100),
        verge=(140, 150, 112),
        sun=0.85,
        shadow=135,
        clouds=2,
        tint=(255, 226, 190),
        tint_amount=0.06,
        elevation=32,
    ),
    # bright overcast
    dict(
        sky_top=(160, 174, 190),
        sky_horizon=(220, 224, 228),
        haze=(214, 218, 222),
        ground_far=(150, 151, 153),
        ground_near=(104, 105, 108),
        verge=(132, 146, 120),
        sun=0.35,
        shadow=120,
        clouds=0,
        tint=(220, 228, 240),
        tint_amount=0.04,
        elevation=70,
    ),
    # late afternoon
    dict(
        sky_top=(82, 128, 200),
        sky_horizon=(248, 214, 176),
        haze=(236, 214, 190),
        ground_far=(162, 152, 144),
        ground_near=(98, 95, 96),
        verge=(150, 146, 100),
        sun=0.95,
        shadow=150,
        clouds=2,
        tint=(255, 210, 160),
        tint_amount=0.07,
        elevation=26,
    ),
)


def _mood(seed: int) -> _Mood:
    rng = _rng(f"mood:{seed}")
    m = dict(_MOODS[rng.randrange(len(_MOODS))])
    azimuth = math.radians(rng.uniform(0, 360))
    elevation = math.radians(m.pop("elevation") + rng.uniform(-6, 6))
    light = (
        math.cos(elevation) * math.cos(azimuth),
        math.cos(elevation) * math.sin(azimuth),
        math.sin(elevation),
    )
    return _Mood(light=light, **m)


# The car: a lofted lower body (hexagonal sections along its length), a glasshouse on top.


@dataclass(frozen=True)
class _CarSpec:
    kind: str
    half_width: float
    front_axle: float
    rear_axle: float
    tyre_r: float
    rim_r: float
    tyre_w: float
    stations: tuple  # (x, z of sill, z of top, width factor, top's x shift), front to rear
    glass: tuple  # glasshouse side profile (x, z), z None = on the body's top
    glass_base_w: float
    glass_roof_w: float
    b_pillar: float
    c_line: tuple  # rear door window's rear edge: (x at belt, x at roof)
    quarter: tuple | None  # SUV: rear quarter window between these x at the belt
    rails: bool
    cladding: bool

    @property
    def front(self) -> float:
        return self.stations[0][0]

    @property
    def rear(self) -> float:
        return self.stations[-1][0]

    @property
    def roof(self) -> float:
        return max(z for _, z in self.glass if z is not None)

    def section(self, x: float) -> tuple[float, float, float, float]:
        """(z of the sill, z of the top edge, width factor, top's x shift) at x."""
        return _section(self.stations, x)

    def surface(self, x: float, h: float, side: float, out: float = 0.0) -> Vec:
        """The body's skin at station x, height fraction h (0 sill .. 1 top edge)."""
        zl, zh, s, dx = self.section(x)
        return (x + dx * h, side * (s * self.half_width * _ring_w(h) + out), zl + h * (zh - zl))

    def glass_w(self, z: float) -> float:
        belt = min(self.section(x)[1] for x, _ in (self.glass[0], self.glass[-1]))
        t = (z - belt) / ((self.roof - belt) or 1)
        return self.glass_base_w + (self.glass_roof_w - self.glass_base_w) * max(0.0, min(1.0, t))

    def profile(self) -> list[tuple[float, float]]:
        return [(x, self.section(x)[1] if z is None else z) for x, z in self.glass]


# The body's cross-section, one side: (width factor, height fraction) from sill to top edge.
_RING = ((0.92, 0.0), (0.975, 0.27), (1.0, 0.58), (0.972, 0.82), (0.89, 1.0))
_SHOULDER = 0.58  # the widest line


@lru_cache(maxsize=8192)
def _section(st: tuple, x: float) -> tuple[float, float, float, float]:
    if x >= st[0][0]:
        return st[0][1:]
    for a, b in zip(st, st[1:], strict=False):
        if b[0] <= x <= a[0]:
            t = (a[0] - x) / ((a[0] - b[0]) or 1)
            return tuple(a[i] + (b[i] - a[i]) * t for i in range(1, 5))
    return st[-1][1:]


_TOP_W = _RING[-1][0]


def _ring_w(h: float) -> float:
    if h <= 0:
        return _RING[0][0]
    for (w0, h0), (w1, h1) in zip(_RING, _RING[1:], strict=False):
        if h <= h1:
            return w0 + (w1 - w0) * (h - h0) / (h1 - h0)
    return _RING[-1][0]


_SPECS = {
    "sedan": _CarSpec(
        kind="sedan",
        half_width=0.91,
        front_axle=1.43,
        rear_axle=-1.37,
        tyre_r=0.33,
        rim_r=0.215,
        tyre_w=0.225,
        stations=(
            (2.375, 0.27, 0.74, 0.86, -0.12),
            (2.34, 0.21, 0.79, 0.95, -0.10),
            (2.22, 0.19, 0.83, 0.99, -0.04),
            (1.70, 0.18, 0.88, 1.0, 0.0),
            (1.00, 0.18, 0.95, 1.0, 0.0),
            (-1.55, 0.18, 0.98, 1.0, 0.0),
            (-2.15, 0.20, 0.99, 0.99, 0.0),
            (-2.33, 0.26, 0.97, 0.95, 0.02),
            (-2.375, 0.33, 0.92, 0.87, 0.05),
        ),
        glass=(
            (1.00, None),
            (-0.02, 1.42),
            (-0.28, 1.47),
            (-0.95, 1.47),
            (-1.20, 1.42),
            (-1.55, None),
        ),
        glass_base_w=0.80,
        glass_roof_w=0.64,
        b_pillar=-0.28,
        c_line=(-1.02, -0.90),
        quarter=None,
        rails=False,
        cladding=False,
    ),
    "suv": _CarSpec(
        kind="suv",
        half_width=0.935,
        front_axle=1.37,
        rear_axle=-1.38,
        tyre_r=0.385,
        rim_r=0.25,
        tyre_w=0.245,
        stations=(
            (2.325, 0.44, 0.98, 0.88, -0.07),
            (2.29, 0.38, 1.04, 0.96, -0.06),
            (2.15, 0.36, 1.08, 0.99, -0.02),
            (1.55, 0.35, 1.11, 1.0, 0.0),
            (0.98, 0.35, 1.14, 1.0, 0.0),
            (-1.98, 0.35, 1.16, 1.0, 0.0),
            (-2.22, 0.37, 1.16, 0.99, 0.0),
            (-2.31, 0.44, 1.14, 0.96, 0.01),
            (-2.325, 0.50, 1.10, 0.90, 0.02),
        ),
        glass=(
            (0.98, None),
            (0.12, 1.66),
            (-0.12, 1.72),
            (-1.82, 1.72),
            (-2.04, 1.66),
            (-2.18, None),
        ),
        glass_base_w=0.82,
        glass_roof_w=0.70,
        b_pillar=-0.30,
        c_line=(-0.98, -0.98),
        quarter=(-1.12, -2.0),
        rails=True,
        cladding=True,
    ),
    "mpv": _CarSpec(
        kind="mpv",
        half_width=0.95,
        front_axle=1.55,
        rear_axle=-1.52,
        tyre_r=0.36,
        rim_r=0.235,
        tyre_w=0.235,
        stations=(
            (2.48, 0.34, 0.86, 0.88, -0.10),
            (2.44, 0.28, 0.92, 0.96, -0.08),
            (2.30, 0.26, 0.98, 0.99, -0.03),
            (1.85, 0.25, 1.04, 1.0, 0.0),
            (1.35, 0.25, 1.08, 1.0, 0.0),
            (-2.16, 0.25, 1.12, 1.0, 0.0),
            (-2.40, 0.27, 1.12, 0.99, 0.0),
            (-2.47, 0.34, 1.10, 0.96, 0.01),
            (-2.49, 0.42, 1.06, 0.92, 0.02),
        ),
        glass=(
            (1.35, None),
            (0.42, 1.82),
            (0.20, 1.87),
            (-2.10, 1.87),
            (-2.34, 1.80),
            (-2.42, None),
        ),
        glass_base_w=0.85,
        glass_roof_w=0.76,
        b_pillar=-0.02,
        c_line=(-1.0, -1.0),
        quarter=(-1.08, -2.2),
        rails=True,
        cladding=False,
    ),
    "hatchback": _CarSpec(
        kind="hatchback",
        half_width=0.89,
        front_axle=1.22,
        rear_axle=-1.42,
        tyre_r=0.315,
        rim_r=0.205,
        tyre_w=0.205,
        stations=(
            (2.10, 0.27, 0.74, 0.86, -0.12),
            (2.065, 0.21, 0.79, 0.95, -0.10),
            (1.95, 0.19, 0.83, 0.99, -0.04),
            (1.45, 0.18, 0.88, 1.0, 0.0),
            (0.80, 0.18, 0.95, 1.0, 0.0),
            (-1.86, 0.19, 1.00, 1.0, 0.0),
            (-2.03, 0.25, 0.99, 0.97, 0.0),
            (-2.10, 0.33, 0.96, 0.88, 0.02),
        ),
        glass=(
            (0.80, None),
            (-0.10, 1.44),
            (-0.35, 1.49),
            (-1.55, 1.47),
            (-1.74, 1.41),
            (-1.93, None),
        ),
        glass_base_w=0.78,
        glass_roof_w=0.62,
        b_pillar=-0.42,
        c_line=(-1.06, -1.12),
        quarter=None,
        rails=False,
        cladding=False,
    ),
}


def _car(body: str) -> _CarSpec:
    return _SPECS[body]


# The camera.


class _Camera:
    def __init__(self, eye: Vec, target: Vec) -> None:
        self.eye = eye
        fwd = _unit(_sub(target, eye))
        right = _unit(_cross(fwd, (0.0, 0.0, 1.0)))
        self.fwd, self.right, self.up = fwd, right, _cross(right, fwd)
        self.focal, self.cx, self.cy = 1.0, 0.0, 0.0

    def to_cam(self, p: Vec) -> Vec:
        d = _sub(p, self.eye)
        return (_dot(d, self.right), _dot(d, self.up), _dot(d, self.fwd))

    def project(self, p: Vec) -> Pt:
        x, y, z = self.to_cam(p)
        z = max(z, 1e-3)
        return (self.cx + self.focal * x / z, self.cy - self.focal * y / z)

    def poly(self, points: list[Vec], near: float = 0.3) -> list[Pt]:
        cam = [self.to_cam(p) for p in points]
        if any(c[2] < near for c in cam):
            clipped = []
            n = len(cam)
            for i in range(n):
                a, b = cam[i], cam[(i + 1) % n]
                if a[2] >= near:
                    clipped.append(a)
                if (a[2] >= near) != (b[2] >= near):
                    t = (near - a[2]) / (b[2] - a[2])
                    clipped.append(_lerp3(a, b, t))
            cam = clipped
        f = self.focal
        return [(self.cx + f * x / z, self.cy - f * y / z) for x, y, z in cam]

    def sees(self, point: Vec, normal: Vec) -> bool:
        return _dot(normal, _sub(self.eye, point)) > 1e-6

    def fit(self, points: list[Vec], box: tuple[float, float, float, float]) -> None:
        """Zoom and shift so the points fill the box (left, top, right, bottom)."""
        raw = []
        for p in points:
            x, y, z = self.to_cam(p)
            raw.append((x / z, -y / z))
        u0, u1 = min(q[0] for q in raw), max(q[0] for q in raw)
        v0, v1 = min(q[1] for q in raw), max(q[1] for q in raw)
        s = min((box[2] - box[0]) / (u1 - u0), (box[3] - box[1]) / (v1 - v0))
        self.focal = s
        self.cx = (box[0] + box[2]) / 2 - s * (u0 + u1) / 2
        self.cy = (box[1] + box[3]) / 2 - s * (v0 + v1) / 2

    def horizon(self) -> float:
        far = (self.eye[0] + self.fwd[0] * 1e5, self.eye[1] + self.fwd[1] * 1e5, self.eye[2])
        return self.project(far)[1]


# Exterior shots.

# slot -> (camera azimuth in degrees from the car's nose towards its left, distance, height)
_VIEWS = {
    "front_three_quarter_left": (36.0, 7.6, 1.35),
    "front": (0.0, 7.0, 1.25),
    "front_three_quarter_right": (-36.0, 7.6, 1.35),
    "right_side": (-90.0, 8.5, 1.25),
    "rear_three_quarter": (-144.0, 7.6, 1.35),
    "rear": (180.0, 7.0, 1.3),
    "left_side": (90.0, 8.5, 1.25),
}


def _exterior(p: _Painter, slot, car: _CarSpec, colour, plate, mood: _Mood, rng, seed) -> None:
    azimuth, dist, height = _VIEWS[slot]
    azimuth = math.radians(azimuth + rng.uniform(-2.5, 2.5))
    height += rng.uniform(-0.08, 0.08)
    mid = (car.front + car.rear) / 2
    target = (mid, 0.0, car.roof * 0.42)
    eye = (mid + dist * math.cos(azimuth), dist * math.sin(azimuth), height)
    cam = _Camera(eye, target)
    hw = car.half_width
    corners = [(x, y, z) for x in (car.front, car.rear) for y in (-hw, hw) for z in (0.0, car.roof)]
    w, h = p.w, p.h
    side_view = abs(math.sin(azimuth)) > 0.9
    box_w = 0.86 if side_view else 0.80
    box_h = 0.56 if abs(math.cos(azimuth)) > 0.9 else 0.62
    cam.fit(corners, (w * (1 - box_w) / 2, h * 0.30, w * (1 + box_w) / 2, h * (0.30 + box_h)))
    outline = [cam.project(q) for q in corners]
    clear = (
        min(q[0] for q in outline),
        min(q[1] for q in outline),
        max(q[0] for q in outline),
        max(q[1] for q in outline),
    )
    _background(p, cam, mood, seed, clear)
    _shadow(p, cam, car, mood)
    _draw_car(p, cam, car, colour, plate, mood, seed)


def _background(p: _Painter, cam: _Camera, mood: _Mood, seed: int, clear) -> None:
    horizon = cam.horizon()
    w, h = p.w, p.h
    hz = max(-1, min(h + 1, horizon))
    sky_rows = max(1, int(hz))
    step = 2
    for y in range(0, sky_rows, step):
        t = max(0.0, y / max(1, hz)) ** 1.4
        p.draw.rectangle((0, y, w, y + step), fill=_mix(mood.sky_top, mood.sky_horizon, t))
    rng = _rng(f"world:{seed}")
    _clouds(p, hz, mood, rng)
    for y in range(int(hz), h, step):
        t = max(0.0, (y - hz) / max(1, h - hz)) ** 0.7
        p.draw.rectangle((0, y, w, y + step), fill=_mix(mood.ground_far, mood.ground_near, t))
    _world(p, cam, mood, rng, clear)


def _clouds(p: _Painter, horizon: float, mood: _Mood, rng: random.Random) -> None:
    for _ in range(mood.clouds):
        cx = rng.uniform(0.05, 0.95) * p.w
        cy = rng.uniform(0.12, 0.55) * max(40, horizon)
        r = rng.uniform(0.035, 0.06) * p.w
        colour = _mix(mood.sky_top, WHITE, 0.55 if cy < horizon * 0.5 else 0.4)
        for k in range(5):
            dx = (k - 2) * r * 0.75 + rng.uniform(-0.2, 0.2) * r
            rr = r * (1.0 - abs(k - 2) * 0.22)
            p.ellipse(cx + dx, cy - rr * 0.35, rr, rr * 0.62, colour)
        p.draw.rectangle((cx - 2.0 * r, cy - r * 0.1, cx + 2.0 * r, cy + r * 0.22), fill=colour)


def _world(p: _Painter, cam: _Camera, mood: _Mood, rng: random.Random, clear) -> None:
    """The lot's surroundings, in world metres around the car (nose towards +x); stock cars
    parked in the distance stay out of the `clear` box, the subject car's place on screen."""
    items: list[tuple[float, object]] = []  # (distance, draw callable)
    u = p.u

    def add(centre: Vec, fn) -> None:
        c = cam.to_cam(centre)
        if c[2] > 1.0:
            items.append((math.dist(centre, cam.eye), fn))

    def hazed(c: RGB, at: Vec) -> RGB:
        d = math.dist(at, cam.eye)
        return _mix(c, mood.haze, 1 - math.exp(-d / 90))

    def quad_fn(points, c):
        def fn():
            p.poly(cam.poly(points), hazed(c, _centroid(points)))

        return fn

    def box(x0, x1, y0, y1, z0, z1, colour, facade=None):
        pts = {
            (i, j, k): (x, y, z)
            for i, x in enumerate((x0, x1))
            for j, y in enumerate((y0, y1))
            for k, z in enumerate((z0, z1))
        }
        faces = [
            ((1, 0, 0), [pts[1, 0, 0], pts[1, 1, 0], pts[1, 1, 1], pts[1, 0, 1]], "x1"),
            ((-1, 0, 0), [pts[0, 0, 0], pts[0, 0, 1], pts[0, 1, 1], pts[0, 1, 0]], "x0"),
            ((0, 1, 0), [pts[0, 1, 0], pts[0, 1, 1], pts[1, 1, 1], pts[1, 1, 0]], "y1"),
            ((0, -1, 0), [pts[0, 0, 0], pts[1, 0, 0], pts[1, 0, 1], pts[0, 0, 1]], "y0"),
            ((0, 0, 1), [pts[0, 0, 1], pts[1, 0, 1], pts[1, 1, 1], pts[0, 1, 1]], "z1"),
        ]

        def fn():
            for n, quad, name in faces:
                if cam.sees(_centroid(quad), n):
                    shade = 0.82 + 0.18 * max(0.0, _dot(n, mood.light)) + 0.1 * n[2]
                    p.poly(cam.poly(quad), hazed(_mul(colour, shade), _centroid(quad)))
                    if facade is not None:
                        facade(name, quad)

        add(((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2), fn)

    # Far skyline on the horizon.
    sky_rng = _rng(f"skyline:{rng.random()}")

    def skyline():
        base = cam.horizon()
        x = -p.w * 0.05
        col = _mix(mood.haze, (120, 132, 150), 0.35)
        while x < p.w * 1.05:
            bw = sky_rng.uniform(0.03, 0.08) * p.w
            bh = sky_rng.uniform(0.01, 0.05) * p.h
            p.draw.rectangle((x, base - bh, x + bw, base + 2), fill=col)
            x += bw + sky_rng.uniform(0.0, 0.05) * p.w

    items.append((1e9, skyline))

    # The verge beyond the lot.
    for quad in (
        [(44, -400, 0), (400, -400, 0), (400, 400, 0), (44, 400, 0)],
        [(-400, 32, 0), (400, 32, 0), (400, 400, 0), (-400, 400, 0)],
        [(-400, -400, 0), (400, -400, 0), (400, -36, 0), (-400, -36, 0)],
        [(-400, -400, 0), (-44, -400, 0), (-44, 400, 0), (-400, 400, 0)],
    ):
        items.append((1e8, quad_fn(quad, mood.verge)))

    # The showroom behind the car's nose... seen from the front.
    glass = (120, 150, 172)
    brand = (196, 30, 40) if rng.random() < 0.5 else (20, 84, 160)

    def showroom_facade(name, quad):
        if name != "x1":
            return
        (x, y0, _), (_, y1, _) = quad[0], quad[1]
        fz0, fz1 = 0.4, 5.2
        panel = [(x + 0.05, y0 + 1, fz0), (x + 0.05, y1 - 1, fz0)]
        pane = [panel[0], panel[1], (x + 0.05, y1 - 1, fz1), (x + 0.05, y0 + 1, fz1)]
        p.poly(cam.poly(pane), hazed(glass, pane[0]))
        reflect = [
            (x + 0.06, y0 + 1, fz0),
            (x + 0.06, y1 - 1, fz0),
            (x + 0.06, y1 - 1, 1.6),
            (x + 0.06, y0 + 1, 2.6),
        ]
        p.poly(cam.poly(reflect), hazed(_mix(glass, (80, 100, 118), 0.5), reflect[0]))
        yy = y0 + 1
        while yy <= y1 - 1:
            post = [(x + 0.07, yy, fz0), (x + 0.07, yy, fz1)]
            p.line(cam.poly(post), hazed((210, 214, 218), post[0]), 2.2 * u)
            yy += 3.0
        beam = [(x + 0.07, y0 + 1, 2.8), (x + 0.07, y1 - 1, 2.8)]
        p.line(cam.poly(beam), hazed((210, 214, 218), beam[0]), 2.2 * u)
        band = [
            (x + 0.08, y0 + 0.5, 5.6),
            (x + 0.08, y1 - 0.5, 5.6),
            (x + 0.08, y1 - 0.5, 7.2),
            (x + 0.08, y0 + 0.5, 7.2),
        ]
        p.poly(cam.poly(band), hazed(brand, band[0]))
        sy0 = -8.0 + shift
        sign = [
            (x + 0.1, sy0, 7.0),
            (x + 0.1, sy0 + 9.0, 7.0),
            (x + 0.1, sy0 + 9.0, 5.8),
            (x + 0.1, sy0, 5.8),
        ]
        quad2d = cam.poly(sign)
        if len(quad2d) == 4:  # seen from +x, y grows to the right
            sign_c = hazed(brand, sign[0])
            p.texture(_sign_texture(sign_c, max(40, math.dist(quad2d[0], quad2d[1]))), quad2d)

    shift = rng.uniform(-6, 6)
    box(-46, -34, -40 + shift, 24 + shift, 0, 7.4, (226, 228, 230), showroom_facade)

    # A workshop off the car's left (seen in the left-side shot).
    def workshop_facade(name, quad):
        if name != "y1":
            return
        x0w, x1w = quad[0][0], quad[2][0]
        y = quad[0][1] + 0.05
        door_w, gap = 4.0, 2.0
        x = x0w + 2.0
        while x + door_w < x1w - 1:
            door = [(x, y, 0.0), (x + door_w, y, 0.0), (x + door_w, y, 4.2), (x, y, 4.2)]
            p.poly(cam.poly(door), hazed((178, 184, 190), door[0]))
            for k in range(1, 8):
                z = 4.2 * k / 8
                p.line(
                    cam.poly([(x, y + 0.01, z), (x + door_w, y + 0.01, z)]),
                    hazed((150, 156, 164), door[0]),
                    1.2 * u,
                )
            x += door_w + gap
        stripe = [(x0w, y, 5.2), (x1w, y, 5.2), (x1w, y, 5.7), (x0w, y, 5.7)]
        p.poly(cam.poly(stripe), hazed(brand, stripe[0]))

    wshift = rng.uniform(-8, 8)
    box(-26 + wshift, 8 + wshift, -52, -40, 0, 6.5, (196, 200, 206), workshop_facade)

    # The fence round the rest of the lot, trees beyond it, lamp posts on it.
    fence_c = (84, 96, 92)

    def fence_run(a: Vec, b: Vec):
        length = math.dist(a, b)

        def fn():
            for z in (0.9, 1.9):
                seg = [(a[0], a[1], z), (b[0], b[1], z)]
                p.line(cam.poly(seg, near=0.5), hazed(fence_c, _lerp3(a, b, 0.5)), 1.6 * u)
            n = int(length / 2.5)
            for i in range(n + 1):
                q = _lerp3(a, b, i / n)
                post = [(q[0], q[1], 0.0), (q[0], q[1], 2.0)]
                if cam.to_cam(q)[2] > 0.5:
                    p.line(cam.poly(post), hazed(fence_c, q), 1.6 * u)

        return fn

    for a, b in (
        ((-34, 30, 0), (42, 30, 0)),
        ((42, 30, 0), (42, -38, 0)),
        ((8, -38, 0), (42, -38, 0)),
    ):
        steps = 6
        for i in range(steps):
            pa, pb = _lerp3(a, b, i / steps), _lerp3(a, b, (i + 1) / steps)
            add(_lerp3(pa, pb, 0.5), fence_run(pa, pb))

    tree_greens = [(92, 132, 84), (76, 118, 78), (108, 142, 90)]
    for run in (((-30, 36), (46, 36)), ((48, 34), (48, -42)), ((10, -44), (46, -44))):
        (ax, ay), (bx, by) = run
        n = 9
        for i in range(n):
            t = (i + rng.uniform(0.1, 0.9)) / n
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t
            if rng.random() < 0.2:
                continue
            r = rng.uniform(2.2, 3.4)
            trunk_h = rng.uniform(2.0, 3.0)
            green = rng.choice(tree_greens)

            def tree(x=x, y=y, r=r, trunk_h=trunk_h, green=green):
                base, top = cam.project((x, y, 0.0)), cam.project((x, y, trunk_h + r))
                c = cam.to_cam((x, y, trunk_h + r))
                if c[2] <= 1:
                    return
                rp = cam.focal * r / c[2]
                p.line([base, top], hazed((96, 84, 70), (x, y, 0)), max(1.0, rp * 0.14))
                col = hazed(green, (x, y, trunk_h))
                p.ellipse(top[0], top[1], rp, rp * 1.05, col)
                p.ellipse(
                    top[0] - rp * 0.3, top[1] - rp * 0.35, rp * 0.55, rp * 0.5, _mul(col, 1.07)
                )

            add((x, y, trunk_h), tree)

    for lx, ly in ((14, 18), (-12, 20), (18, -20), (-16, -24), (30, 2)):
        lx += rng.uniform(-2, 2)

        def lamp(lx=lx, ly=ly):
            pole = cam.poly([(lx, ly, 0.0), (lx, ly, 8.0)], near=1.0)
            if len(pole) < 2:
                return
            col = hazed((120, 126, 132), (lx, ly, 4))
            p.line(pole, col, max(1.5, cam.focal * 0.12 / max(1, cam.to_cam((lx, ly, 4))[2])))
            arm = cam.poly([(lx, ly, 8.0), (lx - 1.2, ly, 7.9)], near=1.0)
            p.line(arm, col, max(1.5, cam.focal * 0.1 / max(1, cam.to_cam((lx, ly, 8))[2])))

        add((lx, ly, 4.0), lamp)

    # Feather flags by the showroom.
    for fy in (-14 + shift, -6 + shift, 10 + shift):

        def flag(fy=fy):
            x = -30.0
            pole = [(x, fy, 0.0), (x, fy, 5.0)]
            p.line(cam.poly(pole), hazed((150, 150, 150), pole[0]), 1.5 * u)
            sail = [
                (x, fy, 1.2),
                (x, fy, 4.9),
                (x, fy + 0.5, 5.0),
                (x, fy + 0.9, 4.4),
                (x, fy + 0.7, 1.4),
            ]
            p.poly(cam.poly(sail), hazed(brand, sail[0]))

        add((-30.0, fy, 2.5), flag)

    # A few stock cars parked in the distance.
    for px, py, pc in (
        (16.0, 15.0, (200, 200, 204)),
        (16.0, 20.0, (40, 44, 52)),
        (-14.0, -22.0, (150, 26, 34)),
        (24.0, -16.0, (220, 220, 222)),
        (-18.0, 18.0, (60, 90, 140)),
        (6.0, -27.0, (120, 124, 130)),
    ):
        if rng.random() < 0.25:
            continue
        yaw = rng.choice((0.0, math.pi / 2, math.pi)) + rng.uniform(-0.05, 0.05)
        spec = _car(rng.choice(BODIES))
        ends = [
            (
                px + dx * math.cos(yaw) - dy * math.sin(yaw),
                py + dx * math.sin(yaw) + dy * math.cos(yaw),
                z,
            )
            for dx in (-2.4, 2.4)
            for dy in (-1.0, 1.0)
            for z in (0.0, 1.7)
        ]
        if any(cam.to_cam(q)[2] < 1.0 for q in ends):
            continue
        seen = [cam.project(q) for q in ends]
        margin = 0.02 * p.w
        if (
            min(q[0] for q in seen) < clear[2] + margin
            and max(q[0] for q in seen) > clear[0] - margin
            and min(q[1] for q in seen) < clear[3] + margin
            and max(q[1] for q in seen) > clear[1] - margin
        ):
            continue

        def parked(px=px, py=py, pc=pc, yaw=yaw, spec=spec):
            _draw_car(p, cam, spec, pc, ("", False), mood, 0, offset=(px, py, yaw), simple=True)

        add((px, py, 0.7), parked)

    _parking_lines(p, cam, mood, items)

    for _, fn in sorted(items, key=lambda it: -it[0]):
        fn()


def _sign_texture(brand: RGB, width_px: float) -> Image.Image:
    return _sign_image(brand, max(48, min(1200, math.ceil(width_px / 32) * 32)), _cjk_font_path())


@lru_cache(maxsize=64)
def _sign_image(brand: RGB, w: int, font_path: str | None) -> Image.Image:
    # font_path only keys the cache, as for the plate
    h = max(8, round(w * 1.2 / 9.0))
    im = Image.new("RGBA", (w, h), (*brand, 255))
    d = ImageDraw.Draw(im)
    text, font, box = _text_fitting("华骏汽车 · 认证二手车", w * 0.9, h * 0.62)
    if not text.strip(" ·"):
        text, font, box = _text_fitting("HUAJUN AUTO  USED CARS", w * 0.9, h * 0.55)
    _draw_text(d, (w / 2, h / 2), text, font, box, (255, 255, 255, 255))
    return im


def _parking_lines(p: _Painter, cam: _Camera, mood: _Mood, items) -> None:
    """Bay lines on the asphalt: the car stands nose-out in a bay 2.6 m wide."""
    paint = _mix((236, 234, 222), mood.ground_far, 0.12)
    half = 0.06

    def ground_quad(x0, x1, y0, y1):
        return [(x0, y0, 0.0), (x1, y0, 0.0), (x1, y1, 0.0), (x0, y1, 0.0)]

    quads = []
    for k in range(-5, 6):
        y = 1.3 + 2.6 * k
        quads.append(ground_quad(-2.9, 2.75, y - half, y + half))
    quads.append(ground_quad(-2.9 - 2 * half, -2.9, -13.0 - half, 13.0 + half))
    for k in range(-5, 5):  # the opposite row, across the aisle
        y = 1.3 + 2.6 * k
        quads.append(ground_quad(9.5, 15.0, y - half, y + half))
    quads.append(ground_quad(15.0, 15.0 + 2 * half, -12.0, 12.0))

    def draw():
        for q in quads:
            p.poly(cam.poly(q, near=0.6), paint)

    items.append((60.0, draw))


def _shadow(p: _Painter, cam: _Camera, car: _CarSpec, mood: _Mood) -> None:
    hw = car.half_width
    # offset away from the light, a little
    lx, ly = -mood.light[0], -mood.light[1]
    k = 0.25 * mood.sun / max(0.35, mood.light[2])
    dx, dy = lx * k, ly * k
    outer = [
        (car.front + 0.25 + dx, -hw - 0.25 + dy, 0.0),
        (car.front + 0.25 + dx, hw + 0.25 + dy, 0.0),
        (car.rear - 0.25 + dx, hw + 0.25 + dy, 0.0),
        (car.rear - 0.25 + dx, -hw - 0.25 + dy, 0.0),
    ]
    inner = [
        (car.front - 0.15, -hw + 0.05, 0.0),
        (car.front - 0.15, hw - 0.05, 0.0),
        (car.rear + 0.15, hw - 0.05, 0.0),
        (car.rear + 0.15, -hw + 0.05, 0.0),
    ]
    so, si = cam.poly(outer), cam.poly(inner)
    if len(so) < 3:
        return
    pad = 0.05 * p.w
    x0 = max(0, int(min(q[0] for q in so) - pad))
    y0 = max(0, int(min(q[1] for q in so) - pad))
    x1 = min(p.w, int(max(q[0] for q in so) + pad))
    y1 = min(p.h, int(max(q[1] for q in so) + pad))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return
    f = p.ss  # the mask is drawn at the final size (blurred there), enlarged by repeating pixels
    mw, mh = max(2, (x1 - x0) // f), max(2, (y1 - y0) // f)
    mask = Image.new("L", (mw, mh), 0)
    d = ImageDraw.Draw(mask)
    d.polygon([((q[0] - x0) / f, (q[1] - y0) / f) for q in so], fill=mood.shadow // 2)
    d.polygon([((q[0] - x0) / f, (q[1] - y0) / f) for q in si], fill=mood.shadow)
    wheels = []
    for ax in (car.front_axle, car.rear_axle):
        for s in (-1, 1):
            c = cam.project((ax, s * (hw - car.tyre_w / 2), 0.0))
            wheels.append(c)
            rr = cam.focal * car.tyre_w * 0.8 / max(0.5, cam.to_cam((ax, s * hw, 0.0))[2]) / f
            d.ellipse(
                (
                    (c[0] - x0) / f - rr * 1.6,
                    (c[1] - y0) / f - rr * 0.6,
                    (c[0] - x0) / f + rr * 1.6,
                    (c[1] - y0) / f + rr * 0.6,
                ),
                fill=min(255, mood.shadow + 60),
            )
    blur = max(1.0, mw / 60)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    mask = mask.resize((x1 - x0, y1 - y0), Image.Resampling.NEAREST)
    p.img.paste((20, 20, 24), (x0, y0, x1, y1), mask)


def _shade(base: RGB, n: Vec, mood: _Mood, gloss: float = 1.0) -> RGB:
    lam = max(0.0, _dot(n, mood.light)) * mood.sun
    up = n[2]
    k = 0.70 + 0.20 * (0.5 + 0.5 * up) + 0.24 * lam
    c = _mul(base, k)
    if up > 0.55:  # roof and bonnet catch the sky
        c = _mix(c, _mix(mood.sky_horizon, WHITE, 0.4), gloss * 0.22 * (up - 0.55) / 0.45)
    return c


def _draw_car(
    p: _Painter,
    cam: _Camera,
    car: _CarSpec,
    colour: RGB,
    plate: tuple[str, bool],  # (text, whether it is a dealer's cover)
    mood: _Mood,
    seed: int,
    offset: tuple[float, float, float] | None = None,
    simple: bool = False,
) -> None:
    """Draw the car; `offset` (x, y, yaw) places a background car, `simple` skips details."""
    _CarArt(p, cam, car, colour, plate, mood, seed, offset, simple).draw()


class _CarArt:
    """One car seen through one camera: the faces of its model, then decals on them."""

    def __init__(self, p, cam, car, colour, plate, mood, seed, offset, simple) -> None:
        self.p, self.cam, self.car, self.paint = p, cam, car, colour
        self.plate, self.mood, self.seed, self.simple = plate, mood, seed, simple
        self.u = p.u
        self.offset = offset
        if offset is not None:
            ox, oy, yaw = offset
            c, s = math.cos(yaw), math.sin(yaw)
            self._rot = (c, s)
            e = _sub(cam.eye, (ox, oy, 0.0))
            self.eye = (e[0] * c + e[1] * s, -e[0] * s + e[1] * c, e[2])
            d = math.dist(cam.eye, (ox, oy, 0.7))
            self.haze = 1 - math.exp(-d / 90)
        else:
            self._rot = None
            self.eye = cam.eye
            self.haze = 0.0
        self.centre = ((car.front + car.rear) / 2, 0.0, 0.5)
        self.side = 1.0 if self.eye[1] > 0 else -1.0
        self.outside = abs(self.eye[1]) > car.half_width  # one side of the car is in view

    # world <-> model

    def place(self, q: Vec) -> Vec:
        if self._rot is None:
            return q
        c, s = self._rot
        ox, oy, _ = self.offset
        return (ox + q[0] * c - q[1] * s, oy + q[0] * s + q[1] * c, q[2])

    def turn(self, n: Vec) -> Vec:
        if self._rot is None:
            return n
        c, s = self._rot
        return (n[0] * c - n[1] * s, n[0] * s + n[1] * c, n[2])

    def proj(self, points: list[Vec]) -> list[Pt]:
        return self.cam.poly([self.place(q) for q in points])

    def pt(self, q: Vec) -> Pt:
        return self.cam.project(self.place(q))

    def sees(self, points: list[Vec], n: Vec) -> bool:
        return _dot(n, _sub(self.eye, _centroid(points))) > 1e-6

    def hazed(self, c: RGB) -> RGB:
        return _mix(c, self.mood.haze, self.haze) if self.haze else c

    def shade(self, base: RGB, n: Vec, gloss: float = 1.0) -> RGB:
        return self.hazed(_shade(base, self.turn(n), self.mood, gloss))

    def outward(self, points: list[Vec], centre: Vec | None = None) -> Vec:
        n = _newell(points)
        if _dot(n, _sub(_centroid(points), centre or self.centre)) < 0:
            n = _scale(n, -1)
        return n

    def decal(self, points: list[Vec], fill: RGB, radius: float = 0.0) -> None:
        """A flat shape lying on a face, drawn when that face is turned to the camera."""
        if len(points) < 3 or not self.sees(points, self.outward(points)):
            return
        q = self.proj(points)
        if radius:
            q = _rounded(q, radius * self.u)
        self.p.poly(q, self.hazed(fill))

    def px(self, metres: float, at: Vec) -> float:
        """Pixels that `metres` spans at `at`."""
        z = max(0.3, self.cam.to_cam(self.place(at))[2])
        return self.cam.focal * metres / z

    # points on the body

    def side_pt(self, x: float, z: float, s: float, out: float = 0.004) -> Vec:
        zl, zh = self.car.section(x)[:2]
        return self.car.surface(x, (z - zl) / ((zh - zl) or 1), s, out)

    def band_pt(self, x: float, v: float, s: float, out: float = 0.004) -> Vec:
        """On the upper side band: v = 0 on the shoulder, 1 on the top edge."""
        return self.car.surface(x, _SHOULDER + v * (1 - _SHOULDER), s, out)

    def cap_pt(self, end: str, sx: float, tz: float) -> Vec:
        """On the front or rear face: sx -1..1 across (+ = car's left), tz 0..1 up."""
        x, zl, zh, s, dx = self.car.stations[0] if end == "front" else self.car.stations[-1]
        off = 0.004 if end == "front" else -0.004
        return (x + dx * tz + off, sx * s * self.car.half_width, zl + tz * (zh - zl))

    def cap(self, end: str, points) -> list[Vec]:
        return [self.cap_pt(end, sx, tz) for sx, tz in points]

    # the whole car

    def draw(self) -> None:
        car = self.car
        for ax in (car.front_axle, car.rear_axle):
            for s in (-1.0, 1.0):
                if not (self.outside and s == self.side):
                    self.wheel(ax, s)
        self.body()
        if self.outside:
            self.side_details(self.side)
        if self.eye[0] > car.front:
            self.front_details()
        if self.eye[0] < car.rear:
            self.rear_details()
        if not self.simple:
            self.top_lines()
            for s in (-1.0, 1.0):
                if not (self.outside and s == self.side):
                    self.mirror(s)
        # roof rails seen from below the roof hide behind its edge; from above they sit on it
        rails_first = car.rails and self.eye[2] < car.roof
        if rails_first:
            for s in (-1.0, 1.0):
                self.roof_rail(s)
        self.glasshouse()
        if car.rails and not rails_first:
            for s in (-1.0, 1.0):
                self.roof_rail(s)
        if self.outside:
            if not self.simple:
                self.mirror(self.side)
            for ax in (car.front_axle, car.rear_axle):
                self.near_wheel(ax, self.side)

    def body(self) -> None:
        car = self.car
        hs = [h for _, h in _RING]
        sections = [
            [car.surface(st[0], h, -1.0) for h in hs]
            + [car.surface(st[0], h, 1.0) for h in reversed(hs)]
            for st in car.stations
        ]
        m = len(sections[0])
        faces = []
        for a, b in zip(sections, sections[1:], strict=False):
            for e in range(m - 1):  # the last edge is the underside
                faces.append(([a[e], a[e + 1], b[e + 1], b[e]], e))
        faces.append((list(reversed(sections[0])), "front"))
        faces.append((sections[-1], "rear"))
        lower = _mul(self.paint, 0.93)
        low_edges = (0, 1, m - 3, m - 2)
        tops = []
        for quad, role in faces:
            n = self.outward(quad)
            if self.sees(quad, n):
                fill = self.shade(lower if role in low_edges else self.paint, n)
                q = self.proj(quad)
                self.p.poly(q, fill)
                if role == m // 2 - 1 and len(q) >= 3:
                    tops.append((q, fill))
        if tops and not self.simple:  # a soft reflection across the bonnet and boot
            xs = [x for q, _ in tops for x, _ in q]
            ys = [y for q, _ in tops for _, y in q]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            lean = (y1 - y0) * 1.4
            for a, b, k in ((0.30, 0.44, 0.16), (0.48, 0.53, 0.1)):
                for q, fill in tops:
                    band = _clip_line(q, (x0 + (x1 - x0) * a, y1), (x0 + (x1 - x0) * a + lean, y0))
                    band = _clip_line(
                        band, (x0 + (x1 - x0) * b + lean, y0), (x0 + (x1 - x0) * b, y1)
                    )
                    self.p.poly(band, _mix(fill, WHITE, k))

    # details on the sides

    def side_details(self, s: float) -> None:
        car, p, u = self.car, self.p, self.u
        side_n = (0.0, s, 0.0)
        dark = self.shade(_mul(self.paint, 0.55), side_n)
        if car.cladding:
            xs = _steps(car.front - 0.1, car.rear + 0.1, 0.05)
            top = [self.side_pt(x, car.section(x)[0] + 0.13, s) for x in xs]
            bottom = [self.side_pt(x, car.section(x)[0], s) for x in reversed(xs)]
            p.poly(self.proj(top + bottom), self.shade((46, 47, 50), side_n))
        elif not self.simple:
            xs = _steps(car.front_axle - car.tyre_r * 1.2, car.rear_axle + car.tyre_r * 1.2, 0.05)
            top = [self.side_pt(x, car.section(x)[0] + 0.05, s, 0.005) for x in xs]
            bottom = [self.side_pt(x, car.section(x)[0], s, 0.005) for x in reversed(xs)]
            p.poly(self.proj(top + bottom), self.shade(_mul(self.paint, 0.74), (0, s, -0.5)))
        for ax in (car.front_axle, car.rear_axle):
            if car.cladding:
                p.poly(self.proj(self.arch(ax, s, 1.13 + 0.22)), self.shade((46, 47, 50), side_n))
            p.poly(self.proj(self.arch(ax, s, 1.13)), self.hazed((16, 16, 18)))
        if self.simple:
            return
        # the shoulder line catches the light
        glint = _mix(self.shade(self.paint, (0.0, s, 0.6)), WHITE, 0.4)
        run: list[Vec] = []
        k_arch = 1.35 if car.cladding else 1.13
        for x in _steps(car.stations[1][0], car.stations[-2][0], 0.04):
            q = self.band_pt(x, 0.04, s, 0.008)
            hidden = any(
                abs(x - ax) < car.tyre_r * k_arch
                and car.tyre_r + math.sqrt((car.tyre_r * k_arch) ** 2 - (x - ax) ** 2) > q[2] - 0.02
                for ax in (car.front_axle, car.rear_axle)
            )
            if not hidden:
                run.append(q)
            if (hidden or x == car.stations[-2][0]) and len(run) > 1:
                p.line(self.proj(run), glint, 2.0 * u)
            if hidden:
                run = []
        # door shut lines and handles
        a_x, b_x, c_x = car.glass[0][0] - 0.02, car.b_pillar, car.c_line[0]
        for x_top, x_bot in ((a_x, a_x + 0.04), (b_x, b_x), (c_x, c_x + 0.02)):
            pts = []
            for k in range(9):
                t = k / 8
                x = x_top + (x_bot - x_top) * t
                zl, zh = car.section(x)[:2]
                z = zh - 0.01 - (zh - zl - 0.03) * t
                if car.cladding:
                    z = max(z, zl + 0.13)
                pts.append(self.side_pt(x, z, s, 0.007))
            p.line(self.proj(pts), dark, 1.6 * u)
        handle_c = CHROME if car.kind == "sedan" else _mul(self.paint, 0.75)
        for hx in (b_x - 0.14, c_x + 0.14):
            pts = [
                self.band_pt(hx + dx, v, s, 0.01)
                for dx, v in ((0.08, 0.12), (-0.08, 0.12), (-0.08, 0.3), (0.08, 0.3))
            ]
            self.decal(pts, _mix(self.shade(self.paint, side_n), handle_c, 0.6), 2)
        # side repeater on the front wing, fuel flap on the right rear
        fx = car.front_axle - car.tyre_r * 1.5
        rep = [
            self.band_pt(fx + dx, v, s, 0.01)
            for dx, v in ((0.045, 0.1), (0.0, 0.2), (-0.045, 0.1), (0.0, 0.0))
        ]
        self.decal(rep, (236, 150, 40))
        if s < 0:
            fx = car.rear_axle + car.tyre_r * 1.55
            flap = [
                self.band_pt(fx + dx, v, s, 0.009)
                for dx, v in ((0.08, 0.1), (-0.08, 0.1), (-0.08, 0.75), (0.08, 0.75))
            ]
            p.line(_rounded(self.proj(flap), 3 * u) + [self.proj(flap)[0]], dark, 1.2 * u)
        # tail lights wrap round onto the side
        self.wrap_lamp("rear", s)

    def arch(self, ax: float, s: float, k: float) -> list[Vec]:
        r = self.car.tyre_r
        radius = r * k
        zl = self.car.section(ax)[0]
        a0 = math.asin(max(-1.0, min(1.0, (zl - r) / radius)))
        pts = []
        for j in range(29):
            a = a0 + (math.pi - 2 * a0) * j / 28
            x, z = ax + radius * math.cos(a), r + radius * math.sin(a)
            pts.append(self.side_pt(x, max(z, zl), s, 0.006))
        return pts

    def wrap_lamp(self, end: str, s: float) -> None:
        """The part of a lamp on the corner chamfer and the side, continuing the one behind."""
        car = self.car
        v0, v1 = _LAMP_V[end]
        x0, x1, x2 = car.stations[-1][0], car.stations[-2][0], car.stations[-2][0] + 0.18
        lens, edge = self.lamp_colours(end)

        def shape(xa, xb, lo, hi, taper, out):
            xs = _steps(xa, xb, 0.02)
            top = [self.band_pt(x, hi, s, out) for x in xs]
            bottom = []
            for x in reversed(xs):
                t = abs(x - xa) / (abs(xb - xa) or 1) if taper else 0.0
                bottom.append(self.band_pt(x, lo + (hi - 0.04 - lo) * t, s, out))
            return top + bottom

        self.decal(shape(x0, x1, v0, v1, False, 0.006), edge)
        self.decal(shape(x1, x2, v0, v1, True, 0.006), edge)
        self.decal(shape(x0, x1, v0 + 0.1, v1 - 0.09, False, 0.008), lens)
        xm = x1 + (x2 - x1) * 0.8
        self.decal(shape(x1, xm, v0 + 0.1, v1 - 0.09, True, 0.008), lens)

    def lamp_colours(self, end: str) -> tuple[RGB, RGB]:
        if end == "front":
            return (160, 174, 192), (40, 44, 50)
        return (206, 36, 42), (120, 16, 22)

    # front and rear

    def front_details(self) -> None:
        car, p, u = self.car, self.p, self.u
        suv = car.kind == "suv"
        grille = [
            (-0.38, 0.93),
            (0.38, 0.93),
            (0.42, 0.64),
            (0.30, 0.47),
            (-0.30, 0.47),
            (-0.42, 0.64),
        ]
        if suv:
            grille = [
                (-0.44, 0.94),
                (0.44, 0.94),
                (0.48, 0.52),
                (0.38, 0.42),
                (-0.38, 0.42),
                (-0.48, 0.52),
            ]
        g3 = self.cap("front", grille)
        g = _rounded(self.proj(g3), 8 * u)
        if self.simple:
            p.poly(g, self.hazed(TRIM))
            return
        p.poly(g, (24, 26, 29))
        top_tz, bot_tz = grille[0][1], grille[3][1]
        for k in range(1, 6):
            tz = bot_tz + (top_tz - bot_tz) * k / 6
            half = _span_at(grille, tz) - 0.03
            p.line(self.proj(self.cap("front", [(-half, tz), (half, tz)])), (62, 66, 72), 1.6 * u)
        p.line(g + g[:1], _mix(CHROME, self.paint, 0.15), 2.2 * u)
        self.emblem("front", (top_tz + bot_tz) / 2 + 0.03)
        intake = [(-0.70, 0.20), (0.70, 0.20), (0.62, 0.04), (-0.62, 0.04)]
        p.poly(_rounded(self.proj(self.cap("front", intake)), 6 * u), (28, 30, 33))
        lens, edge = self.lamp_colours("front")
        for sx in (-1.0, 1.0):
            v0, v1 = _LAMP_V["front"]
            lamp = [
                (0.44, 0.92),
                (_edge_s(v1), _edge_tz(v1)),
                (_edge_s(v0), _edge_tz(v0)),
                (0.56, 0.68),
            ]
            if suv:
                lamp = [
                    (0.50, 0.93),
                    (_edge_s(v1), _edge_tz(v1)),
                    (_edge_s(v0), _edge_tz(v0)),
                    (0.54, 0.70),
                ]
            pts = [(sx * a, b) for a, b in lamp]
            p.poly(self.proj(self.cap("front", pts)), edge)
            inner = [(sx * a, b) for a, b in _inset(lamp, [0.025, 0.03, 0.04, 0.03])]
            p.gradient(self.proj(self.cap("front", inner)), [(0.0, (232, 238, 246)), (1.0, lens)])
            drl = [(0.50, 0.86), (0.90, 0.88), (0.92, 0.83), (0.52, 0.81)]
            p.poly(self.proj(self.cap("front", [(sx * a, b) for a, b in drl])), (252, 253, 255))
            amber = [(0.80, 0.715), (0.955, 0.70), (0.965, 0.665), (0.80, 0.685)]
            p.poly(self.proj(self.cap("front", [(sx * a, b) for a, b in amber])), (242, 158, 36))
            bulb = self.pt(self.cap_pt("front", sx * 0.72, 0.74))
            br = self.px(0.045, self.cap_pt("front", sx * 0.72, 0.74))
            p.ellipse(bulb[0], bulb[1], br, br, (246, 248, 250))
            p.ellipse(bulb[0], bulb[1], br * 0.6, br * 0.6, (176, 192, 212))
            fog = [(sx * 0.74, 0.30), (sx * 0.92, 0.32), (sx * 0.92, 0.22), (sx * 0.76, 0.21)]
            p.poly(_rounded(self.proj(self.cap("front", fog)), 3 * u), (236, 238, 240))
        self.number_plate("front", 0.24)

    def rear_details(self) -> None:
        car, p, u = self.car, self.p, self.u
        dark = _mul(self.shade(self.paint, (-1.0, 0.0, 0.0)), 0.6)
        lens, edge = self.lamp_colours("rear")
        for sx in (-1.0, 1.0):
            v0, v1 = _LAMP_V["rear"]
            lamp = [
                (0.50, 0.96),
                (_edge_s(v1), _edge_tz(v1)),
                (_edge_s(v0), _edge_tz(v0)),
                (0.58, 0.68),
            ]
            pts = [(sx * a, b) for a, b in lamp]
            p.poly(self.proj(self.cap("rear", pts)), self.hazed(edge))
            if self.simple:
                continue
            inner = [(sx * a, b) for a, b in _inset(lamp, [0.025, 0.03, 0.035, 0.03])]
            p.gradient(self.proj(self.cap("rear", inner)), [(0.0, (236, 70, 70)), (1.0, lens)])
            strip = [(0.56, 0.90), (0.93, 0.915), (0.94, 0.87), (0.57, 0.85)]
            p.poly(self.proj(self.cap("rear", [(sx * a, b) for a, b in strip])), (255, 140, 132))
            rev = [(0.64, 0.78), (0.76, 0.78), (0.76, 0.73), (0.64, 0.73)]
            p.poly(self.proj(self.cap("rear", [(sx * a, b) for a, b in rev])), (238, 238, 238))
            refl = [(0.74, 0.2), (0.94, 0.2), (0.94, 0.15), (0.74, 0.15)]
            p.poly(self.proj(self.cap("rear", [(sx * a, b) for a, b in refl])), (150, 24, 28))
        if self.simple:
            return
        # the boot lid (or tailgate) shut line, bumper and exhaust
        seam = [(-0.50, 0.995), (-0.50, 0.58), (0.50, 0.58), (0.50, 0.995)]
        p.line(self.proj(self.cap("rear", seam)), dark, 1.6 * u)
        diff = [(-0.76, 0.12), (0.76, 0.12), (0.68, 0.0), (-0.68, 0.0)]
        p.poly(_rounded(self.proj(self.cap("rear", diff)), 4 * u), (34, 36, 40))
        for sx in (-0.55,):
            c = self.pt(self.cap_pt("rear", sx, 0.05))
            r = self.px(0.035, self.cap_pt("rear", sx, 0.05))
            p.ellipse(c[0], c[1], r * 1.5, r, (150, 152, 158))
            p.ellipse(c[0], c[1], r * 1.1, r * 0.65, (20, 20, 22))
        self.emblem("rear", 0.78)
        self.number_plate("rear", 0.30 if car.kind == "sedan" else 0.27)

    def emblem(self, end: str, tz: float) -> None:
        c = self.pt(self.cap_pt(end, 0.0, tz))
        ew = self.px(0.06, self.cap_pt(end, 0.0, tz))
        sq = abs(math.cos(math.atan2(self.eye[1], abs(self.eye[0]) + 1e-6)))
        self.p.ellipse(c[0], c[1], ew * max(0.3, sq), ew * 0.62, CHROME)
        self.p.ellipse(c[0], c[1], ew * 0.6 * max(0.3, sq), ew * 0.34, (120, 126, 134))

    def number_plate(self, end: str, tz0: float) -> None:
        x, zl, zh, s, _ = self.car.stations[0] if end == "front" else self.car.stations[-1]
        half = 0.22 / (s * self.car.half_width)
        tz1 = tz0 + 0.14 / (zh - zl)
        # left of the picture first, for someone facing that end of the car
        sl = -half if end == "front" else half
        corners = [(sl, tz1), (-sl, tz1), (-sl, tz0), (sl, tz0)]
        quad = self.proj(self.cap(end, corners))
        if len(quad) != 4:
            return
        frame = _inset(quad, [-2.5 * self.u] * 4)
        self.p.poly(frame, (24, 26, 30))
        width_px = max(math.dist(quad[0], quad[1]), math.dist(quad[3], quad[2]))
        self.p.texture(_plate_texture(self.plate, width_px * 1.3), quad)

    def top_lines(self) -> None:
        """The bonnet's shut lines, and the boot lid's on a sedan."""
        car, u = self.car, self.u
        dark = _mul(self.shade(self.paint, (0.0, 0.0, 1.0)), 0.66)
        x_ws = car.glass[0][0]
        x1 = car.stations[1][0]

        def top(x: float, s: float, k: float) -> Vec:
            q = car.surface(x, 1.0, s)
            return (q[0], q[1] * k, q[2] + 0.004)

        for s in (-1.0, 1.0):
            pts = [top(x, s, 0.93) for x in _steps(x1, x_ws + 0.04, 0.1)]
            if _dot((0, s, 1), _sub(self.eye, pts[0])) > 0:
                self.p.line(self.proj(pts), dark, 1.5 * u)
        if self.eye[0] > car.front:
            self.p.line(
                self.proj([top(x1 - 0.01, -1, 0.93), top(x1 - 0.01, 1, 0.93)]), dark, 1.3 * u
            )
        if car.kind == "sedan" and self.eye[0] < car.glass[-1][0]:
            xb = car.glass[-1][0] - 0.08
            self.p.line(self.proj([top(xb, -1, 0.95), top(xb, 1, 0.95)]), dark, 1.5 * u)

    def mirror(self, s: float) -> None:
        car = self.car
        x0 = car.glass[0][0] - 0.06
        zb = car.section(x0)[1]
        wb = car.glass_base_w
        inner = [
            (x0 - dx, s * (wb - 0.02), zb + dz)
            for dx, dz in ((0.0, 0.03), (0.2, 0.04), (0.2, 0.15), (0.06, 0.14))
        ]
        outer = [
            (x0 - dx, s * (wb + 0.17), zb + dz)
            for dx, dz in ((0.1, 0.07), (0.2, 0.06), (0.2, 0.14), (0.12, 0.14))
        ]
        hull = _hull(self.proj(inner + outer))
        self.p.poly(hull, self.shade(self.paint, (0.3, s, 0.3)))
        base = [
            (x0 - dx, s * (wb - 0.02 + dy), zb + dz)
            for dx, dy, dz in (
                (0.02, 0.0, 0.02),
                (0.22, 0.0, 0.03),
                (0.20, 0.1, 0.06),
                (0.08, 0.1, 0.05),
            )
        ]
        self.p.poly(_hull(self.proj(base)), self.hazed(TRIM))
        if self.eye[0] < x0 - 0.2:
            g = [
                (x0 - 0.205, s * (wb + dy), zb + dz)
                for dy, dz in ((0.02, 0.065), (0.155, 0.07), (0.155, 0.13), (0.02, 0.13))
            ]
            self.p.poly(self.proj(g), self.hazed(_mix(GLASS, WHITE, 0.25)))

    def roof_rail(self, s: float) -> None:
        car = self.car
        roof = car.roof
        flat = [x for x, z in car.profile() if z >= roof - 0.005]
        x0, x1 = max(flat) + 0.06, min(flat) - 0.02
        y = s * car.glass_roof_w * 0.84
        bar = [
            (x0 - 0.06, y, roof + 0.03),
            (x1 + 0.06, y, roof + 0.03),
            (x1 + 0.04, y, roof + 0.06),
            (x0 - 0.04, y, roof + 0.06),
        ]
        legs = [
            [
                (x0, y, roof - 0.01),
                (x0 - 0.16, y, roof - 0.01),
                (x0 - 0.08, y, roof + 0.05),
                (x0 - 0.02, y, roof + 0.05),
            ],
            [
                (x1, y, roof - 0.01),
                (x1 + 0.16, y, roof - 0.01),
                (x1 + 0.08, y, roof + 0.05),
                (x1 + 0.02, y, roof + 0.05),
            ],
        ]
        col = self.hazed((44, 46, 50))
        for leg in legs:
            self.p.poly(self.proj(leg), col)
        self.p.poly(self.proj(bar), col)
        thick = max(1.5, self.px(0.035, bar[0]))
        self.p.line(self.proj([bar[3], bar[2]]), col, thick)
        self.p.line(
            self.proj([bar[3], bar[2]]), self.hazed((150, 154, 160)), max(1.0, thick * 0.35)
        )

    # the glasshouse

    def glasshouse(self) -> None:
        car, p = self.car, self.p
        prof = car.profile()
        gw = car.glass_w
        centre = ((car.front + car.rear) / 2, 0.0, car.roof * 0.6)
        sky = _mix(self.mood.sky_horizon, self.mood.sky_top, 0.3)
        hi = self.hazed(_mix(GLASS, sky, 0.5))
        mid = self.hazed(GLASS)
        lo = self.hazed(_mix(GLASS, (18, 22, 30), 0.45))
        trim = self.hazed(TRIM)

        def glass(q2d) -> None:
            if len(q2d) < 3:
                return
            if self.simple:
                p.poly(q2d, mid)
                return
            p.gradient(q2d, [(0.0, hi), (0.5, mid), (1.0, lo)])
            xs = [q[0] for q in q2d]
            ys = [q[1] for q in q2d]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            wdt = x1 - x0
            lean = min(wdt * 0.45, (y1 - y0) * 0.9)
            for a, b, alpha in ((0.18, 0.34, 0.26), (0.40, 0.45, 0.18)):
                band = _clip_line(q2d, (x0 + wdt * a, y1), (x0 + wdt * a + lean, y0))
                band = _clip_line(band, (x0 + wdt * b + lean, y0), (x0 + wdt * b, y1))
                p.poly(band, _mix(hi, WHITE, alpha))

        for s in (-1.0, 1.0):
            pts = [(x, s * gw(z), z) for x, z in prof]
            n = self.outward(pts, centre)
            if not self.sees(pts, n):
                continue
            p.poly(self.proj(pts), self.shade(self.paint, n))
            dists = [0.07] + [0.05] * (len(prof) - 3) + [0.07, 0.015]
            frame = _inset(prof, [d - 0.022 for d in dists])
            win = _inset(prof, dists)

            def lift(poly2d, out=0.004, s=s):
                return [(x, s * (gw(z) + out), z) for x, z in poly2d]

            p.poly(self.proj(lift(frame)), trim)
            belt = min(z for _, z in prof)
            c_line = ((car.c_line[0], belt), (car.c_line[1], car.roof))
            panes = [
                _clip(win, 1, 0, -(car.b_pillar + 0.04)),
                _clip_xz(_clip(win, -1, 0, car.b_pillar - 0.04), c_line, 0.0, front=True),
            ]
            if car.quarter:
                q0, q1 = car.quarter
                panes.append(_clip(_clip(win, -1, 0, q0), 1, 0, -q1))
            else:
                pillar = _clip_xz(frame, c_line, -0.045, front=False)
                if len(pillar) >= 3:
                    p.poly(self.proj(lift(pillar, 0.005)), self.shade(self.paint, n))
            for pane in panes:
                if len(pane) >= 3:
                    glass(self.proj(lift(pane, 0.006)))
        last = len(prof) - 2
        for k in range(len(prof) - 1):
            (xa, za), (xb, zb) = prof[k], prof[k + 1]
            quad = [(xa, gw(za), za), (xb, gw(zb), zb), (xb, -gw(zb), zb), (xa, -gw(za), za)]
            n = self.outward(quad, centre)
            if not self.sees(quad, n):
                continue
            p.poly(self.proj(quad), self.shade(self.paint, n))
            if k not in (0, last):
                continue

            def qpt(uu, vv, quad=quad):
                return _lerp3(_lerp3(quad[0], quad[1], vv), _lerp3(quad[3], quad[2], vv), uu)

            p.poly(
                self.proj([qpt(0.015, 0.0), qpt(0.015, 0.99), qpt(0.985, 0.99), qpt(0.985, 0.0)]),
                trim,
            )
            glass(
                self.proj(
                    [qpt(0.035, 0.035), qpt(0.035, 0.965), qpt(0.965, 0.965), qpt(0.965, 0.035)]
                )
            )
            if k == last and not self.simple:
                stop = [qpt(0.42, 0.05), qpt(0.42, 0.09), qpt(0.58, 0.09), qpt(0.58, 0.05)]
                p.poly(self.proj(stop), (200, 34, 40))

    # wheels

    def wheel_art(self, p: _Painter, cam: _Camera, ax: float, s: float) -> None:
        car = self.car
        r, tw = car.tyre_r, car.tyre_w
        y_out = s * (car.half_width * 0.975)
        y_in = s * (car.half_width * 0.975 - tw)

        def ring(y: float, radius: float, n: int = 40) -> list[Vec]:
            return [
                (
                    ax + radius * math.cos(2 * math.pi * k / n),
                    y,
                    r + radius * math.sin(2 * math.pi * k / n),
                )
                for k in range(n)
            ]

        def proj(points):
            return cam.poly([self.place(q) for q in points])

        outer = proj(ring(y_out, r))
        inner = proj(ring(y_in, r))
        if len(outer) < 3:
            return
        p.poly(_hull(outer + inner), self.hazed(TYRE))
        if (self.eye[1] - y_out) * s <= 0:
            return  # the outer face is turned away
        p.poly(outer, self.hazed((42, 42, 45)))
        p.poly(proj(ring(y_out + s * 0.001, r * 0.94)), self.hazed((33, 33, 36)))
        rim_y = y_out - s * 0.012
        rr = car.rim_r
        p.poly(proj(ring(rim_y, rr * 1.05)), self.hazed((110, 114, 120)))
        p.poly(proj(ring(rim_y, rr)), self.hazed((200, 204, 210)))
        if self.simple:
            return
        p.poly(proj(ring(rim_y, rr * 0.92)), (176, 180, 188))
        rot = (self.seed * 0.7 + ax * 3) % (2 * math.pi / 5)
        for k in range(5):
            a0 = rot + 2 * math.pi * k / 5 + 0.17
            a1 = rot + 2 * math.pi * (k + 1) / 5 - 0.17
            window = [
                (
                    ax + rr * 0.86 * math.cos(a0 + (a1 - a0) * j / 6),
                    rim_y,
                    r + rr * 0.86 * math.sin(a0 + (a1 - a0) * j / 6),
                )
                for j in range(7)
            ]
            am = (a0 + a1) / 2
            for da in (0.14, -0.14):
                window.append(
                    (ax + rr * 0.34 * math.cos(am + da), rim_y, r + rr * 0.34 * math.sin(am + da))
                )
            p.poly(proj(window), (52, 54, 60))
        p.poly(proj(ring(rim_y + s * 0.004, rr * 0.27)), (212, 216, 222))
        p.poly(proj(ring(rim_y + s * 0.006, rr * 0.11)), (84, 88, 96))

    def wheel(self, ax: float, s: float) -> None:
        self.wheel_art(self.p, self.cam, ax, s)

    def near_wheel(self, ax: float, s: float) -> None:
        """A wheel on the near side: seen through its arch and below the sill only."""
        car, p = self.car, self.p
        r = car.tyre_r
        ring = [
            (ax + r * math.cos(a), s * car.half_width * k, r + r * math.sin(a))
            for a in (2 * math.pi * j / 16 for j in range(16))
            for k in (0.6, 1.0)
        ]
        pts = self.proj(ring)
        if len(pts) < 3:
            return
        pad = 4
        x0 = max(0, int(min(q[0] for q in pts)) - pad)
        y0 = max(0, int(min(q[1] for q in pts)) - pad)
        x1 = min(p.w, int(max(q[0] for q in pts)) + pad)
        y1 = min(p.h, int(max(q[1] for q in pts)) + pad)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        layer = _Painter(p.img.crop((x0, y0, x1, y1)), p.u, p.ss)
        shifted = _Camera.__new__(_Camera)
        shifted.__dict__.update(self.cam.__dict__)
        shifted.cx, shifted.cy = self.cam.cx - x0, self.cam.cy - y0
        self.wheel_art(layer, shifted, ax, s)
        mask = Image.new("L", layer.img.size, 0)
        md = ImageDraw.Draw(mask)
        radius = r * 1.13
        tunnel = self.arch(ax, s, 1.13)
        tunnel = (
            [self.side_pt(ax + radius, -0.3, s)] + tunnel + [self.side_pt(ax - radius, -0.3, s)]
        )
        xs = _steps(ax + r * 1.7, ax - r * 1.7, 0.05)
        below = [self.side_pt(x, car.section(x)[0], s) for x in xs]
        below += [self.side_pt(xs[-1], -0.6, s), self.side_pt(xs[0], -0.6, s)]
        for poly in (tunnel, below):
            q = [(a - x0, b - y0) for a, b in self.proj(poly)]
            if len(q) >= 3:
                md.polygon(q, fill=255)
        p.img.paste(layer.img, (x0, y0), mask)


_LAMP_V = {"front": (0.12, 0.9), "rear": (0.04, 0.92)}  # lamps' span on the corner edge


def _edge_s(v: float) -> float:
    """Across-position of the front/rear face's upper corner edge, v = 0 shoulder .. 1 top."""
    return _ring_w(_edge_tz(v))


def _edge_tz(v: float) -> float:
    return _SHOULDER + (1 - _SHOULDER) * v


def _span_at(poly, tz: float) -> float:
    """Half-width of a symmetric (sx, tz) outline at height tz."""
    best = 0.0
    for (ax, az), (bx, bz) in zip(poly, poly[1:] + poly[:1], strict=True):
        if min(az, bz) <= tz <= max(az, bz) and az != bz:
            best = max(best, abs(ax + (bx - ax) * (tz - az) / (bz - az)))
    return best


def _steps(a: float, b: float, step: float) -> list[float]:
    n = max(1, math.ceil(abs(b - a) / step))
    return [a + (b - a) * k / n for k in range(n + 1)]


def _clip_xz(poly, line, shift: float, front: bool):
    """The part of an (x, z) polygon in front of (or behind) a line moved by `shift` in x."""
    if len(poly) < 3:
        return poly
    (ax, az), (bx, bz) = line
    ax, bx = ax + shift, bx + shift
    nx, nz = bz - az, -(bx - ax)
    if nx < 0:
        nx, nz = -nx, -nz
    if not front:
        nx, nz = -nx, -nz
    return _clip(poly, nx, nz, -(nx * ax + nz * az))


# Interior and close-up shots: 2D drawings on a 4:3 stage.


class _Stage:
    """A centred 4:3 area covering the canvas; points are fractions of its width and height."""

    def __init__(self, p: _Painter) -> None:
        k = max(p.w / 4, p.h / 3)  # cover the canvas; other shapes crop the sides
        self.sw, self.sh = 4 * k, 3 * k
        self.ox, self.oy = (p.w - self.sw) / 2, (p.h - self.sh) / 2

    def __call__(self, fx: float, fy: float) -> Pt:
        return (self.ox + fx * self.sw, self.oy + fy * self.sh)

    def pts(self, seq) -> list[Pt]:
        return [self(x, y) for x, y in seq]

    def r(self, f: float) -> float:
        """A length given as a fraction of the stage's height."""
        return f * self.sh


def _rows(p: _Painter, box: tuple[float, float, float, float], stops) -> None:
    """A vertical gradient over a rectangle, drawn a couple of rows at a time."""
    x0, y0, x1, y1 = box
    y = y0
    while y < y1:
        t = (y - y0) / max(1.0, y1 - y0)
        p.draw.rectangle((x0, y, x1, min(y1, y + 2)), fill=_stop(stops, t))
        y += 2


def _dashboard(p: _Painter, colour: RGB, mileage_km: int, mood: _Mood, rng) -> None:
    st, u = _Stage(p), p.u
    _rows(p, (0, 0, p.w, p.h), [(0.0, (30, 30, 33)), (1.0, (14, 14, 16))])
    # through the windscreen: the lot, out of focus
    horizon = st(0, 0.25)[1]
    _rows(p, (0, 0, p.w, horizon), [(0.0, mood.sky_top), (1.0, mood.sky_horizon)])
    _rows(p, (0, horizon, p.w, st(0, 0.45)[1]), [(0.0, mood.ground_far), (1.0, mood.ground_near)])
    for _ in range(7):
        cx = rng.uniform(0.0, 1.0)
        r = rng.uniform(0.03, 0.06)
        c = st(cx, 0.25 - r * 0.5)
        p.ellipse(c[0], c[1], st.r(r) * 1.2, st.r(r), _mix((110, 140, 100), mood.haze, 0.45))
    p.poly(
        st.pts([(0.5, 0.255), (0.9, 0.255), (0.9, 0.18), (0.5, 0.18)]),
        _mix((226, 228, 230), mood.haze, 0.3),
    )
    p.poly(
        st.pts([(0.5, 0.18), (0.9, 0.18), (0.9, 0.165), (0.5, 0.165)]),
        _mix((200, 60, 60), mood.haze, 0.4),
    )
    # roof lining, pillars and the mirror
    p.poly(
        st.pts([(-0.2, -0.2), (1.2, -0.2), (1.2, 0.03), (0.5, 0.05), (-0.2, 0.03)]), (52, 52, 56)
    )
    p.poly(st.pts([(-0.2, -0.2), (0.07, -0.2), (0.0, 0.5), (-0.2, 0.55)]), (40, 40, 44))
    p.poly(st.pts([(0.94, -0.2), (1.2, -0.2), (1.2, 0.55), (1.0, 0.5)]), (40, 40, 44))
    p.poly(
        _rounded(st.pts([(0.56, -0.02), (0.80, -0.02), (0.79, 0.085), (0.57, 0.085)]), st.r(0.025)),
        (26, 26, 29),
    )
    p.poly(
        _rounded(st.pts([(0.575, 0.0), (0.785, 0.0), (0.775, 0.07), (0.585, 0.07)]), st.r(0.02)),
        _mix(mood.sky_horizon, (60, 64, 70), 0.6),
    )
    # the dashboard's top and the instrument hood
    dash = st.pts([(-0.2, 0.36), (0.3, 0.30), (0.7, 0.30), (1.2, 0.36), (1.2, 1.2), (-0.2, 1.2)])
    p.gradient(dash, [(0.0, (40, 40, 44)), (0.5, (30, 30, 34)), (1.0, (16, 16, 18))])
    p.poly(
        _rounded(st.pts([(0.36, 0.75), (0.56, 0.75), (0.6, 1.2), (0.32, 1.2)]), st.r(0.04)),
        (22, 22, 25),
    )
    p.line(st.pts([(-0.2, 0.36), (0.3, 0.30), (0.7, 0.30), (1.2, 0.36)]), (74, 74, 80), 2.5 * u)
    hood = st.pts(
        [(0.11, 0.47), (0.14, 0.33), (0.24, 0.27), (0.68, 0.27), (0.78, 0.33), (0.81, 0.47)]
    )
    p.poly(_rounded(hood, st.r(0.05)), (26, 26, 29))
    p.line(_rounded(hood, st.r(0.05))[6:-6], (64, 64, 70), 2.2 * u)
    face = st.pts([(0.14, 0.33), (0.78, 0.33), (0.78, 0.66), (0.14, 0.66)])
    p.gradient(_rounded(face, st.r(0.06)), [(0.0, (22, 22, 26)), (1.0, (8, 8, 10))])
    # two round gauges
    r = st.r(0.145)
    for cx, top, step, minor, red, label in (
        (0.27, 240, 40, 10, None, "km/h"),
        (0.65, 8, 1, 0.5, 6.5, "x1000r/min"),
    ):
        c = st(cx, 0.49)
        _gauge(p, c, r, top, step, minor, red, label, u)
        for k, icon in enumerate(
            ("oil", "battery", "engine") if cx < 0.5 else ("belt", "brake", "fuel")
        ):
            _lamp_icon(p, (c[0] + (k - 1) * r * 0.26, c[1] + r * 0.62), r * 0.075, icon, u)
    # the odometer between them, lit
    screen = st.pts([(0.385, 0.37), (0.535, 0.37), (0.535, 0.63), (0.385, 0.63)])
    p.gradient(_rounded(screen, st.r(0.025)), [(0.0, (22, 36, 56)), (1.0, (8, 14, 24))])
    sx0, sy0 = screen[0]
    sx1, sy1 = screen[2]
    sw, sh = sx1 - sx0, sy1 - sy0
    lit = (226, 242, 255)
    dim = (120, 156, 190)
    text, font, box = _text_fitting("ODO", sw * 0.4, sh * 0.09)
    _draw_text(p.draw, (sx0 + sw / 2, sy0 + sh * 0.30), text, font, box, dim)
    text, font, box = _text_fitting(f"{max(0, int(mileage_km)):,} km", sw * 0.86, sh * 0.17)
    _draw_text(p.draw, (sx0 + sw / 2, sy0 + sh * 0.46), text, font, box, lit)
    trip = rng.uniform(12, 480)
    text, font, box = _text_fitting(f"TRIP {trip:.1f} km", sw * 0.7, sh * 0.07)
    _draw_text(p.draw, (sx0 + sw / 2, sy0 + sh * 0.62), text, font, box, dim)
    text, font, box = _text_fitting(f"{rng.randint(8, 32)}°C   D", sw * 0.6, sh * 0.07)
    _draw_text(p.draw, (sx0 + sw / 2, sy0 + sh * 0.12), text, font, box, dim)
    fuel = rng.randint(3, 8)
    for k in range(8):
        bx = sx0 + sw * (0.17 + k * 0.085)
        p.draw.rectangle(
            (bx, sy0 + sh * 0.78, bx + sw * 0.06, sy0 + sh * 0.86),
            fill=(120, 200, 255) if k < fuel else (30, 44, 60),
        )
    # the steering wheel in front
    wc = st(0.46, 1.06)
    rx, ry = st.r(0.53), st.r(0.42)
    rim = st.r(0.06)
    p.draw.ellipse(
        (wc[0] - rx, wc[1] - ry, wc[0] + rx, wc[1] + ry), outline=(18, 18, 20), width=round(rim)
    )
    hi = rim * 0.3
    p.draw.arc(
        (wc[0] - rx + hi, wc[1] - ry + hi, wc[0] + rx - hi, wc[1] + ry - hi),
        start=200,
        end=340,
        fill=(66, 66, 72),
        width=max(1, round(rim * 0.18)),
    )
    for sx in (-1, 1):
        spoke = [
            (wc[0] + sx * st.r(0.13), wc[1] - st.r(0.19)),
            (wc[0] + sx * (rx - rim * 0.5), wc[1] - st.r(0.15)),
            (wc[0] + sx * (rx - rim * 0.5), wc[1] - st.r(0.05)),
            (wc[0] + sx * st.r(0.15), wc[1] - st.r(0.02)),
        ]
        p.poly(_rounded(spoke, st.r(0.02)), (22, 22, 25))
        p.line([spoke[0], spoke[1]], (96, 100, 108), 2.4 * u)
        for j in range(2):
            b = (wc[0] + sx * st.r(0.22 + 0.075 * j), wc[1] - st.r(0.11))
            p.poly(
                _rounded(
                    [
                        (b[0] - st.r(0.025), b[1] - st.r(0.02)),
                        (b[0] + st.r(0.025), b[1] - st.r(0.02)),
                        (b[0] + st.r(0.025), b[1] + st.r(0.02)),
                        (b[0] - st.r(0.025), b[1] + st.r(0.02)),
                    ],
                    st.r(0.008),
                ),
                (46, 46, 52),
            )
    hub = [
        (wc[0] - st.r(0.15), wc[1] - st.r(0.25)),
        (wc[0] + st.r(0.15), wc[1] - st.r(0.25)),
        (wc[0] + st.r(0.18), wc[1] + st.r(0.05)),
        (wc[0] - st.r(0.18), wc[1] + st.r(0.05)),
    ]
    p.poly(_rounded(hub, st.r(0.07)), (24, 24, 27))
    p.line(_rounded(hub, st.r(0.07))[4:16], (70, 72, 78), 2.2 * u)
    p.ellipse(wc[0], wc[1] - st.r(0.14), st.r(0.04), st.r(0.025), CHROME)
    p.ellipse(wc[0], wc[1] - st.r(0.14), st.r(0.024), st.r(0.014), (110, 116, 124))
    # the centre stack: screen (off), vents, hazard switch; a round vent by the door
    scr = st.pts([(0.84, 0.35), (1.02, 0.33), (1.02, 0.56), (0.84, 0.56)])
    p.poly(_rounded(scr, st.r(0.02)), (10, 12, 16))
    p.poly(
        _clip_line(
            _clip_line(scr, scr[3], (scr[0][0] + st.r(0.08), scr[0][1])),
            (scr[0][0] + st.r(0.13), scr[0][1]),
            (scr[3][0] + st.r(0.03), scr[3][1]),
        ),
        (24, 28, 34),
    )
    for vx in (0.84, 0.95):
        vent = st.pts([(vx, 0.59), (vx + 0.09, 0.59), (vx + 0.09, 0.67), (vx, 0.67)])
        p.poly(_rounded(vent, st.r(0.012)), (18, 18, 20))
        for j in range(1, 4):
            y = vent[0][1] + (vent[2][1] - vent[0][1]) * j / 4
            p.line(
                [(vent[0][0] + st.r(0.01), y), (vent[1][0] - st.r(0.01), y)], (60, 60, 66), 2 * u
            )
    tri = st(0.935, 0.63)
    tr = st.r(0.014)
    p.poly(
        [(tri[0], tri[1] - tr), (tri[0] + tr, tri[1] + tr * 0.7), (tri[0] - tr, tri[1] + tr * 0.7)],
        (150, 40, 40),
    )
    vc = st(0.045, 0.5)
    p.ellipse(vc[0], vc[1], st.r(0.06), st.r(0.06), (22, 22, 24))
    p.ellipse(vc[0], vc[1], st.r(0.045), st.r(0.045), (44, 44, 48))
    p.ellipse(vc[0], vc[1], st.r(0.015), st.r(0.015), (80, 80, 86))


def _lamp_icon(p: _Painter, c: Pt, r: float, icon: str, u: float) -> None:
    """A warning lamp's symbol, unlit: dark grey on the black dial."""
    off = (54, 54, 60)
    x, y = c
    if icon == "oil":
        p.poly(
            [
                (x - r * 1.3, y + r * 0.5),
                (x + r * 0.6, y + r * 0.5),
                (x + r * 1.3, y - r * 0.3),
                (x - r * 0.6, y - r * 0.4),
            ],
            off,
        )
    elif icon == "battery":
        p.draw.rectangle((x - r * 1.1, y - r * 0.6, x + r * 1.1, y + r * 0.7), fill=off)
        p.draw.rectangle((x - r * 0.8, y - r * 0.9, x - r * 0.4, y - r * 0.6), fill=off)
        p.draw.rectangle((x + r * 0.4, y - r * 0.9, x + r * 0.8, y - r * 0.6), fill=off)
    elif icon == "engine":
        p.poly(
            [
                (x - r * 1.2, y - r * 0.5),
                (x + r * 0.7, y - r * 0.5),
                (x + r * 1.2, y),
                (x + r * 0.7, y + r * 0.6),
                (x - r * 1.2, y + r * 0.6),
            ],
            off,
        )
    elif icon == "belt":
        p.ellipse(x, y - r * 0.6, r * 0.35, r * 0.35, off)
        p.poly(
            [
                (x - r * 0.6, y + r * 0.9),
                (x - r * 0.4, y - r * 0.1),
                (x + r * 0.4, y - r * 0.1),
                (x + r * 0.6, y + r * 0.9),
            ],
            off,
        )
    elif icon == "brake":
        p.draw.ellipse((x - r, y - r, x + r, y + r), outline=off, width=max(1, round(r * 0.25)))
        p.draw.rectangle((x - r * 0.12, y - r * 0.55, x + r * 0.12, y + r * 0.2), fill=off)
    else:
        p.draw.rectangle((x - r * 0.7, y - r * 0.9, x + r * 0.4, y + r * 0.9), fill=off)


def _gauge(
    p: _Painter, c: Pt, r: float, top: float, step: float, minor: float, red, label: str, u
) -> None:
    sweep = 125.0

    def at(value: float, radius: float) -> Pt:
        a = math.radians(-sweep + 2 * sweep * value / top)
        return (c[0] + radius * math.sin(a), c[1] - radius * math.cos(a))

    p.ellipse(c[0], c[1], r * 1.07, r * 1.07, (120, 124, 130))
    p.ellipse(c[0], c[1], r * 1.02, r * 1.02, (40, 40, 44))
    p.ellipse(c[0], c[1], r, r, (12, 12, 15))
    if red is not None:
        a0 = -sweep + 2 * sweep * red / top - 90
        a1 = sweep - 90
        p.draw.arc(
            (c[0] - r * 0.93, c[1] - r * 0.93, c[0] + r * 0.93, c[1] + r * 0.93),
            a0,
            a1,
            fill=(190, 40, 40),
            width=max(1, round(r * 0.07)),
        )
    v = 0.0
    while v <= top + 1e-9:
        major = abs(v / step - round(v / step)) < 1e-6
        mid = abs(2 * v / step - round(2 * v / step)) < 1e-6
        inner = 0.78 if major else (0.82 if mid else 0.86)
        tick = (236, 236, 236) if major else (170, 170, 176) if mid else (120, 120, 126)
        p.line([at(v, r * inner), at(v, r * 0.92)], tick, (2.6 if major else 1.4) * u)
        v += minor
    font, _ = _font(r * 0.14)
    v = 0.0
    while v <= top + 1e-9:
        text = f"{v:g}"
        box = font.getbbox(text)
        _draw_text(p.draw, at(v, r * 0.63), text, font, box, (226, 226, 230))
        v += step
    text, font, box = _text_fitting(label, r * 0.8, r * 0.1)
    _draw_text(p.draw, (c[0], c[1] + r * 0.36), text, font, box, (150, 150, 158))
    tip, tail = at(0.0, r * 0.86), at(0.0, -r * 0.16)
    a = math.radians(-sweep)
    nx, ny = math.cos(a) * r * 0.025, math.sin(a) * r * 0.025
    p.poly([(tail[0] + nx, tail[1] + ny), tip, (tail[0] - nx, tail[1] - ny)], (244, 90, 40))
    p.ellipse(c[0], c[1], r * 0.1, r * 0.1, (52, 52, 58))
    p.ellipse(c[0], c[1], r * 0.06, r * 0.06, (24, 24, 28))


_FABRICS = ((118, 118, 122), (168, 152, 130), (72, 72, 78), (146, 128, 108))


def _front_seats(p: _Painter, colour: RGB, mood: _Mood, rng, seed: int) -> None:
    st, u = _Stage(p), p.u
    fabric = _FABRICS[_rng(f"fabric:{seed}").randrange(len(_FABRICS))]
    p.draw.rectangle((0, 0, p.w, p.h), fill=(44, 44, 48))
    # the far door: its window on the lot, its trim
    win = st.pts([(0.12, 0.08), (0.88, 0.06), (0.88, 0.40), (0.14, 0.44)])
    p.gradient(
        win,
        [
            (0.0, mood.sky_top),
            (0.55, mood.sky_horizon),
            (0.7, mood.ground_far),
            (1.0, mood.ground_near),
        ],
    )
    for _ in range(5):
        tx = rng.uniform(0.15, 0.85)
        c = st(tx, 0.27)
        p.ellipse(c[0], c[1], st.r(0.06), st.r(0.05), _mix((100, 134, 96), mood.haze, 0.45))
    door = st.pts([(0.06, 0.42), (0.94, 0.38), (0.94, 0.95), (0.06, 0.95)])
    p.gradient(door, [(0.0, (70, 70, 76)), (1.0, (40, 40, 44))])
    p.poly(st.pts([(0.1, 0.47), (0.9, 0.44), (0.9, 0.49), (0.1, 0.52)]), (54, 54, 58))
    p.poly(
        _rounded(st.pts([(0.44, 0.505), (0.54, 0.50), (0.54, 0.525), (0.44, 0.53)]), st.r(0.01)),
        CHROME,
    )
    # headlining
    p.gradient(
        st.pts([(-0.2, -0.2), (1.2, -0.2), (1.2, 0.07), (-0.2, 0.09)]),
        [(0.0, (150, 146, 140)), (1.0, (182, 178, 170))],
    )
    # the dashboard and steering wheel on the left
    dash = st.pts([(-0.2, 0.18), (0.26, 0.22), (0.33, 0.34), (0.3, 0.56), (-0.2, 0.6)])
    p.poly(dash, (34, 34, 38))
    p.line(dash[:3], (72, 72, 78), 2.4 * u)
    c = st(0.24, 0.40)
    p.draw.ellipse(
        (c[0] - st.r(0.05), c[1] - st.r(0.17), c[0] + st.r(0.05), c[1] + st.r(0.17)),
        outline=(22, 22, 25),
        width=round(st.r(0.035)),
    )
    p.poly(
        _rounded(st.pts([(0.205, 0.34), (0.27, 0.36), (0.27, 0.46), (0.205, 0.47)]), st.r(0.02)),
        (28, 28, 31),
    )
    # the passenger seat beyond, darker
    far = _mul(fabric, 0.62)
    p.poly(
        _rounded(st.pts([(0.50, 0.62), (0.56, 0.17), (0.66, 0.16), (0.66, 0.62)]), st.r(0.04)), far
    )
    p.poly(
        _rounded(st.pts([(0.545, 0.08), (0.64, 0.075), (0.645, 0.155), (0.55, 0.16)]), st.r(0.025)),
        far,
    )
    # the centre console with the gear lever
    console = st.pts([(0.26, 0.56), (0.58, 0.58), (0.6, 0.80), (0.22, 0.80)])
    p.poly(console, (30, 30, 34))
    p.poly(st.pts([(0.26, 0.56), (0.58, 0.58), (0.585, 0.62), (0.25, 0.60)]), (56, 56, 60))
    knob = st(0.36, 0.50)
    p.line([st(0.37, 0.585), knob], (24, 24, 26), st.r(0.018))
    p.ellipse(knob[0], knob[1], st.r(0.028), st.r(0.032), (40, 40, 44))
    p.ellipse(knob[0] - st.r(0.008), knob[1] - st.r(0.01), st.r(0.012), st.r(0.01), (110, 112, 118))
    # the driver's seat in front
    _seat(p, st, fabric, u)
    # the carpet and the open door's frame in the body colour
    p.poly(st.pts([(-0.2, 0.86), (0.7, 0.84), (1.2, 0.86), (1.2, 1.2), (-0.2, 1.2)]), (30, 30, 33))
    paint_lo = _mul(colour, 0.82)
    p.gradient(
        st.pts([(-0.2, 0.90), (1.2, 0.88), (1.2, 1.2), (-0.2, 1.2)]),
        [(0.0, _mix(colour, WHITE, 0.12)), (1.0, paint_lo)],
    )
    p.poly(st.pts([(-0.2, 0.885), (1.2, 0.865), (1.2, 0.905), (-0.2, 0.925)]), (26, 26, 28))
    p.poly(st.pts([(0.3, 0.89), (0.7, 0.882), (0.7, 0.895), (0.3, 0.903)]), (150, 152, 158))
    p.gradient(
        st.pts([(0.9, -0.2), (1.2, -0.2), (1.2, 1.2), (0.92, 1.2)]),
        [(0.0, colour), (1.0, paint_lo)],
        vertical=False,
    )
    p.line(st.pts([(0.9, -0.2), (0.92, 1.2)]), (24, 24, 26), st.r(0.012))
    p.gradient(
        st.pts([(-0.2, -0.2), (0.08, -0.2), (0.02, 0.62), (-0.2, 0.66)]),
        [(0.0, paint_lo), (1.0, colour)],
        vertical=False,
    )
    p.line(st.pts([(0.08, -0.2), (0.02, 0.62)]), (24, 24, 26), st.r(0.012))
    p.poly(st.pts([(-0.2, -0.2), (1.2, -0.2), (1.2, 0.015), (-0.2, 0.025)]), colour)
    # the seat belt from the B-pillar
    belt = st.pts([(0.872, 0.13), (0.898, 0.13), (0.888, 0.86), (0.862, 0.86)])
    p.poly(belt, (36, 36, 40))
    p.line([belt[0], belt[3]], (50, 50, 56), 1.5 * u)
    p.poly(
        _rounded(st.pts([(0.862, 0.09), (0.908, 0.09), (0.908, 0.15), (0.862, 0.15)]), st.r(0.01)),
        (58, 58, 62),
    )


def _seat(p: _Painter, st: _Stage, fabric: RGB, u: float) -> None:
    """The driver's seat seen from its door: facing left, cushion top and backrest front lit."""
    side = _mul(fabric, 0.7)
    face = _mix(fabric, WHITE, 0.06)
    insert = _mul(fabric, 0.86)
    stitch = _mix(fabric, WHITE, 0.22)
    # the cushion's side, then its top with a quilted insert
    cushion_side = st.pts(
        [
            (0.19, 0.63),
            (0.23, 0.69),
            (0.64, 0.70),
            (0.70, 0.66),
            (0.69, 0.79),
            (0.25, 0.80),
            (0.20, 0.74),
        ]
    )
    p.poly(_rounded(cushion_side, st.r(0.035)), side)
    p.poly(st.pts([(0.25, 0.785), (0.68, 0.78), (0.67, 0.835), (0.27, 0.84)]), (26, 26, 28))
    p.poly(
        _rounded(st.pts([(0.29, 0.755), (0.38, 0.75), (0.38, 0.77), (0.29, 0.775)]), st.r(0.008)),
        (30, 30, 32),
    )
    cushion_top = st.pts(
        [(0.19, 0.63), (0.23, 0.575), (0.62, 0.585), (0.70, 0.66), (0.64, 0.70), (0.23, 0.69)]
    )
    p.poly(_rounded(cushion_top, st.r(0.035)), face)
    ins = st.pts([(0.28, 0.595), (0.60, 0.603), (0.63, 0.665), (0.28, 0.67)])
    p.poly(_rounded(ins, st.r(0.02)), insert)
    for k in range(1, 5):
        x = 0.28 + 0.066 * k
        p.line(st.pts([(x, 0.598), (x + 0.006, 0.668)]), stitch, 1.2 * u)
    # the backrest: lumbar curve at the front, bolsters, a quilted insert
    back = st.pts(
        [
            (0.57, 0.67),
            (0.585, 0.50),
            (0.615, 0.30),
            (0.64, 0.17),
            (0.70, 0.145),
            (0.79, 0.15),
            (0.80, 0.40),
            (0.79, 0.70),
            (0.70, 0.70),
        ]
    )
    p.poly(_rounded(back, st.r(0.04)), side)
    front = st.pts(
        [
            (0.57, 0.67),
            (0.585, 0.50),
            (0.615, 0.30),
            (0.64, 0.17),
            (0.70, 0.145),
            (0.745, 0.15),
            (0.73, 0.40),
            (0.715, 0.68),
        ]
    )
    p.poly(_rounded(front, st.r(0.04)), face)
    ins = st.pts(
        [
            (0.61, 0.63),
            (0.622, 0.48),
            (0.648, 0.30),
            (0.668, 0.22),
            (0.712, 0.21),
            (0.70, 0.40),
            (0.688, 0.63),
        ]
    )
    p.poly(_rounded(ins, st.r(0.025)), insert)
    for k in range(1, 7):
        t = k / 7
        y = 0.63 + (0.22 - 0.63) * t
        xl = 0.61 + (0.668 - 0.61) * t**0.8
        xr = 0.688 + (0.712 - 0.688) * t
        p.line(st.pts([(xl + 0.004, y), (xr - 0.004, y)]), stitch, 1.2 * u)
    p.line(st.pts([(0.745, 0.16), (0.73, 0.40), (0.716, 0.66)]), _mul(side, 0.85), 2.2 * u)
    # headrest on two posts
    for x in (0.675, 0.73):
        p.line(st.pts([(x, 0.1), (x - 0.003, 0.15)]), CHROME, st.r(0.009))
    head = st.pts([(0.635, 0.045), (0.77, 0.035), (0.785, 0.1), (0.64, 0.115)])
    p.poly(_rounded(head, st.r(0.035)), side)
    head_front = st.pts([(0.635, 0.045), (0.735, 0.037), (0.74, 0.108), (0.64, 0.115)])
    p.poly(_rounded(head_front, st.r(0.03)), face)


def _damage(p: _Painter, colour: RGB, mood: _Mood, rng, seed: int) -> None:
    st, u = _Stage(p), p.u
    sky = _mix(mood.sky_horizon, WHITE, 0.3)
    horizon_y = rng.uniform(0.42, 0.52)
    stops = [
        (0.0, _mix(colour, sky, 0.45)),
        (horizon_y - 0.12, _mix(colour, sky, 0.22)),
        (horizon_y - 0.005, _mix(colour, WHITE, 0.3)),
        (horizon_y + 0.005, _mul(colour, 0.66 + 0.14 * _luma(colour))),
        (horizon_y + 0.2, _mul(colour, 0.8 + 0.1 * _luma(colour))),
        (1.0, _mul(colour, 0.72 + 0.1 * _luma(colour))),
    ]
    _rows(p, (0, 0, p.w, p.h), stops)
    # a crease along the panel, the door gap, the wheel arch in the corner
    crease = rng.uniform(0.22, 0.3)
    p.line(st.pts([(-0.1, crease + 0.02), (1.1, crease - 0.02)]), _mix(colour, WHITE, 0.45), 3 * u)
    p.line(st.pts([(-0.1, crease + 0.028), (1.1, crease - 0.012)]), _mul(colour, 0.6), 2 * u)
    gap_x = rng.uniform(0.8, 0.88)
    gap = st.pts([(gap_x, -0.1), (gap_x - 0.01, 0.5), (gap_x + 0.005, 1.1)])
    p.line(gap, _mul(colour, 0.3), 3.5 * u)
    p.line([(q[0] + 3.5 * u, q[1]) for q in gap], _mix(colour, WHITE, 0.3), 1.5 * u)
    wc = st(0.05, 1.12)
    p.ellipse(wc[0], wc[1], st.r(0.44), st.r(0.44), _mul(colour, 0.55))
    p.ellipse(wc[0], wc[1], st.r(0.42), st.r(0.42), (16, 16, 18))
    p.ellipse(wc[0], wc[1], st.r(0.37), st.r(0.37), TYRE)
    p.ellipse(wc[0], wc[1], st.r(0.34), st.r(0.34), (36, 36, 39))
    p.ellipse(wc[0], wc[1], st.r(0.25), st.r(0.25), (196, 200, 206))
    p.ellipse(wc[0], wc[1], st.r(0.23), st.r(0.23), (150, 154, 160))
    cx, cy = rng.uniform(0.4, 0.58), rng.uniform(0.42, 0.6)
    kind = "dent" if _rng(f"damage:{seed}").random() < 0.5 else "scratch"
    if kind == "scratch":
        _scratch(p, st, colour, cx, cy, rng, u)
    else:
        _dent(p, st, colour, cx, cy, rng, u, horizon_y)
    # the appraiser's wax-crayon ring round it
    ring = []
    rx, ry = 0.16, 0.17
    ph1, ph2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    for k in range(76):
        a = 2 * math.pi * k / 70 + 0.6
        w = 1 + 0.04 * math.sin(2 * a + ph1) + 0.025 * math.sin(3 * a + ph2) + 0.05 * k / 76
        ring.append(st(cx + rx * math.cos(a) * w, cy + ry * math.sin(a) * w))
    crayon = (250, 214, 60) if math.dist(colour, (250, 214, 60)) > 160 else (40, 90, 200)
    p.line(ring, crayon, 4 * u)


def _scratch(p: _Painter, st: _Stage, colour: RGB, cx, cy, rng, u) -> None:
    """A key scratch: a few tapered gouges through the paint to primer, one to bare metal."""
    primer = (228, 228, 224)
    metal = (150, 152, 158)
    halo = _mix(colour, WHITE, 0.28)
    groove = _mix(_mul(colour, 0.35), (60, 60, 64), 0.5)
    angle = math.radians(rng.uniform(-24, -6))
    dx, dy = math.cos(angle), math.sin(angle) * 1.33
    nx, ny = -math.sin(angle), math.cos(angle)
    count = rng.randint(3, 5)
    for k in range(count):
        length = rng.uniform(0.18, 0.34) * (1.0 if k == 0 else 0.75)
        off = (k - (count - 1) / 2) * 0.028 + rng.uniform(-0.008, 0.008)
        bow = rng.uniform(-0.015, 0.015)
        start = rng.uniform(-0.06, 0.02)
        width = st.r(rng.uniform(0.0025, 0.005)) * (1.4 if k == 0 else 1.0)
        centre, normal = [], (nx * st.sw, ny * st.sh / 1.33)
        nl = math.hypot(*normal)
        normal = (normal[0] / nl, normal[1] / nl)
        n = 24
        for j in range(n + 1):
            t = j / n
            along = start + length * (t - 0.5)
            side = off + bow * math.sin(math.pi * t)
            centre.append(st(cx + dx * along + nx * side, cy + dy * along + ny * side * 1.33))
        widths = [width * (0.25 + 0.75 * math.sin(math.pi * j / n) ** 0.7) for j in range(n + 1)]

        def ribbon(scale: float, shift: float = 0.0, centre=centre, widths=widths, normal=normal):
            left = [
                (q[0] + normal[0] * w * scale, q[1] + normal[1] * w * scale + shift)
                for q, w in zip(centre, widths, strict=True)
            ]
            right = [
                (q[0] - normal[0] * w * scale, q[1] - normal[1] * w * scale + shift)
                for q, w in zip(centre, widths, strict=True)
            ]
            return left + right[::-1]

        p.poly(ribbon(2.2), halo)
        p.poly(ribbon(1.0, width * 0.55), groove)
        p.poly(ribbon(0.8), primer)
        if k == 0:
            a, b = n // 3, n // 3 + rng.randint(3, 8)
            p.line(centre[a:b], metal, max(1.0, width * 0.5))
    for _ in range(7):
        c = st(cx + rng.uniform(-0.12, 0.12), cy + rng.uniform(-0.07, 0.07))
        r = st.r(rng.uniform(0.002, 0.005))
        p.ellipse(c[0], c[1] + r * 0.5, r * 1.2, r, groove)
        p.ellipse(c[0], c[1], r, r * 0.8, primer)


def _dent(p: _Painter, st: _Stage, colour: RGB, cx, cy, rng, u, horizon_y) -> None:
    rx, ry = st.r(rng.uniform(0.09, 0.13)), st.r(rng.uniform(0.07, 0.1))
    c = st(cx, cy)
    x0, y0 = int(c[0] - rx * 1.6), int(c[1] - ry * 1.6)
    x1, y1 = int(c[0] + rx * 1.6), int(c[1] + ry * 1.6)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(p.w, x1), min(p.h, y1)
    region = p.img.crop((x0, y0, x1, y1))
    d = ImageDraw.Draw(region)
    cc = (c[0] - x0, c[1] - y0)
    dark = _mul(colour, 0.45)
    light = _mix(colour, WHITE, 0.5)
    d.ellipse((cc[0] - rx, cc[1] - ry, cc[0] + rx, cc[1] + ry), fill=dark)
    d.ellipse(
        (cc[0] - rx * 0.85, cc[1] - ry * 0.8, cc[0] + rx * 1.05, cc[1] + ry * 1.1),
        fill=_mul(colour, 0.8),
    )
    d.ellipse((cc[0] - rx * 0.5, cc[1] - ry * 0.3, cc[0] + rx * 0.9, cc[1] + ry * 0.95), fill=light)
    d.ellipse(
        (cc[0] - rx * 0.7, cc[1] - ry * 0.6, cc[0] + rx * 0.7, cc[1] + ry * 0.7),
        fill=_mul(colour, 0.88),
    )
    # the reflected horizon bends through the dent
    hy = st(0, horizon_y)[1] - y0
    bend = []
    for k in range(41):
        x = (x1 - x0) * k / 40
        t = (x - cc[0]) / (rx * 1.1)
        dip = ry * 0.55 * math.exp(-t * t * 2.2)
        bend.append((x, hy + dip))
    d.line(bend, fill=_mix(colour, WHITE, 0.4), width=max(1, round(2 * u)))
    blurred = region.filter(ImageFilter.GaussianBlur(max(1.0, rx * 0.08)))
    mask = Image.new("L", region.size, 0)
    ImageDraw.Draw(mask).ellipse(
        (cc[0] - rx * 1.45, cc[1] - ry * 1.45, cc[0] + rx * 1.45, cc[1] + ry * 1.45), fill=255
    )
    mask = mask.filter(ImageFilter.GaussianBlur(rx * 0.15))
    p.img.paste(blurred, (x0, y0), mask)
    for _ in range(3):  # cracked paint at the crease of the dent
        a = rng.uniform(0, 2 * math.pi)
        q0 = (c[0] + math.cos(a) * rx * 0.3, c[1] + math.sin(a) * ry * 0.3)
        q1 = (q0[0] + math.cos(a + 0.4) * rx * 0.25, q0[1] + math.sin(a + 0.4) * ry * 0.25)
        p.line([q0, q1], (214, 214, 210), 1.4 * u)


def _extra(p: _Painter, car: _CarSpec, colour: RGB, mood: _Mood, rng, seed: int) -> None:
    if _rng(f"extra:{seed}").random() < 0.5:
        _wheel_closeup(p, car, colour, mood, rng)
    else:
        _engine_bay(p, colour, mood, rng)


def _wheel_closeup(p: _Painter, car: _CarSpec, colour: RGB, mood: _Mood, rng) -> None:
    st = _Stage(p)
    sky = _mix(mood.sky_horizon, WHITE, 0.2)
    _rows(
        p,
        (0, 0, p.w, p.h),
        [
            (0.0, _mix(colour, sky, 0.35)),
            (0.3, colour),
            (0.34, _mix(colour, WHITE, 0.25)),
            (0.36, _mul(colour, 0.7)),
            (1.0, _mul(colour, 0.62)),
        ],
    )
    # the ground
    _rows(
        p,
        (0, st(0, 0.9)[1], p.w, p.h),
        [(0.0, mood.ground_near), (1.0, _mul(mood.ground_near, 0.8))],
    )
    c = st(0.5, 0.56)
    R = st.r(0.40)
    sill = st(0, 0.78)[1]
    p.draw.rectangle((0, sill, p.w, st(0, 0.9)[1]), fill=(22, 22, 24))
    p.draw.rectangle((0, sill - st.r(0.035), p.w, sill), fill=_mul(colour, 0.6))
    p.ellipse(c[0], c[1], R * 1.17, R * 1.17, _mul(colour, 0.5))
    p.ellipse(c[0], c[1], R * 1.13, R * 1.13, (14, 14, 16))
    p.draw.rectangle((c[0] - R * 1.13, c[1], c[0] + R * 1.13, sill), fill=(14, 14, 16))
    _rows(p, (0, st(0, 0.9)[1], p.w, p.h), [(0.0, mood.ground_far), (1.0, mood.ground_near)])
    shadow = [
        (c[0] - R * 1.3, c[1] + R * 0.93),
        (c[0] + R * 1.3, c[1] + R * 0.93),
        (c[0] + R * 1.1, c[1] + R * 1.05),
        (c[0] - R * 1.1, c[1] + R * 1.05),
    ]
    p.poly(_rounded(shadow, R * 0.1), _mul(mood.ground_near, 0.5))
    # tyre
    p.ellipse(c[0], c[1], R, R, TYRE)
    p.ellipse(c[0], c[1], R * 0.97, R * 0.97, (40, 40, 43))
    p.ellipse(c[0], c[1], R * 0.72, R * 0.72, (32, 32, 35))
    _arc_text(
        p,
        c,
        R * 0.86,
        _tyre_size(car),
        R * 0.075,
        -90,
        (74, 74, 78),
    )
    # rim: brake disc and calliper behind multi-spoke alloy
    rr = R * 0.66
    p.ellipse(c[0], c[1], rr, rr, (26, 26, 28))
    p.ellipse(c[0], c[1], rr * 0.86, rr * 0.86, (138, 138, 142))
    p.ellipse(c[0], c[1], rr * 0.5, rr * 0.5, (96, 96, 100))
    cal_a = math.radians(-130)
    cal = []
    for k in range(9):
        a = cal_a - 0.45 + 0.9 * k / 8
        cal.append((c[0] + rr * 0.88 * math.cos(a), c[1] + rr * 0.88 * math.sin(a)))
    for k in range(9):
        a = cal_a + 0.45 - 0.9 * k / 8
        cal.append((c[0] + rr * 0.58 * math.cos(a), c[1] + rr * 0.58 * math.sin(a)))
    p.poly(_rounded(cal, rr * 0.05), (172, 34, 38))
    p.draw.ellipse(
        (c[0] - rr, c[1] - rr, c[0] + rr, c[1] + rr),
        outline=(210, 214, 220),
        width=round(rr * 0.08),
    )
    p.draw.ellipse(
        (c[0] - rr * 0.93, c[1] - rr * 0.93, c[0] + rr * 0.93, c[1] + rr * 0.93),
        outline=(150, 154, 160),
        width=max(1, round(rr * 0.02)),
    )
    rot = rng.uniform(0, math.pi / 5)
    for k in range(10):
        a = rot + 2 * math.pi * k / 10 + (0.1 if k % 2 else -0.1)
        w0, w1 = 0.09, 0.05
        pts = [
            (c[0] + rr * 0.28 * math.cos(a - w0), c[1] + rr * 0.28 * math.sin(a - w0)),
            (c[0] + rr * 0.95 * math.cos(a - w1), c[1] + rr * 0.95 * math.sin(a - w1)),
            (c[0] + rr * 0.95 * math.cos(a + w1), c[1] + rr * 0.95 * math.sin(a + w1)),
            (c[0] + rr * 0.28 * math.cos(a + w0), c[1] + rr * 0.28 * math.sin(a + w0)),
        ]
        p.poly(pts, (196, 200, 206))
        p.line(pts[:2], (232, 234, 238), max(1.0, rr * 0.012))
    p.ellipse(c[0], c[1], rr * 0.34, rr * 0.34, (186, 190, 196))
    for k in range(5):
        a = rot + 2 * math.pi * k / 5
        q = (c[0] + rr * 0.22 * math.cos(a), c[1] + rr * 0.22 * math.sin(a))
        p.ellipse(q[0], q[1], rr * 0.035, rr * 0.035, (120, 124, 130))
    p.ellipse(c[0], c[1], rr * 0.13, rr * 0.13, (40, 42, 46))
    p.ellipse(c[0], c[1], rr * 0.08, rr * 0.05, CHROME)
    v = (c[0] + rr * 1.03 * math.cos(rot + 0.3), c[1] + rr * 1.03 * math.sin(rot + 0.3))
    p.ellipse(v[0], v[1], rr * 0.025, rr * 0.025, (20, 20, 22))


def _tyre_size(car: _CarSpec) -> str:
    """Sidewall lettering such as '225/45 R17 91V', from the model's tyre."""
    width = round(car.tyre_w * 1000 / 5) * 5
    rim_inches = round(car.rim_r * 2 / 0.0254)
    profile = 55 if car.kind == "suv" else 45
    return f"{width}/{profile} R{rim_inches}  91V"


def _arc_text(
    p: _Painter, c: Pt, radius: float, text: str, size: float, centre_deg: float, fill: RGB
) -> None:
    """Letters set round an arc (tyre sidewall lettering), centred at angle centre_deg."""
    font, cjk = _font(size)
    widths = [font.getlength(ch) for ch in text]
    total = sum(widths)
    a = math.radians(centre_deg) - total / radius / 2
    for ch, w in zip(text, widths, strict=True):
        mid = a + w / radius / 2
        if ch.strip():
            box = font.getbbox(ch)
            gw, gh = int(box[2] + 4), int(size * 1.6)
            glyph = Image.new("L", (max(1, gw), max(1, gh)), 0)
            ImageDraw.Draw(glyph).text((2, 0), ch, font=font, fill=255)
            glyph = glyph.rotate(
                -math.degrees(mid) - 90, resample=Image.Resampling.BICUBIC, expand=True
            )
            q = (c[0] + radius * math.cos(mid), c[1] + radius * math.sin(mid))
            p.img.paste(
                fill, (round(q[0] - glyph.width / 2), round(q[1] - glyph.height / 2)), glyph
            )
        a += w / radius


def _bezier(a: Pt, b: Pt, c: Pt, n: int = 16) -> list[Pt]:
    return [
        (
            (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * b[0] + t * t * c[0],
            (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * b[1] + t * t * c[1],
        )
        for t in (k / n for k in range(n + 1))
    ]


def _hose(p: _Painter, pts: list[Pt], width: float, fill: RGB) -> None:
    p.line(pts, fill, width)
    for q in (pts[0], pts[-1]):
        p.ellipse(q[0], q[1], width / 2, width / 2, fill)
    p.line(pts, _mix(fill, WHITE, 0.12), max(1.0, width * 0.18))


def _engine_bay(p: _Painter, colour: RGB, mood: _Mood, rng) -> None:
    """Looking down into the engine bay from in front of the car, bonnet up."""
    st, u = _Stage(p), p.u
    _rows(p, (0, 0, p.w, p.h), [(0.0, (30, 30, 34)), (1.0, (42, 42, 46))])
    # the open bonnet's underside at the top, wings at the sides
    p.gradient(
        st.pts([(-0.2, -0.2), (1.2, -0.2), (1.2, 0.12), (0.9, 0.15), (0.1, 0.15), (-0.2, 0.12)]),
        [(0.0, _mul(colour, 0.5)), (1.0, _mul(colour, 0.78))],
    )
    pad = _rounded(st.pts([(0.16, -0.1), (0.84, -0.1), (0.8, 0.11), (0.2, 0.11)]), st.r(0.03))
    p.poly(pad, (54, 54, 58))
    for k in range(7):
        x = 0.22 + k * 0.093
        p.line(st.pts([(x, -0.05), (x + 0.012 * (k - 3) / 3, 0.1)]), (64, 64, 68), 2 * u)
    # scuttle panel and engine block
    p.poly(st.pts([(0.09, 0.15), (0.91, 0.15), (0.91, 0.22), (0.09, 0.22)]), (22, 22, 24))
    for k in range(12):
        x = 0.13 + k * 0.064
        p.line(st.pts([(x, 0.165), (x + 0.02, 0.205)]), (40, 40, 44), 1.6 * u)
    block = st.pts([(0.27, 0.25), (0.73, 0.25), (0.76, 0.70), (0.24, 0.70)])
    p.gradient(_rounded(block, st.r(0.03)), [(0.0, (104, 106, 112)), (1.0, (66, 68, 72))])
    for k in range(4):  # intake runners
        x = 0.33 + k * 0.1
        p.poly(
            _rounded(
                st.pts([(x, 0.24), (x + 0.06, 0.24), (x + 0.06, 0.33), (x, 0.33)]), st.r(0.02)
            ),
            (80, 82, 88),
        )
    # engine cover
    cover = st.pts(
        [(0.30, 0.30), (0.70, 0.30), (0.735, 0.42), (0.70, 0.62), (0.30, 0.62), (0.265, 0.42)]
    )
    p.gradient(_rounded(cover, st.r(0.05)), [(0.0, (78, 78, 84)), (1.0, (36, 36, 40))])
    p.line(_rounded(cover, st.r(0.05))[2:14], (110, 110, 118), 2.2 * u)
    for k in range(4):
        y = 0.50 + k * 0.028
        p.line(st.pts([(0.35, y), (0.65, y)]), (30, 30, 34), 2.4 * u)
    p.poly(
        _rounded(st.pts([(0.40, 0.35), (0.60, 0.35), (0.60, 0.45), (0.40, 0.45)]), st.r(0.02)),
        (176, 180, 188),
    )
    p.poly(
        _rounded(
            st.pts([(0.415, 0.365), (0.585, 0.365), (0.585, 0.435), (0.415, 0.435)]), st.r(0.015)
        ),
        (128, 132, 140),
    )
    oil = st(0.665, 0.36)
    p.ellipse(oil[0], oil[1], st.r(0.03), st.r(0.024), (150, 110, 20))
    p.ellipse(oil[0], oil[1] - st.r(0.004), st.r(0.027), st.r(0.02), (240, 190, 40))
    # wings and strut tops
    for sx in (-1, 1):
        x_in, x_out = (0.09, -0.2) if sx < 0 else (0.91, 1.2)
        wing = st.pts([(x_out, 0.1), (x_in, 0.15), (x_in + sx * 0.03, 0.9), (x_out, 0.96)])
        p.gradient(
            wing, [(0.0, _mix(colour, WHITE, 0.25)), (1.0, _mul(colour, 0.78))], vertical=False
        )
        tower = st(0.165 if sx < 0 else 0.835, 0.27)
        p.ellipse(tower[0], tower[1], st.r(0.075), st.r(0.055), _mul(colour, 0.8))
        p.ellipse(tower[0], tower[1], st.r(0.035), st.r(0.026), (40, 40, 44))
        p.ellipse(tower[0], tower[1], st.r(0.014), st.r(0.011), (130, 132, 138))
    # battery (left), fuse box, air box with its intake hose
    bat = st.pts([(0.11, 0.35), (0.245, 0.35), (0.245, 0.52), (0.11, 0.52)])
    p.poly(_rounded(bat, st.r(0.015)), (24, 24, 26))
    p.poly(
        _rounded(st.pts([(0.11, 0.35), (0.245, 0.35), (0.245, 0.385), (0.11, 0.385)]), st.r(0.01)),
        (46, 46, 50),
    )
    for tx, col in ((0.14, (200, 44, 44)), (0.215, (34, 34, 36))):
        t = st(tx, 0.368)
        p.ellipse(t[0], t[1], st.r(0.017), st.r(0.013), col)
    _hose(p, _bezier(st(0.14, 0.36), st(0.2, 0.28), st(0.3, 0.27)), st.r(0.012), (170, 40, 40))
    box = st.pts([(0.10, 0.57), (0.25, 0.57), (0.26, 0.77), (0.10, 0.77)])
    p.poly(_rounded(box, st.r(0.03)), (24, 24, 27))
    p.line(_rounded(box, st.r(0.03))[2:10], (60, 60, 66), 2 * u)
    for cy in (0.60, 0.74):
        clip = st(0.248, cy)
        p.draw.rectangle(
            (
                clip[0] - st.r(0.012),
                clip[1] - st.r(0.01),
                clip[0] + st.r(0.012),
                clip[1] + st.r(0.01),
            ),
            fill=(150, 152, 158),
        )
    _hose(p, _bezier(st(0.235, 0.62), st(0.295, 0.60), st(0.30, 0.52)), st.r(0.05), (20, 20, 22))
    # coolant, washer and brake fluid reservoirs (right)
    res = st.pts([(0.77, 0.34), (0.88, 0.34), (0.88, 0.50), (0.77, 0.50)])
    p.poly(_rounded(res, st.r(0.025)), (214, 214, 206))
    p.poly(
        _rounded(
            st.pts([(0.775, 0.42), (0.875, 0.42), (0.875, 0.495), (0.775, 0.495)]), st.r(0.02)
        ),
        (228, 140, 170),
    )
    cap = st(0.825, 0.35)
    p.ellipse(cap[0], cap[1], st.r(0.026), st.r(0.02), (30, 30, 32))
    _hose(p, _bezier(st(0.79, 0.50), st(0.76, 0.60), st(0.72, 0.64)), st.r(0.018), (24, 24, 26))
    wash = st.pts([(0.78, 0.58), (0.89, 0.58), (0.89, 0.74), (0.78, 0.74)])
    p.poly(_rounded(wash, st.r(0.025)), (200, 204, 210))
    cap = st(0.835, 0.595)
    p.ellipse(cap[0], cap[1], st.r(0.026), st.r(0.02), (40, 110, 200))
    brake = st(0.31, 0.22)
    p.ellipse(brake[0], brake[1], st.r(0.032), st.r(0.026), (220, 214, 180))
    p.ellipse(brake[0], brake[1], st.r(0.02), st.r(0.016), (236, 196, 40))
    # radiator hoses, cross-member, bonnet catch, bumper at the bottom
    _hose(p, _bezier(st(0.42, 0.62), st(0.40, 0.74), st(0.30, 0.78)), st.r(0.03), (22, 22, 24))
    _hose(p, _bezier(st(0.62, 0.62), st(0.64, 0.74), st(0.72, 0.78)), st.r(0.03), (22, 22, 24))
    p.poly(st.pts([(0.06, 0.78), (0.94, 0.78), (0.94, 0.865), (0.06, 0.865)]), (18, 18, 20))
    for k in range(22):
        x = 0.08 + k * 0.04
        p.line(st.pts([(x, 0.785), (x, 0.86)]), (42, 42, 46), 1.6 * u)
    catch = st(0.5, 0.80)
    p.poly(
        _rounded(
            [
                (catch[0] - st.r(0.04), catch[1]),
                (catch[0] + st.r(0.04), catch[1]),
                (catch[0] + st.r(0.03), catch[1] + st.r(0.05)),
                (catch[0] - st.r(0.03), catch[1] + st.r(0.05)),
            ],
            st.r(0.01),
        ),
        (150, 152, 156),
    )
    p.gradient(
        st.pts([(-0.2, 0.875), (1.2, 0.875), (1.2, 1.2), (-0.2, 1.2)]),
        [(0.0, _mix(colour, WHITE, 0.3)), (0.3, colour), (1.0, _mul(colour, 0.72))],
    )
