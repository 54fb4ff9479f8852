"""Start-up time, page weight and request cost of the shell, measured on a real server.

    make bench            (or: .venv/bin/python -m bench.pages)

Runs uvicorn on a throw-away SQLite database with the demo data, then measures:
- start-up: process spawn until /healthz answers, median of several starts;
- page weight: bytes on the wire for the login page, first visit (HTML + every asset it
  links, as the browser would fetch them, gzip accepted) and repeat visit (assets cached);
- request cost: median time of signed-in page requests side by side with /healthz in the
  same run, reported as ratios (these machines are shared and noisy).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
STARTS = 5
ROUNDS = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, port: int, target: str = "app:app") -> tuple[subprocess.Popen, float]:
    began = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            target,
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, time.perf_counter() - began
        except httpx.TransportError:
            time.sleep(0.01)
        if time.perf_counter() - began > 30:
            proc.kill()
            raise SystemExit("server did not start")


def page_weight(base: str) -> dict:
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        page = client.get("/login")
        html_bytes = len(page.content)  # HTML is sent uncompressed (see app.py)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
        wire = {}
        for url in assets:
            r = client.get(url)
            wire[url.split("?")[0]] = int(r.headers.get("content-length", len(r.content)))
    return {
        "html": html_bytes,
        "assets": wire,
        "first": html_bytes + sum(wire.values()),
        "repeat": html_bytes,
    }


def request_cost(base: str) -> dict:
    with httpx.Client(base_url=base) as client:
        token = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/login").text)[1]
        client.post(
            "/login", data={"username": "manager", "password": "lotside-demo", "_csrf_token": token}
        )
        paths = ["/healthz", "/login", "/stock", "/manager", "/me"]
        times = {p: [] for p in paths}
        for _ in range(ROUNDS):
            for p in paths:  # interleaved, so noise hits every path alike
                t = time.perf_counter()
                client.get(p, follow_redirects=False)
                times[p].append(time.perf_counter() - t)
    base_ms = statistics.median(times["/healthz"]) * 1000
    return {
        p: (statistics.median(v) * 1000, statistics.median(v) * 1000 / base_ms)
        for p, v in times.items()
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "VAR_DIR": tmp,
            "APP_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
            "DB_POOL": "1",
        }
        subprocess.run(
            [sys.executable, "-m", "web.cli", "prepare"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        starts = []
        for _ in range(STARTS):
            port = free_port()
            proc, took = start(env, port)
            starts.append(took)
            proc.terminate()
            proc.wait()
        port = free_port()
        proc, _ = start(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            weight = page_weight(base)
            cost = request_cost(base)
        finally:
            proc.terminate()
            proc.wait()

    print(
        f"start-up (spawn -> /healthz 200), median of {STARTS}: "
        f"{statistics.median(starts):.2f} s (min {min(starts):.2f}, max {max(starts):.2f})"
    )
    print(
        f"login page, first visit: {weight['first'] / 1024:.1f} KiB on the wire "
        f"(HTML {weight['html'] / 1024:.1f} KiB)"
    )
    for url, size in weight["assets"].items():
        print(f"  {url}: {size / 1024:.1f} KiB")
    print(f"login page, repeat visit (assets cached, immutable): {weight['repeat'] / 1024:.1f} KiB")
    print(f"request cost, median of {ROUNDS} interleaved rounds (ratio to /healthz):")
    for path, (ms, ratio) in cost.items():
        print(f"  {path:10s} {ms:6.2f} ms  x{ratio:.2f}")


if __name__ == "__main__":
    main()
