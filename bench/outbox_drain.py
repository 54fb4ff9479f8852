"""How long the outbox takes to send nine photos queued without signal, once a slow phone
connection returns.

    .venv/bin/python -m bench.outbox_drain      (or: make bench-outbox)

Runs its own server (uvicorn on a throw-away SQLite database with the demo dealership) and
Debian's Chromium at phone size with the service worker allowed, as a phone has it. An
appraiser starts an appraisal with signal, loses it (CDP: offline), takes the nine guided
shots — each a 12-megapixel phone JPEG, scaled on the phone by photos.js to 2048 px and kept
by outbox.js in IndexedDB — then the signal returns as a throttled phone network (1.6 Mbit/s
up, 4 Mbit/s down, 150 ms latency). Measured from the signal's return to the outbox badge
going away (every photo stored by the server): the drain time, the bytes queued, and the
time those bytes take on the wire at 1.6 Mbit/s, so the ratio says what the outbox adds.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.appraisal_browser import DOWN_BPS, LATENCY_MS, UP_BPS, prepare
from bench.pages import free_port, start
from bench.photo_ingest import phone_photo
from db.appraisals.photo_queries import GUIDED_SHOTS
from tests.e2e.appraisal_pages import AppraisalList, Thumb
from tests.e2e.pages import CHROMIUM, CHROMIUM_ARGS, PHONE, sign_in_as

RUNS = 3
WAIT_MS = 600_000


_SESSIONS: dict[int, object] = {}


def network(page: Page, *, offline: bool) -> None:
    """One CDP session per page: a second session's conditions would not undo the first's."""
    cdp = _SESSIONS.get(id(page))
    if cdp is None:
        cdp = _SESSIONS[id(page)] = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": LATENCY_MS,
            "uploadThroughput": UP_BPS / 8,
            "downloadThroughput": DOWN_BPS / 8,
        },
    )


def one_drain(browser, base: str, photo: Path) -> dict:
    context = browser.new_context(base_url=base, **PHONE)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        sign_in_as(page, "appraiser")
        thumb = Thumb(page)
        sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
        page.wait_for_function(
            "() => navigator.serviceWorker && navigator.serviceWorker.controller"
        )
        network(page, offline=True)
        for slot in GUIDED_SHOTS:
            sheet.photos.take(thumb, slot, photo)
        page.wait_for_function(
            "() => document.querySelector('#outbox-badge .outbox-count')?.textContent === '9'"
        )
        queued = page.evaluate(
            """() => window.lotsideOutbox.items().then((list) => list.map((i) =>
                   i.fields.reduce((n, f) => n + (f[1] instanceof Blob ? f[1].size : 0), 0)))"""
        )
        began = time.perf_counter()
        network(page, offline=False)
        page.evaluate("window.lotsideOutbox.drain()")  # as the 'online' event would
        page.wait_for_selector("#outbox-badge", state="hidden")
        seconds = time.perf_counter() - began
        stored = page.locator("#photo-grid li.shot.has-photo[id^=shot-]").count()
        return {"seconds": seconds, "bytes": sum(queued), "photos": len(queued), "grid": stored}
    finally:
        context.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lotside-bench-") as tmp:
        env = {
            **os.environ,
            "VAR_DIR": tmp,
            "MEDIA_ROOT": f"{tmp}/media",
            "APP_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
            "LOGIN_DELAY_SECONDS": "0.01",
            "PICCOLO_CONF": "db.piccolo_conf",
        }
        prepare(env)
        photo = Path(tmp) / "IMG_4032.jpg"
        photo.write_bytes(phone_photo())
        original = photo.stat().st_size
        proc, _ = start(env, port := free_port())
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    runs = [
                        one_drain(browser, f"http://127.0.0.1:{port}", photo) for _ in range(RUNS)
                    ]
                finally:
                    browser.close()
        finally:
            proc.terminate()
            proc.wait()
    report(runs, original)


def report(runs: list[dict], original: int) -> None:
    wire = [r["bytes"] * 8 / UP_BPS for r in runs]
    seconds = [r["seconds"] for r in runs]
    print(
        f"Outbox drain: nine 12 MP photos ({original:,} bytes each as taken) queued offline, "
        f"sent at {UP_BPS / 1e6:g} Mbit/s up / {DOWN_BPS / 1e6:g} down / {LATENCY_MS} ms; "
        f"{len(runs)} runs"
    )
    for n, (r, w) in enumerate(zip(runs, wire, strict=True), start=1):
        print(
            f"  run {n}: {r['photos']} photos, {r['bytes']:,} bytes queued, drained in "
            f"{r['seconds']:.1f} s (the bytes alone: {w:.1f} s on the wire; "
            f"x{r['seconds'] / w:.2f});"
            f" grid shows {r['grid']}/9"
        )
    print(
        f"  median drain {statistics.median(seconds):.1f} s; median wire time "
        f"{statistics.median(wire):.1f} s; median ratio "
        f"{statistics.median(s / w for s, w in zip(seconds, wire, strict=True)):.2f}"
    )


if __name__ == "__main__":
    main()
