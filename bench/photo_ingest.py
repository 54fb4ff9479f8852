"""What one uploaded photo costs to ingest, side by side with plainly decoding it.

    .venv/bin/python -m bench.photo_ingest [PHOTO.jpg]

Without an argument it makes a 12-megapixel phone-like JPEG (4000x3000, photographic noise
and gradients, quality 92, EXIF orientation 6 and a GPS position), plus the 2048 px JPEG the
browser sends after scaling it (quality 0.85, no metadata: `web/static/js/photos.js`), which
is what the server usually gets. For each, interleaved over ROUNDS rounds in one run:
(a) a plain full decode, `Image.open(BytesIO(b)).load()`; (b) `media.photos.ingest()` into a
fresh temporary Storage (every file written and fsynced). Reported: medians, the ratio b/a in
wall time and in CPU time (ingest scales and encodes on worker threads, so CPU > wall),
the growth of peak RSS (VmHWM) in a fresh subprocess, the Python heap peak (tracemalloc, which does
not see Pillow's pixel buffers), the size of each variant, and where the CPU time goes.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from media import photos
from media.storage import Storage

ROUNDS = 25
STAGE_REPEATS = 7
BROWSER_EDGE, BROWSER_QUALITY = 2048, 85


def phone_photo(width: int = 4000, height: int = 3000, seed: int = 12) -> bytes:
    """A parking-lot scene with sensor-like noise: compresses like a real phone photo."""
    rnd = random.Random(seed)  # noqa: S311 - picture content, not a secret
    ramp = Image.linear_gradient("L").resize((width, height))
    im = Image.merge(
        "RGB",
        (
            ramp.point(lambda v: 90 + v // 2),
            ramp.point(lambda v: 140 + v // 3),
            ramp.point(lambda v: 230 - v // 3),
        ),
    )
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, int(height * 0.6), width, height), fill=(70, 72, 75))
    for _ in range(400):  # trees, kerbs, other cars: blotches of colour at many scales
        x, y, size = (
            rnd.randrange(width),
            rnd.randrange(height // 3, height),
            rnd.randrange(20, 300),
        )
        colour = tuple(rnd.randrange(20, 235) for _ in range(3))
        draw.ellipse((x, y, x + size, y + size * rnd.uniform(0.3, 1.5)), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(3))
    draw = ImageDraw.Draw(im)
    box = (int(width * 0.2), int(height * 0.45), int(width * 0.8), int(height * 0.75))
    draw.rounded_rectangle(box, radius=120, fill=(180, 20, 30))
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 6) for _ in range(3)])
    im = ImageChops.add(im, noise, 1.0, -128)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone 15", 6
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 12.5), 3: "E", 4: (121.0, 28.0, 7.0)}
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def browser_photo(data: bytes) -> bytes:
    """What photos.js uploads: upright, at most 2048 px, JPEG 0.85, metadata left behind."""
    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    im.thumbnail((BROWSER_EDGE, BROWSER_EDGE), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=BROWSER_QUALITY)
    return out.getvalue()


def fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    scale = edge / max(size)
    return round(size[0] * scale), round(size[1] * scale)


def decode(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def timed(work) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def side_by_side(data: bytes, scratch: Path) -> dict[str, float]:
    """Medians of decode and ingest, interleaved (and alternating which goes first)."""
    runs: dict[str, list[tuple[float, float]]] = {"decode": [], "ingest": []}
    ingest(data, scratch, "warm-up")  # starts the worker threads, loads the codecs
    for n in range(ROUNDS):
        order = ("decode", "ingest") if n % 2 == 0 else ("ingest", "decode")
        for what in order:
            if what == "decode":
                runs[what].append(timed(lambda: decode(data)))
            else:
                runs[what].append(timed(lambda n=n: ingest(data, scratch, str(n))))
    medians = {}
    for what, samples in runs.items():
        medians[what] = statistics.median(wall for wall, _ in samples)
        medians[what + "_cpu"] = statistics.median(cpu for _, cpu in samples)
        medians[what + "_fastest"] = min(wall for wall, _ in samples)
    return medians


def ingest(data: bytes, scratch: Path, name: str) -> photos.Processed:
    return photos.ingest(data, Storage(scratch / name))


def rss_growth_kib(path: Path, what: str) -> int:
    """Peak RSS growth of one decode or ingest, in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.photo_ingest", "--rss", what, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return int(result.stdout.strip())


def _rss_child(what: str, path: str) -> None:
    data = Path(path).read_bytes()
    before = _peak_rss_kib()
    with tempfile.TemporaryDirectory() as scratch:
        if what == "decode":
            decode(data)
        else:
            ingest(data, Path(scratch), "once")
    print(_peak_rss_kib() - before)


