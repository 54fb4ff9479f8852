"""The appraisal flow in a real browser at phone size: photo bytes, taps and seconds.

    .venv/bin/python -m bench.appraisal_browser

Runs its own server (uvicorn on a throw-away SQLite database, media folder and VAR_DIR, with
the demo dealership from `web.cli prepare`) and Debian's Chromium through Playwright, with
the phone context the browser tests use (390x844, touch, zh-CN). Service workers are blocked
so that every request of the page goes through the throttled network. Measures:

a. One 12-megapixel phone JPEG (4000x3000, photographic noise and gradients, EXIF
   orientation 6 and GPS: `bench.photo_ingest.phone_photo`) uploaded through the real page:
   the multipart body photos.js sends after scaling it on the phone, against the original
   file; what it carries (pixels, GPS); the time the page takes to scale it.
b. One appraisal completed as the browser test does it (car and owner, the nine guided shots
   each a 12 MP photo, a damage mark, a checklist problem, four tyres, forecast and an agreed
   price within the maximum, outcome "acquired"), on a phone network emulated over CDP
   (1.6 Mbit/s up, 4 Mbit/s down, 150 ms latency). "Taps" counts every tap, fill, select
   and photo the script performs from "start an appraisal" to the outcome; "seconds" is the
   wall time between those two, which is the app's and the network's time (a person adds
   their own). The photos are taken one after another without waiting for uploads, as an
   appraiser walks round the car while the queue sends them.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, Request, Route, expect, sync_playwright

from bench.pages import free_port, start
from bench.photo_ingest import phone_photo
from db.appraisals.photo_queries import GUIDED_SHOTS
from tests.e2e.appraisal_pages import (
    UPLOAD_TIMEOUT_MS,
    AppraisalList,
    AppraisalSheet,
    Thumb,
    sent_photo,
)
from tests.e2e.pages import CHROMIUM, CHROMIUM_ARGS, sign_in_as
from tests.e2e.pages import PHONE as E2E_PHONE

ROOT = Path(__file__).resolve().parent.parent
PHONE = {**E2E_PHONE, "service_workers": "block"}  # every request through the throttle
UP_BPS, DOWN_BPS, LATENCY_MS = 1_600_000, 4_000_000, 150
EXIF_GPS = 0x8825
MB = 1_000_000


def prepare(env: dict) -> None:
    cli = "web.cli" if importlib.util.find_spec("web.cli") else "db.cli"
    subprocess.run(
        [sys.executable, "-m", cli, "prepare"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def throttle(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "uploadThroughput": UP_BPS / 8,
            "downloadThroughput": DOWN_BPS / 8,
        },
    )


def on_the_wire_seconds(size: int) -> float:
    return size * 8 / UP_BPS


def photo_bytes(browser, base: str, photo: Path) -> dict:
    """(a) What the page sends for one 12 MP photo."""
    context = browser.new_context(base_url=base, **PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        sign_in_as(page, "appraiser")
        thumb = Thumb(page)
        sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
        seen: dict = {}

        def capture(route: Route) -> None:
            seen["at"] = time.perf_counter()
            seen["body"] = route.request.post_data_buffer
            seen["photo"] = sent_photo(route.request)
            route.continue_()

        page.route("**/photos", capture)
        began = time.perf_counter()
        with page.expect_request_finished(lambda r: r.url.endswith("/photos")) as finished:
            sheet.photos.take(thumb, "front", photo)
        sheet.photos.expect_filled("front")
        sent = Image.open(io.BytesIO(seen["photo"].data))
        original = Image.open(photo)
        return {
            "original": photo.stat().st_size,
            "original_px": original.size,
            "original_gps": bool(original.getexif().get_ifd(EXIF_GPS)),
            "body": finished.value.sizes()["requestBodySize"] or len(seen["body"]),
            "jpeg": len(seen["photo"].data),
            "sent_px": sent.size,
            "sent_gps": bool(sent.getexif().get_ifd(EXIF_GPS)),
            "sent_exif": len(sent.getexif()),
            "scaling": seen["at"] - began,
        }
    finally:
        context.close()


def one_appraisal(browser, base: str, photo: Path) -> dict:
    """(b) Taps and seconds for one appraisal on a throttled phone network."""
    context = browser.new_context(base_url=base, **PHONE)
    context.set_default_timeout(UPLOAD_TIMEOUT_MS)
    page = context.new_page()
    uploaded: list[Request] = []
    page.on("requestfinished", lambda r: uploaded.append(r) if r.method == "POST" else None)
    try:
        sign_in_as(page, "appraiser")
        throttle(page)
        thumb = Thumb(page)
        listing = AppraisalList(page).open_from_tab(thumb)
        thumb.actions = 0
        uploaded.clear()
        phases: dict[str, float] = {}
        began = mark = time.perf_counter()

        def phase(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            phases[name] = now - mark
            mark = now

        sheet = listing.start(thumb)
        phase("start")
        for name, text in (
            ("vin", "1HGCM82633A004352"),
            ("plate", "沪A12345"),
            ("model", "雅阁"),
            ("first_registration", "2004-03-18"),
            ("mileage_km", "186000"),
            ("owner_name", "张伟"),
            ("owner_phone", "13812345678"),
        ):
            sheet.type_field(thumb, name, text)
        sheet.pick_field(thumb, "gearbox", "automatic")
        sheet.pick_field(thumb, "fuel", "petrol")
        phase("car and owner")

        grid = sheet.photos
        grid.watch_queue()
        for slot in GUIDED_SHOTS:
            grid.take(thumb, slot, photo)
        for slot in GUIDED_SHOTS:
            grid.expect_filled(slot)
        grid.wait_for_queue_to_empty()
        failed = [u for u in grid.queue_log() if u["error"]]
        assert not failed, failed
        phase("nine photos")

        condition = sheet.condition
        condition.open_panel(thumb, "front_bumper")
        condition.add_mark(thumb, "Dent", "Moderate")
        condition.answer_problem(thumb, "interior", "seats", "驾驶座侧翼磨损")
        for tyre, mm in (("front_left", "2.5"), ("front_right", "6"), ("rear_left", "5.5")):
            sheet.type_field(thumb, f"tread_{tyre}", mm)
        sheet.type_field(thumb, "tread_rear_right", "5.5")
        phase("condition")

        sheet.type_field(thumb, "forecast_retail", "12.8")
        sheet.type_field(thumb, "agreed_price", "11")
        expect(sheet.price.approval_state).to_have_class(re.compile(r"\bapproval-within\b"))
        phase("price")

        sheet.outcome.record(thumb, "Acquired")
        expect(sheet.outcome.done).to_be_visible()
        phase("outcome")
        total = time.perf_counter() - began
        return {
            "taps": thumb.actions,
            "seconds": total,
            "phases": phases,
            # the Content-Length sent: a photo's body is a Blob, which CDP does not hand over
            "uploaded": sum(int(r.all_headers().get("content-length", 0)) for r in uploaded),
            "posts": len(uploaded),
            "id": AppraisalSheet(page).appraisal_id,
        }
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
            "DB_POOL": "1",
            "LOGIN_DELAY_SECONDS": "0.01",
            "PICCOLO_CONF": "db.piccolo_conf",
        }
        prepare(env)
        photo = Path(tmp) / "IMG_4032.jpg"
        photo.write_bytes(phone_photo())
        proc, _ = start(env, port := free_port())
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    a = photo_bytes(browser, base, photo)
                    b = one_appraisal(browser, base, photo)
                finally:
                    browser.close()
        finally:
            proc.terminate()
            proc.wait()
    report(a, b)


def report(a: dict, b: dict) -> None:
    def px(size: tuple[int, int]) -> str:
        return f"{size[0]}x{size[1]}"

    rate = f"{UP_BPS / MB:g} Mbit/s up"
    print("a. One 12-megapixel phone photo through the appraisal page (photos.js)")
    print(f"   {'':34} {'bytes':>11} {'pixels':>10} {'GPS':>4} {'upload @ ' + rate:>22}")
    rows = (
        ("original file (EXIF orientation 6)", a["original"], a["original_px"], a["original_gps"]),
        ("sent by the page: multipart body", a["body"], a["sent_px"], a["sent_gps"]),
    )
    for label, size, pixels, gps in rows:
        print(
            f"   {label:34} {size:>11,} {px(pixels):>10} {'yes' if gps else 'no':>4}"
            f" {on_the_wire_seconds(size):>20.1f} s"
        )
    print(f"   {'  of which the JPEG':34} {a['jpeg']:>11,}")
    print(
        f"   sent / original: {a['body'] / a['original']:.1%} "
        f"({a['original'] / a['body']:.1f}x fewer bytes); EXIF tags sent: {a['sent_exif']}; "
        f"scaling in the page (headless Chromium, this machine): {a['scaling']:.2f} s"
    )
    print()
    print(
        f"b. One appraisal with the nine guided photos (each a 12 MP JPEG), phone viewport, "
        f"throttled {rate} / {DOWN_BPS / MB:g} Mbit/s down / {LATENCY_MS} ms"
    )
    print(f"   {'taps (taps, fills, selects, photos)':38} {b['taps']:>8}")
    print(f"   {'seconds, start -> outcome recorded':38} {b['seconds']:>8.1f}")
    for name, seconds in b["phases"].items():
        print(f"   {'  ' + name:38} {seconds:>8.1f}")
    print(f"   {'POST requests':38} {b['posts']:>8}")
    print(f"   {'bytes uploaded (request bodies)':38} {b['uploaded']:>8,}")


if __name__ == "__main__":
    main()
