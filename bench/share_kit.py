"""The share kit's images for one car: the link-preview card and the nine-grid, drawn from
the car's stored photo variants, cold (drawn and stored) and cached (the hash check only).

    make bench-share      (or: .venv/bin/python -m bench.share_kit [--runs N] [--clean])

The car: nine distinct camera-sized photos (4000x3000 JPEG, quality 92) of one demo car drawn
by `media/demo_art.py`, with sensor-like noise added so they compress like photographs
(`--clean` leaves the flat illustrations as they are), each put through
`media.photos.ingest` once, so the variants are exactly what production stores.

Each round, in one process, with the rounds' order of work alternated so the machine's noise
falls on each alike:
- card cold: `media.previews.preview` into a fresh Storage holding only the photos; then
  card cached: the same call again;
- nine-grid cold with workers=1 and with workers=4 (`media.share_kit.grid`, each into its
  own fresh Storage); then grid cached: the same call again.
"Cold" means not drawn yet: the source variants were just copied, so they are in the page
cache, as a recently uploaded car's are. Reported: median (min-max) wall time, CPU time of
the cold grids (the tiles are drawn on threads), the cold/cached ratios, the byte sizes of a
whole kit, the peak RSS growth of one cold grid in a fresh interpreter (VmHWM), where a cold
kit's time goes (each drawing alone, in memory, and one `Storage.put`), and how much a
second thread could gain at the time (the machine is shared: read workers=1 against
workers=4 with it).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops

from media import photos
from media.demo_art import draw_shot
from media.previews import CardText, draw, preview
from media.share_kit import JPEG_OPTIONS, TileText, draw_combined, draw_tile, grid
from media.storage import Storage

ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "web" / "static" / "icons" / "icon-512.png"
RUNS = 7
CACHED_REPEATS = 20  # cached calls are sub-millisecond: timed as the mean of this many
STAGE_REPEATS = 7
CAMERA = (4000, 3000)
SHOTS = (  # a listing's nine, cover first: the gallery order of the grid
    "front_three_quarter_left",
    "front",
    "front_three_quarter_right",
    "right_side",
    "rear_three_quarter",
    "rear",
    "left_side",
    "dashboard",
    "front_seats",
)
CAR = {"colour": (176, 24, 36), "plate": "粤B·7Q2K8", "mileage_km": 88_300, "body": "sedan"}
CARD = CardText(
    title="大众 迈腾 2019款 330TSI DSG 豪华型",
    price="¥11.78万",
    facts="2019年 · 8.83万公里 · 深圳",
    certified=True,
    dealership="华骏汽车 · 深圳龙岗店",
    url="https://lotside.example.cn/stock/10/dazhong-maiteng-2019",
)
TILE = TileText(
    title=CARD.title,
    price=CARD.price,
    facts="2019年 · 8.83万公里",
    dealership="华骏汽车",
    url="https://lotside.example.cn/s/k7Q2mX",
)


def camera_photo(slot: str, seed: int, noisy: bool) -> bytes:
    """One shot of the car as a phone takes it: 12 MP, JPEG quality 92."""
    data = draw_shot(slot, size=CAMERA, seed=seed, plate_cover="华骏汽车", **CAR)
    if not noisy:
        return data
    im = Image.open(io.BytesIO(data)).convert("RGB")
    noise = Image.merge("RGB", [Image.effect_noise(CAMERA, 6) for _ in range(3)])
    im = ImageChops.add(im, noise, 1.0, -128)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92)
    return out.getvalue()


def stored_photos(root: Path, noisy: bool) -> tuple[list[dict], dict]:
    """Ingest the nine photos into a Storage at `root`; the photo dicts and a description."""
    store = Storage(root)
    uploads = [camera_photo(slot, 40 + n, noisy) for n, slot in enumerate(SHOTS)]
    processed = [photos.ingest(data, store) for data in uploads]
    tablet = [store.path(p.variants["tablet"]).stat().st_size for p in processed]
    about = {
        "uploads": sum(map(len, uploads)) / len(uploads),
        "tablet": statistics.median(tablet),
    }
    return [{"variants": p.variants} for p in processed], about


def fresh(photos_root: Path, scratch: Path, name: str) -> Storage:
    """A new Storage holding only the car's photo variants (copied, not timed)."""
    root = scratch / name
    shutil.copytree(photos_root / "photos", root / "photos")
    return Storage(root)


def timed(work) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def cached(work) -> float:
    wall = time.perf_counter()
    for _ in range(CACHED_REPEATS):
        work()
    return (time.perf_counter() - wall) / CACHED_REPEATS