def _peak_rss_kib() -> int:
    """VmHWM: unlike ru_maxrss, it is not inherited from the parent across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def heap_peak_kib(data: bytes, scratch: Path) -> int:
    tracemalloc.start()
    ingest(data, scratch, "tracemalloc")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak // 1024


def variant_sizes(data: bytes, scratch: Path) -> dict[str, int]:
    store = Storage(scratch / "sizes")
    result = photos.ingest(data, store)
    return {name: store.path(key).stat().st_size for name, key in result.variants.items()}


def stages(data: bytes) -> list[tuple[str, float, int]]:
    """Single-threaded CPU cost of each step of ingest, to show where the time goes."""

    def median_ms(work) -> float:
        return 1000 * statistics.median(timed(work)[1] for _ in range(STAGE_REPEATS))

    def reduced() -> Image.Image:
        im = Image.open(io.BytesIO(data))
        im.draft("RGB", (1440, 1440))
        im.load()
        return im

    def webp(im: Image.Image, **options) -> bytes:
        out = io.BytesIO()
        im.save(out, "WEBP", **{**photos.WEBP_OPTIONS, **options})
        return out.getvalue()

    def jpeg(im: Image.Image) -> bytes:
        out = io.BytesIO()
        im.save(out, "JPEG", **photos.JPEG_OPTIONS)
        return out.getvalue()

    source = reduced()
    bicubic = Image.Resampling.BICUBIC
    tablet = source.resize(fit(source.size, 1440), bicubic)
    share = tablet.resize(fit(tablet.size, 1080), bicubic)
    phone = tablet.reduce(2)
    rows = [
        (f"decode at reduced scale, {source.width}x{source.height}", median_ms(reduced), 0),
        ("scale to 1440 (bicubic)", median_ms(lambda: source.resize(tablet.size, bicubic)), 0),
        ("scale 1440 -> 1080 (bicubic)", median_ms(lambda: tablet.resize(share.size, bicubic)), 0),
        ("scale 1440 -> 720 (2x2 reduce)", median_ms(lambda: tablet.reduce(2)), 0),
    ]
    for label, im in (("tablet", tablet), ("share", share), ("phone", phone)):
        label = f"WebP {label} {im.width}x{im.height}, method {photos.WEBP_OPTIONS['method']}"
        rows.append((label, median_ms(lambda im=im: webp(im)), len(webp(im))))
    rows.append(
        (
            "  the tablet at method 4",
            median_ms(lambda: webp(tablet, method=4)),
            len(webp(tablet, method=4)),
        )
    )
    rows.append(
        ("JPEG fallback (progressive, optimised)", median_ms(lambda: jpeg(share)), len(jpeg(share)))
    )
    return rows


def main(argv: list[str]) -> None:
    if argv[:1] == ["--rss"]:
        _rss_child(argv[1], argv[2])
        return
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        phone = Path(argv[0]).read_bytes() if argv else phone_photo()
        photos_to_measure = {"phone": phone, "browser": browser_photo(phone)}
        for name, data in photos_to_measure.items():
            (scratch / f"{name}.jpg").write_bytes(data)
        results = {}
        for name, data in photos_to_measure.items():
            im = Image.open(io.BytesIO(data))
            results[name] = {
                "describe": f"{im.width}x{im.height}, {len(data) / 1e6:.2f} MB, "
                f"orientation {im.getexif().get(0x0112, 'none')}",
                **side_by_side(data, scratch / name),
                "rss_decode": rss_growth_kib(scratch / f"{name}.jpg", "decode"),
                "rss_ingest": rss_growth_kib(scratch / f"{name}.jpg", "ingest"),
                "heap": heap_peak_kib(data, scratch / name),
                "sizes": variant_sizes(data, scratch / name),
            }
        breakdown = stages(phone)
    report(results, breakdown, time.perf_counter() - began)


def report(results: dict, breakdown: list, seconds: float) -> None:
    phone, browser = results["phone"], results["browser"]
    print(
        f"Photo ingest — {len(os.sched_getaffinity(0))} CPUs, {photos.WORKERS} worker threads, "
        f"{ROUNDS} interleaved rounds, medians"
    )
    print(f"  phone JPEG:   {phone['describe']}")
    print(f"  browser JPEG: {browser['describe']}")
    print()
    print(f"{'':34}{'phone photo':>14}{'browser 2048':>14}")

    def row(label: str, key) -> None:
        cells = [key(r) for r in (phone, browser)]
        print(f"{label:34}{cells[0]:>14}{cells[1]:>14}")

    row("(a) plain decode, wall", lambda r: f"{r['decode'] * 1000:.1f} ms")
    row("(b) ingest, all variants, wall", lambda r: f"{r['ingest'] * 1000:.1f} ms")
    row("ratio b/a, wall", lambda r: f"{r['ingest'] / r['decode']:.2f}")
    row("ratio b/a, CPU (all threads)", lambda r: f"{r['ingest_cpu'] / r['decode_cpu']:.2f}")
    fastest = "ratio b/a, wall, fastest runs"
    row(fastest, lambda r: f"{r['ingest_fastest'] / r['decode_fastest']:.2f}")
    row("peak RSS growth, decode", lambda r: f"{r['rss_decode'] / 1024:.1f} MiB")
    row("peak RSS growth, ingest", lambda r: f"{r['rss_ingest'] / 1024:.1f} MiB")
    row("Python heap peak, ingest", lambda r: f"{r['heap'] / 1024:.1f} MiB")
    for name in ("tablet", "share", "phone", "jpeg"):
        row(f"bytes: {name}", lambda r, name=name: f"{r['sizes'][name] / 1024:.1f} KiB")
    print()
    print("Where the CPU time goes (12 MP photo, one thread, medians):")
    for label, ms, size in breakdown:
        print(f"  {label:52}{ms:7.1f} ms" + (f"  {size / 1024:6.1f} KiB" if size else ""))
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n(run took {seconds:.0f} s; load average at the end {load} — other work on the")
    print(" machine slows the threaded ingest more than the single-threaded decode)")


if __name__ == "__main__":
    main(sys.argv[1:])
