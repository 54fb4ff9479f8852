"""The public stock pages with 10,000 cars: throughput and p95 against a "hello" route of the
same app in the same run, then Lighthouse (mobile defaults) for both pages.

    make bench-stock      (or: .venv/bin/python -m bench.stock_pages [--cars N] [--no-lighthouse])

- Load: `wrk` (Debian package; `make bench-stock` installs it when missing), one connection
  per simulated visitor, the three URLs interleaved round by round so the machine's noise
  falls on each alike; the median round is reported.
- Lighthouse: npm `lighthouse` (installed under bench/.lighthouse at the pinned version) with
  Debian's Chromium, mobile form factor and simulated slow-4G throttling (its defaults).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.pages import free_port, start

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE_DIR = ROOT / "bench" / ".lighthouse"
CHROMIUM = "/usr/bin/chromium"
LIST_PATH = "/stock?make=" + quote("丰田") + "&price_max=20&sort=price_asc"
ROUNDS = 3
SECONDS = 8
CONNECTIONS = 8

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
            + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
           latency:percentile(50), latency:percentile(95), bad))
end
"""


def wrk(url: str, script: Path) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "-s",
            str(script),
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    requests, duration_us, p50_us, p95_us, bad = map(int, line.split()[1:])
    if bad:
        raise SystemExit(f"{url}: {bad} failed requests (non-2xx/3xx or socket errors)")
    return {"rps": requests / (duration_us / 1e6), "p50": p50_us / 1000, "p95": p95_us / 1000}


def load(base: str, paths: dict[str, str]) -> dict[str, dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
    rounds: dict[str, list[dict]] = {name: [] for name in paths}
    for _ in range(ROUNDS):
        for name, path in paths.items():
            rounds[name].append(wrk(base + path, Path(f.name)))
    os.unlink(f.name)
    return {
        name: {key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p95")}
        for name, results in rounds.items()
    }


def lighthouse(url: str) -> dict:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage"
    run = subprocess.run(
        [
            str(binary),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    audits = report["audits"]
    return {
        **{k: round(v["score"] * 100) for k, v in report["categories"].items()},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cars", type=int, default=10000)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server to measure on instead of SQLite, e.g. "
        "postgresql://postgres@127.0.0.1:5432 (its database lotside_bench is dropped and made)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench-stock does it)")
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite"
        if args.postgres:
            server = args.postgres.rstrip("/")
            for sql in ("DROP DATABASE IF EXISTS lotside_bench", "CREATE DATABASE lotside_bench"):
                subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)
            database = f"{server}/lotside_bench"
        env = {
            **os.environ,
            "VAR_DIR": tmp,
            "APP_ENV": "development",
            "DATABASE_URL": database,
            "DB_POOL": "1",
        }
        run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True}
        subprocess.run([sys.executable, "-m", "web.cli", "prepare"], **run)
        subprocess.run([sys.executable, "-m", "bench.stock_data", str(args.cars)], **run)
        car = (
            subprocess.run(
                [sys.executable, "-c", "import bench.stock_pages as b; b.print_a_car()"], **run
            )
            .stdout.decode()
            .strip()
        )
        port = free_port()
        proc, _ = start_hello(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            for path in ("/hello", LIST_PATH, car):
                response = httpx.get(base + path, follow_redirects=False)
                assert response.status_code == 200, (path, response.status_code)
            figures = load(base, {"hello": "/hello", "list": LIST_PATH, "car": car})
            scores = {}
            if not args.no_lighthouse:
                scores = {"list": lighthouse(base + "/stock"), "car": lighthouse(base + car)}
        finally:
            proc.terminate()
            proc.wait()
    hello = figures["hello"]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{args.cars} listed cars on {engine}; wrk -c{CONNECTIONS}, {SECONDS} s x {ROUNDS} rounds,"
        " medians"
    )
    print(f"  {'route':44s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s}  vs hello (rps, p95)")
    for name, path in (("hello", "/hello"), ("list", LIST_PATH), ("car", car)):
        f = figures[name]
        print(
            f"  {path[:44]:44s} {f['rps']:8.0f} {f['p50']:8.2f} {f['p95']:8.2f}"
            f"  {f['rps'] / hello['rps']:.2f}x, {f['p95'] / hello['p95']:.2f}x"
        )
    for name, s in scores.items():
        print(
            f"  lighthouse {name}: performance {s['performance']}, accessibility "
            f"{s['accessibility']}, best practices {s['best-practices']}, SEO {s['seo']}; "
            f"LCP {s['lcp_ms']:.0f} ms, CLS {s['cls']:.3f}, TBT {s['tbt_ms']:.0f} ms, "
            f"{s['bytes'] / 1024:.0f} KiB"
        )


def start_hello(env: dict, port: int):
    """uvicorn serving bench.hello_app (the app plus /hello)."""
    return start(env, port, target="bench.hello_app:app")


def print_a_car() -> None:
    """The canonical path of one available car in the middle of the stock."""
    from db.stock.tables import Listing

    async def pick() -> str:
        count = await Listing.count().where(Listing.status == "available")
        row = (
            await Listing.select(Listing.unit, Listing.slug)
            .where(Listing.status == "available")
            .order_by(Listing.id)
            .offset(count // 2)
            .first()
        )
        return f"/stock/{row['unit']}/{quote(row['slug'])}"

    print(asyncio.run(pick()))


if __name__ == "__main__":
    main()