def rounds(car: list[dict], photos_root: Path, scratch: Path, runs: int) -> dict:
    samples: dict[str, list] = {
        k: [] for k in ("card", "card_cached", "grid1", "grid4", "grid_cached")
    }
    cpu: dict[str, list] = {"card": [], "grid1": [], "grid4": []}
    first = None  # the first card and grid in this process: fonts not loaded yet
    kit = None
    for n in range(-1, runs):  # round -1 warms up (and is the "first in a process" figure)
        jobs = ["card", "grid1", "grid4"]
        if n >= 0 and n % 2:
            jobs.reverse()
        round_times = {}
        for job in jobs:
            store = fresh(photos_root, scratch, f"{n}-{job}")
            if job == "card":
                wall, used, key = timed(lambda s=store: preview(s, car[0], LOGO, CARD))
                round_times["card"] = wall
                if n >= 0:
                    cpu["card"].append(used)
                round_times["card_cached"] = cached(lambda s=store: preview(s, car[0], LOGO, CARD))
                card = (store, key)
            else:
                workers = 1 if job == "grid1" else 4
                wall, used, made = timed(
                    lambda s=store, w=workers: grid(s, car, TILE, "centre", workers=w)
                )
                round_times[job] = wall
                if n >= 0:
                    cpu[job].append(used)
                if job == "grid4":
                    round_times["grid_cached"] = cached(
                        lambda s=store: grid(s, car, TILE, "centre", workers=4)
                    )
                    kit = (store, made)
        if n < 0:
            first = round_times
        else:
            for k, v in round_times.items():
                samples[k].append(v)
        if n == runs - 1:
            sizes = kit_sizes(card, kit)
    return {"samples": samples, "cpu": cpu, "first": first, "sizes": sizes}


def kit_sizes(card: tuple, kit: tuple) -> dict:
    card_store, card_key = card
    store, made = kit
    size = lambda s, k: s.path(k).stat().st_size  # noqa: E731
    tiles = [size(store, k) for n, k in enumerate(made.tiles) if n != made.price_at]
    out = {
        "card": size(card_store, card_key),
        "tiles": tiles,
        "price": size(store, made.tiles[made.price_at]),
        "combined": size(store, made.combined),
        "price_at": made.price_at,
    }
    out["total"] = out["card"] + sum(tiles) + out["price"] + out["combined"]
    return out


def stages(car: list[dict], photos_root: Path, scratch: Path) -> list[tuple[str, float, float]]:
    """Where a cold kit's time goes: each drawing in memory (one thread), and storing a file
    (`Storage.put` writes, fsyncs the file and its folder). Median wall and CPU ms."""
    store = Storage(photos_root)
    tablet = store.path(car[0]["variants"]["tablet"])
    card_source = store.path(car[0]["variants"]["share"])
    made = grid(fresh(photos_root, scratch, "stages"), car, TILE)
    tiles = [scratch / "stages" / Path(*k.split("/")) for k in made.tiles]
    payload = tiles[0].read_bytes()
    puts = iter(range(10**6))

    def median(work) -> tuple[float, float]:
        runs = [timed(work)[:2] for _ in range(STAGE_REPEATS)]
        return tuple(1000 * statistics.median(r[i] for r in runs) for i in (0, 1))

    def decode() -> None:
        with Image.open(tablet) as im:
            im.load()

    with Image.open(io.BytesIO(draw_combined(tiles))) as im:
        combined = im.convert("RGB")

    def encode_combined() -> None:
        combined.save(io.BytesIO(), "JPEG", **JPEG_OPTIONS)

    return [
        (f"decode the tablet WebP ({Image.open(tablet).size[0]} px)", *median(decode)),
        (
            "draw the card from the 1080 px share WebP (incl. QR)",
            *median(lambda: draw(card_source, LOGO, CARD)),
        ),
        ("draw a plain tile (decode, crop, Lanczos, JPEG)", *median(lambda: draw_tile(tablet))),
        ("draw the price tile (+ band, text, QR)", *median(lambda: draw_tile(tablet, TILE))),
        ("draw the combined 3x3 from nine tiles", *median(lambda: draw_combined(tiles))),
        ("  of which its JPEG encode (baseline, optimised)", *median(encode_combined)),
        (
            f"store one file ({len(payload) // 1024} KiB, fsync file + folder)",
            *median(lambda: Storage(scratch / "puts").put(f"x/{next(puts)}.jpg", payload)),
        ),
    ]


def headroom() -> float:
    """How much a second thread gains at the moment, on work that surely runs in parallel
    (sha256 of a large buffer lets go of the GIL): about 2 on two idle cores, about 1 when
    other work fills the second core. Read the workers=1/workers=4 ratio against it."""
    blob = b"\0" * 20_000_000

    def run(threads: int) -> float:
        began = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda _: hashlib.sha256(blob).digest(), range(8)))
        return time.perf_counter() - began

    return statistics.median(run(1) / run(2) for _ in range(3))


