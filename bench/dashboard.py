"""The manager's dashboard over a busy dealership: server time and SQL queries for a
12-month period (and this month), beside the lists its figures summarise.

    make bench-dashboard   (or: .venv/bin/python -m bench.dashboard [--cars N] [--leads N]
                            [--follow-ups F] [--requests R]
                            [--postgres postgresql://postgres@127.0.0.1:5432])

1. Loads the demo into a throw-away database (SQLite in a temporary directory, or the
   PostgreSQL database `bench_dashboard`, dropped and made), then the large data sets of the
   stock and leads benchmarks (`bench/stock_data.py`, `bench/leads_data.py`).
2. Serves the app with its SQL query count per request (`bench/counted_app.py`), signs in as
   the manager and requests each page R times over one keep-alive connection, the pages
   interleaved round by round so the machine's noise falls on each alike; p50 and p95.

No timing is asserted; the figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time

from bench.lead_pages import measure, p95, run
from bench.pages import free_port, start

PAGES = [
    ("Dashboard, 12 months", "manager", "/manager/dashboard?period=12m"),
    ("Dashboard, this month", "manager", "/manager/dashboard?period=month"),
    ("Dashboard, 12 months, one person", "manager", "/manager/dashboard?period=12m&person={me}"),
    ("Stock list (for scale)", "manager", "/inventory"),
    ("Leads list (for scale)", "manager", "/leads"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cars", type=int, default=10000)
    parser.add_argument("--leads", type=int, default=100000)
    parser.add_argument("--follow-ups", type=int, default=1000000)
    parser.add_argument("--requests", type=int, default=20, help="per page")
    parser.add_argument("--postgres", metavar="URL", help="measure on PostgreSQL instead")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite"
        if args.postgres:
            server = args.postgres.rstrip("/")
            for sql in (
                "DROP DATABASE IF EXISTS bench_dashboard",
                "CREATE DATABASE bench_dashboard",
            ):
                subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)
            database = f"{server}/bench_dashboard"
        env = {
            **os.environ,
            "VAR_DIR": tmp,
            "MEDIA_ROOT": f"{tmp}/media",
            "APP_ENV": "development",
            "DATABASE_URL": database,
            "DB_POOL": "1",
        }
        run(["-m", "web.cli", "prepare"], env)
        began = time.perf_counter()
        cars = run(["-m", "bench.stock_data", str(args.cars)], env)
        leads = run(["-m", "bench.leads_data", str(args.leads), str(args.follow_ups)], env)
        made_s = time.perf_counter() - began
        if args.postgres:
            # what autovacuum does on its own a little later: without the tables' statistics
            # PostgreSQL plans the first minutes of queries blind (one person's year took
            # 1.2 s instead of 0.2 s)
            subprocess.run(["psql", database, "-qc", "ANALYZE"], check=True)
        me = run(
            ["-c", "import asyncio; from bench.dashboard import _me; print(asyncio.run(_me()))"],
            env,
        )
        todo = [(name, who, path.format(me=me), True) for name, who, path in PAGES]
        port = free_port()
        proc, _ = start(env, port, target="bench.counted_app:app")
        try:
            figures = measure(f"http://127.0.0.1:{port}", todo, args.requests)
        finally:
            proc.terminate()
            proc.wait()

    engine = "PostgreSQL" if args.postgres else "SQLite (WAL)"
    print(f"{engine}: {cars}; {leads} (generation {made_s:.1f} s wall)")
    print(f"  {args.requests} requests a page, interleaved; one uvicorn worker, one connection")
    print(f"  {'page':34s} {'path':44s} {'queries':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'KiB':>6s}")
    for name, _who, path, _ in todo:
        f = figures[name]
        print(
            f"  {name:34s} {path[:44]:44s} {max(f['queries']):7d} {statistics.median(f['ms']):8.1f}"
            f" {p95(f['ms']):8.1f} {f['bytes'] / 1024:6.1f}"
        )


async def _me() -> int:
    """The consultant 张婷's id: the person filter's example."""
    from db.schema import migrate
    from db.staff.tables import Staff

    await migrate()
    row = await Staff.select(Staff.id).where(Staff.username == "consultant").first()
    return row["id"]


if __name__ == "__main__":
    main()
