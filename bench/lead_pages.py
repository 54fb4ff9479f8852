"""The leads screens with 100,000 leads and 1,000,000 follow-ups: queries and latency per page,
and the nightly pool release over the same book.

    make bench-leads      (or: .venv/bin/python -m bench.lead_pages [--leads N] [--follow-ups F]
                           [--requests R] [--postgres postgresql://postgres@127.0.0.1:5432])

1. Loads the demo into a throw-away database (SQLite in a temporary directory, or the
   PostgreSQL database `bench_leads`, dropped and made), then the lead book
   (`bench/leads_data.py`), timed.
2. The nightly release (`release_to_pool`, what `python -m db.cli release-pool` runs), timed
   twice: the first run moves the night's backlog, the second must move nothing; then the
   command itself once more, end to end.
3. Serves the app (`bench/counted_app.py`: the app plus an `x-sql-queries` header, the tests'
   `sql_log` count) with one uvicorn worker, signs in as the consultant 张婷 and the manager,
   and requests each page R times over one keep-alive connection each, the pages interleaved
   round by round so the machine's noise falls on each alike; p50 and p95 per page.

The Today screen and the lead lists have a budget of at most 5 SQL queries a request (the
session included); a page over it is reported loudly and the bench exits non-zero. No timing
is asserted: latencies are reported, never checked.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.pages import free_port, start

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 5
PASSWORD = "lotside-demo"  # noqa: S105 - the demo's password


def pages(staff_id: int, lead_id: int) -> list[tuple[str, str, str, bool]]:
    """(name, who, path, within the query budget) for each measured page."""
    return [
        ("Today, consultant", "consultant", "/today", True),
        ("Today, manager: team", "manager", "/today", True),
        ("Today, manager: one consultant", "manager", f"/today?staff={staff_id}", True),
        ("Leads, consultant", "consultant", "/leads", True),
        ("Leads, manager: all", "manager", "/leads", True),
        (
            "Leads, manager: filtered",
            "manager",
            f"/leads?owner={staff_id}&status=following&grade=A",
            True,
        ),
        ("Pool, consultant", "consultant", "/leads/pool", False),
        ("Lead page, consultant", "consultant", f"/leads/{lead_id}", False),
    ]


def sign_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/login").text)[1]
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "_csrf_token": token}
    )
    assert response.status_code in (200, 302, 303), (username, response.status_code)
    return client


def measure(base: str, todo: list[tuple[str, str, str, bool]], requests: int) -> dict[str, dict]:
    clients = {who: sign_in(base, who) for who in {t[1] for t in todo}}
    results = {name: {"ms": [], "queries": set(), "bytes": 0} for name, *_ in todo}
    try:
        for round_no in range(requests + 3):  # three rounds of warm-up, not counted
            for name, who, path, _ in todo:
                began = time.perf_counter()
                response = clients[who].get(path)
                took = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path} as {who}: {response.status_code}")
                if round_no >= 3:
                    results[name]["ms"].append(took)
                    results[name]["queries"].add(int(response.headers["x-sql-queries"]))
                    results[name]["bytes"] = len(response.content)
    finally:
        for client in clients.values():
            client.close()
    return results


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def run(module_args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *module_args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(module_args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]  # the last line: migrations print before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=100000)
    parser.add_argument("--follow-ups", type=int, default=1000000)
    parser.add_argument("--requests", type=int, default=100, help="per page")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server to measure on instead of SQLite, e.g. "
        "postgresql://postgres@127.0.0.1:5432 (its database bench_leads is dropped and made)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite"
        if args.postgres:
            server = args.postgres.rstrip("/")
            for sql in ("DROP DATABASE IF EXISTS bench_leads", "CREATE DATABASE bench_leads"):
                subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)
            database = f"{server}/bench_leads"
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
        made = run(["-m", "bench.leads_data", str(args.leads), str(args.follow_ups)], env)
        made_s = time.perf_counter() - began
        releases = [json.loads(run(["-m", "bench.lead_pages", "--release"], env)) for _ in "12"]
        began = time.perf_counter()
        cli = run(["-m", "db.cli", "release-pool"], env)
        cli_s = time.perf_counter() - began
        picks = json.loads(run(["-m", "bench.lead_pages", "--picks"], env))
        todo = pages(picks["staff_id"], picks["lead_id"])
        port = free_port()
        proc, _ = start(env, port, target="bench.counted_app:app")
        try:
            figures = measure(f"http://127.0.0.1:{port}", todo, args.requests)
        finally:
            proc.terminate()
            proc.wait()

    engine = "PostgreSQL 15" if args.postgres else "SQLite (WAL)"
    print(f"{engine}: {made} (generation {made_s:.1f} s wall)")
    print(f"  book after the release: {picks['book']}")
    for n, r in enumerate(releases, 1):
        print(
            f"  release_to_pool run {n}: {r['seconds']:.2f} s, moved "
            + ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        )
    print(f"  python -m db.cli release-pool, run 3, end to end: {cli_s:.2f} s ({cli})")
    print(f"  lead page: lead {picks['lead_id']} with {picks['history']} follow-ups and events")
    print(
        f"  {args.requests} requests a page, interleaved; one uvicorn worker, one connection each"
    )
    print(f"  {'page':34s} {'path':44s} {'queries':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'KiB':>6s}")
    over = []
    for name, _who, path, budgeted in todo:
        f = figures[name]
        queries = max(f["queries"])
        flag = ""
        if len(f["queries"]) > 1:
            flag += f"  (varied: {sorted(f['queries'])})"
        if queries > BUDGET:
            flag += f"  !! OVER THE BUDGET OF {BUDGET}" if budgeted else f"  (over {BUDGET})"
            if budgeted:
                over.append(name)
        print(
            f"  {name:34s} {path[:44]:44s} {queries:7d} {statistics.median(f['ms']):8.1f}"
            f" {p95(f['ms']):8.1f} {f['bytes'] / 1024:6.1f}{flag}"
        )
    if over:
        print(f"!! {len(over)} page(s) over the budget of {BUDGET} queries: {', '.join(over)}")
        raise SystemExit(1)


async def _release() -> dict:
    from datetime import UTC, datetime

    from db.leads.pool import release_to_pool
    from db.schema import migrate

    await migrate()
    began = time.perf_counter()
    counts = await release_to_pool(datetime.now(UTC))
    return {"seconds": time.perf_counter() - began, "counts": counts}


async def _picks() -> dict:
    """The consultant 张婷's id, her open lead with the longest history, and the book's
    shape (statuses, pool) after the release."""
    from piccolo.query.functions.aggregate import Count

    from db.leads.tables import FollowUp, Lead, LeadEvent
    from db.staff.tables import Staff

    me = await Staff.select(Staff.id).where(Staff.username == "consultant").first()
    open_ids = await Lead.select(Lead.id).where(
        (Lead.owner == me["id"]) & (Lead.status == Lead.Status.following)
    )
    counts = (
        await FollowUp.select(FollowUp.lead, Count(FollowUp.id).as_alias("n"))
        .where(FollowUp.lead.is_in([r["id"] for r in open_ids]))
        .group_by(FollowUp.lead)
    )
    busiest = max(counts, key=lambda r: (r["n"], -r["lead"]))
    events = await LeadEvent.count().where(LeadEvent.lead == busiest["lead"])
    statuses = await Lead.select(Lead.status, Count(Lead.id).as_alias("n")).group_by(Lead.status)
    pooled = await Lead.count().where(Lead.owner.is_null())
    book = ", ".join(f"{r['status']} {r['n']}" for r in sorted(statuses, key=lambda r: -r["n"]))
    return {
        "staff_id": me["id"],
        "lead_id": busiest["lead"],
        "history": busiest["n"] + events,
        "book": f"{book}; in the pool {pooled}",
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--release"]:
        print(json.dumps(asyncio.run(_release())))
    elif sys.argv[1:] == ["--picks"]:
        print(json.dumps(asyncio.run(_picks())))
    else:
        main()