def rss_growth_kib(photos_root: Path) -> int:
    """Peak RSS growth of one cold grid (workers=4) in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.share_kit", "--rss", str(photos_root)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(result.stdout.strip())


def _rss_child(photos_root: Path) -> None:
    car = json.loads((photos_root / "car.json").read_text())
    with tempfile.TemporaryDirectory() as scratch:
        store = fresh(photos_root, Path(scratch), "rss")
        preview(store, car[0], LOGO, CardText(title="预热"))  # fonts and codecs loaded
        before = _peak_rss_kib()
        grid(store, car, TILE, "centre", workers=4)
        print(_peak_rss_kib() - before)


def _peak_rss_kib() -> int:
    """VmHWM: unlike ru_maxrss, it is not inherited from the parent across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--rss"]:
        _rss_child(Path(argv[1]))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.share_kit")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--clean", action="store_true", help="no sensor noise on the photos")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        photos_root = scratch / "car"
        car, about = stored_photos(photos_root, noisy=not args.clean)
        (photos_root / "car.json").write_text(json.dumps(car))
        before = headroom()
        results = rounds(car, photos_root, scratch, args.runs)
        results["headroom"] = (before, headroom())
        results["rss"] = rss_growth_kib(photos_root)
        results["stages"] = stages(car, photos_root, scratch)
    report(results, about, args, time.perf_counter() - began)


def report(results: dict, about: dict, args, seconds: float) -> None:
    s, cpu, sizes = results["samples"], results["cpu"], results["sizes"]
    med = {k: statistics.median(v) for k, v in s.items()}

    def ms(key: str) -> str:
        v = s[key]
        return f"{statistics.median(v) * 1000:8.1f} ms  ({min(v) * 1000:.1f}–{max(v) * 1000:.1f})"

    print(
        f"Share kit images — {len(os.sched_getaffinity(0))} CPUs, {args.runs} rounds, "
        f"median (min–max); photos {'clean illustrations' if args.clean else 'with noise'}"
    )
    print(
        f"  nine uploads {CAMERA[0]}x{CAMERA[1]}, mean {about['uploads'] / 1e6:.2f} MB; "
        f"tablet variant median {about['tablet'] / 1024:.1f} KiB"
    )
    print()
    print(f"  {'card, cold (draw + store)':38}{ms('card')}")
    print(f"  {'card, cached (hash check)':38}{ms('card_cached')}")
    print(f"  {'nine-grid, cold, workers=1':38}{ms('grid1')}")
    print(f"  {'nine-grid, cold, workers=4':38}{ms('grid4')}")
    print(f"  {'nine-grid, cached':38}{ms('grid_cached')}")
    print()
    c1, c4 = statistics.median(cpu["grid1"]), statistics.median(cpu["grid4"])
    print(
        f"  CPU time (all threads), cold: card {statistics.median(cpu['card']) * 1000:.0f} ms, "
        f"grid workers=1 {c1 * 1000:.0f} ms, workers=4 {c4 * 1000:.0f} ms"
    )
    print(
        f"  grid workers=1 / workers=4, wall: {med['grid1'] / med['grid4']:.2f}× "
        "(a second thread's gain on sha256 just before / after the rounds: "
        + " / ".join(f"{x:.2f}×" for x in results["headroom"])
        + ")"
    )
    print(f"  card cold / cached: {med['card'] / med['card_cached']:.0f}×")
    print(f"  grid (workers=4) cold / cached: {med['grid4'] / med['grid_cached']:.0f}×")
    first = results["first"]
    print(
        f"  first in a fresh process (fonts loading): card {first['card'] * 1000:.0f} ms, "
        f"then grid w=1 {first['grid1'] * 1000:.0f} ms"
    )
    print(f"  peak RSS growth, one cold grid (workers=4): {results['rss'] / 1024:.1f} MiB")
    print()
    tiles = sizes["tiles"]
    kib = lambda b: f"{b / 1024:.1f} KiB"  # noqa: E731
    print(f"  bytes: card 1200x630                 {kib(sizes['card'])}")
    print(
        f"  bytes: tile 1080x1080, 8 plain       min {kib(min(tiles))}, "
        f"median {kib(statistics.median(tiles))}, max {kib(max(tiles))}"
    )
    print(f"  bytes: price tile (#{sizes['price_at'] + 1})              {kib(sizes['price'])}")
    print(f"  bytes: combined 1636x1636            {kib(sizes['combined'])}")
    print(f"  bytes: whole kit (card + 9 + combined) {kib(sizes['total'])}")
    print("\nWhere a cold kit's time goes (one thread, median wall / CPU):")
    for label, wall, used in results["stages"]:
        print(f"  {label:52}{wall:7.1f} /{used:6.1f} ms")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n(run took {seconds:.0f} s; load average at the end {load})")


if __name__ == "__main__":
    main(sys.argv[1:])
