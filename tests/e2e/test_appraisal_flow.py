"""An appraisal from start to outcome at phone size, as an appraiser does it with a thumb:
the car and owner (autosaved field by field), the nine guided photos and a close-up, the
condition, the price above the maximum approved by a manager on another phone, and the
outcome; then the stored photo files are read to prove them upright and free of EXIF/GPS.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from db.appraisals.tables import Appraisal, AppraisalPhoto
from media.storage import storage
from tests.e2e.appraisal_pages import (
    GUIDED_SHOTS,
    AppraisalList,
    AppraisalSheet,
    ManagerDashboard,
    Thumb,
)
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.media import images
from tests.media.test_photos import assert_no_metadata, assert_upright

pytestmark = pytest.mark.browser

VIN = "1HGCM82633A004352"  # a valid Honda VIN (model year 2003)
WRONG_VIN = "1HGCM82633A004353"  # one character off: the check digit disagrees
CAR = {
    "plate": "沪A12345",
    "model": "雅阁",
    "first_registration": "2004-03-18",
    "mileage_km": "186000",
    "owner_name": "张伟",
    "owner_phone": "13812345678",
}
CHOICES = {"gearbox": "automatic", "fuel": "petrol"}
EXIF_ORIENTATION, EXIF_GPS = 0x0112, 0x8825
# Which guided shot gets which kind of phone file; the rest are plain phone JPEGs.
ROTATED = "left_side"  # orientation 6, 1600x1200: sent as taken, turned upright by the server
BIG_ROTATED = "rear"  # orientation 6, 12 MP: scaled and turned upright by the phone
HEIC = "dashboard"  # an iPhone HEIC: Chromium cannot decode it, so it goes as taken


def phone_files(folder: Path) -> tuple[dict[str, Path], Path]:
    """The files an appraiser's phone hands over, one per guided shot, and a close-up."""
    rotated = images.phone_jpeg(orientation=6)
    exif = Image.open(io.BytesIO(rotated)).getexif()
    assert exif[EXIF_ORIENTATION] == 6 and exif.get_ifd(EXIF_GPS), "the upload must carry GPS"
    heic = images.phone_heic()
    assert Image.open(io.BytesIO(heic)).getexif().get_ifd(EXIF_GPS), "the HEIC must carry GPS"
    special = {
        ROTATED: ("IMG_0107.jpg", rotated),
        BIG_ROTATED: ("IMG_0108.jpg", images.phone_jpeg(4000, 3000, orientation=6)),
        HEIC: ("IMG_0109.HEIC", heic),
    }
    files = {}
    for i, slot in enumerate(GUIDED_SHOTS):
        name, data = special.get(slot, (f"IMG_01{i:02d}.jpg", images.phone_jpeg(1200, 900)))
        files[slot] = folder / name
        files[slot].write_bytes(data)
    close_up = folder / "IMG_0120.jpg"
    close_up.write_bytes(images.phone_jpeg(1200, 900, orientation=8))
    return files, close_up


def stored_photos(appraisal_id: int) -> list[dict]:
    """The appraisal's photo rows, read from the database the live server writes to."""
    query = (
        AppraisalPhoto.select(AppraisalPhoto.slot, AppraisalPhoto.variants)
        .where(AppraisalPhoto.appraisal == appraisal_id)
        .where(AppraisalPhoto.removed_at.is_null())
        .output(load_json=True)
    )
    return run_async(query.run())


def stored_appraisal(appraisal_id: int) -> dict:
    return run_async(Appraisal.select().where(Appraisal.id == appraisal_id).first().run())


def test_an_appraiser_completes_an_appraisal_with_a_thumb(new_page, guard, shot, tmp_path):
    guard.allow(r"status of 422")  # the wrong VIN, refused on purpose
    photos, close_up = phone_files(tmp_path)
    page = new_page()
    thumb = Thumb(page)

    # 1. Sign in, Appraise tab, one tap to start -------------------------------------------
    print("STEP 1", guard.problems)
    sign_in_as(page, "appraiser")
    listing = AppraisalList(page).open_from_tab(thumb)
    shot(page, "01-list")
    before = thumb.actions
    sheet = listing.start(thumb)
    assert thumb.actions - before == 1, "starting an appraisal takes one tap"
    appraisal_id = sheet.appraisal_id
    expect(sheet.title).to_contain_text(f"#{appraisal_id}")
    shot(page, "02-new-sheet")

    # 2. Car and owner, each field saved as it is left ---------------------------------------
    print("STEP 2", guard.problems)
    error = sheet.type_field_wrongly(thumb, "vin", WRONG_VIN)
    expect(error).to_contain_text(tr("The check digit (9th character) does not match: "
                                     "please check the VIN for a typo."))
    expect(sheet.input("vin")).to_have_attribute("aria-invalid", "true")
    expect(sheet.input("vin")).to_have_value(WRONG_VIN)  # kept, to correct one character
    shot(page, "03-wrong-vin")
    assert stored_appraisal(appraisal_id)["vin"] == ""

    sheet.type_field(thumb, "vin", VIN)
    expect(sheet.input("vin")).not_to_have_attribute("aria-invalid", "true")
    expect(sheet.input("make")).to_have_value("Honda")  # prefilled from the VIN
    expect(sheet.saved_status("make")).to_have_text(tr("Saved"))
    expect(sheet.vin_info).to_contain_text(tr("Check digit correct"))
    shot(page, "04-vin-saved")
    for name, text in CAR.items():
        sheet.type_field(thumb, name, text)
    for name, value in CHOICES.items():
        sheet.pick_field(thumb, name, value)
    shot(page, "05-car-and-owner")

    page.reload()
    sheet = AppraisalSheet(page)
    expected = {"vin": VIN, "make": "Honda", **CAR, **CHOICES}
    assert sheet.values(list(expected)) == expected, "a reload lost autosaved values"
    expect(sheet.page.locator(".field-saved")).to_have_count(0)
    row = stored_appraisal(appraisal_id)
    assert (row["vin"], row["make"], row["plate"], row["mileage_km"]) == (
        VIN,
        "Honda",
        "沪A12345",
        186000,
    )

    # 3. Photos: the nine guided shots and a damage close-up ----------------------------------
    print("STEP 3", guard.problems)
    grid = sheet.photos
    grid.grid.scroll_into_view_if_needed()
    grid.watch_queue()
    for slot in GUIDED_SHOTS:
        grid.take(thumb, slot, photos[slot])
        if slot == GUIDED_SHOTS[0]:
            expect(grid.queue_items.first).to_be_visible()
            shot(page, "06-uploading")
        grid.expect_filled(slot)
    thumb.take_photos(grid.free_input("damage"), [close_up])
    expect(grid.close_ups).to_have_count(1, timeout=30_000)
    expect(grid.close_ups.first).to_contain_text(tr("Damage close-up"))
    grid.wait_for_queue_to_empty()
    expect(grid.filled).to_have_count(9)
    expect(grid.error).to_have_count(0)
    expect(sheet.section_nav.locator(".count")).to_have_text("9/9")
    uploads = grid.queue_log()
    assert len(uploads) == 10, uploads
    for upload in uploads:
        assert not upload["error"], f"an upload failed: {upload}"
        assert upload["done"] and upload["progress"] == 100, upload
        assert tr("Sending…") in upload["states"], upload
        assert upload["states"][-1] == tr("Saved"), upload
    grid.grid.scroll_into_view_if_needed()
    shot(page, "07-photos")
    page.locator("#shot-dashboard").scroll_into_view_if_needed()
    shot(page, "08-photos-heic")

    # 4. Condition: a dent on the front bumper, a checklist problem, a worn tyre -------------
    print("STEP 4", guard.problems)
    condition = sheet.condition
    condition.section.scroll_into_view_if_needed()
    expect(condition.grade_letter).to_have_text("A")
    condition.open_panel(thumb, "front_bumper")
    shot(page, "09-mark-form")
    condition.add_mark(thumb, "Dent", "Moderate")
    bumper = condition.panel("front_bumper")
    expect(bumper).to_have_class(re.compile(r"\bsev-2\b"))
    expect(bumper.locator("b")).to_have_text("1")
    expect(condition.marks).to_have_count(1)
    expect(condition.marks.first).to_contain_text(tr("Front bumper"))
    expect(condition.grade_reasons.first).to_be_visible()
    grade_after_mark = condition.grade_letter.inner_text()
    condition.car_map.scroll_into_view_if_needed()
    shot(page, "10-marked")

    condition.answer_problem(thumb, "interior", "seats", "驾驶座侧翼磨损")
    issues = page.locator("details.checklist").first.locator("summary .badge-warn")
    expect(issues).to_be_visible()
    condition.check_row("interior", "seats").scroll_into_view_if_needed()
    shot(page, "11-checklist")

    sheet.type_field(thumb, "tread_front_left", "2.5")
    expect(condition.grade_reasons).not_to_have_count(1)  # the worn tyre is a reason more
    page.locator("#tyres").scroll_into_view_if_needed()
    shot(page, "12-tyres")
    assert grade_after_mark in "ABCDE"

    # 5. Price: the forecast, the maximum and the offer range; an agreed price above it -------
    print("STEP 5", guard.problems)
    price = sheet.price
    sheet.type_field(thumb, "forecast_retail", "12.8")
    expect(price.max_buy).to_have_text(re.compile(r"^¥\d"))
    expect(price.offer).to_have_text(re.compile(r"^¥.+ – ¥.+$"))
    price.summary.scroll_into_view_if_needed()
    shot(page, "13-price-range")
    sheet.type_field(thumb, "agreed_price", "12")
    expect(price.approval_state).to_have_class(re.compile(r"\bapproval-needed\b"))
    shot(page, "14-needs-approval")
    if not price.reason.is_visible():
        # The request form is not part of the autosave's answer: it shows after a reload.
        page.reload()
        sheet = AppraisalSheet(page)
        price = sheet.price
        pytest.fail("the approval request form did not appear without a reload")
    price.request_approval(thumb, "一手车，保养记录齐全，好卖")
    expect(price.approvals.first).to_contain_text(tr("Waiting for a manager"))
    price.section.scroll_into_view_if_needed()
    shot(page, "15-approval-requested")

    # 6. The manager approves on another phone --------------------------------------------
    print("STEP 6", guard.problems)
    manager_page = new_page()
    manager_thumb = Thumb(manager_page)
    sign_in_as(manager_page, "manager")
    dashboard = ManagerDashboard(manager_page)
    link = dashboard.approval_link(appraisal_id)
    expect(link).to_be_visible()
    shot(manager_page, "16-manager-dashboard")
    manager_thumb.tap(link)
    expect(manager_page).to_have_url(path_is(f"/appraisals/{appraisal_id}#price"))
    manager_sheet = AppraisalSheet(manager_page)
    manager_sheet.price.approvals.first.scroll_into_view_if_needed()
    shot(manager_page, "17-manager-approval")
    manager_sheet.price.approve(manager_thumb, "同意，尽快收")
    shot(manager_page, "18-manager-approved")

    # 7. Back on the appraiser's phone: approved; record the outcome -----------------------
    print("STEP 7", guard.problems)
    page.reload()
    sheet = AppraisalSheet(page)
    expect(sheet.price.approval_state).to_have_class(re.compile(r"\bapproval-approved\b"))
    sheet.outcome.section.scroll_into_view_if_needed()
    sheet.outcome.record(thumb, "Acquired")
    expect(sheet.outcome.done).to_contain_text(tr("Acquired"))
    shot(page, "19-outcome-recorded")
    assert stored_appraisal(appraisal_id)["outcome"] == "acquired"
    page.reload()
    sheet = AppraisalSheet(page)
    expect(sheet.outcome.done).to_contain_text(tr("Acquired"))
    expect(sheet.closed_notice).to_be_visible()
    for name in ("vin", "plate", "mileage_km", "gearbox", "forecast_retail", "agreed_price"):
        expect(sheet.input(name)).to_be_disabled()
    expect(sheet.photos.grid.locator("input[data-photo-input]")).to_have_count(0)
    left = [c for c in sheet.editable_controls() if c not in ("",)]
    assert left == [], f"controls still usable on a closed appraisal: {left}"
    shot(page, "20-closed")

    # 8. The stored files: upright, and no EXIF or GPS in any of them ----------------------
    print("STEP 8", guard.problems)
    rows = stored_photos(appraisal_id)
    assert sorted(r["slot"] for r in rows) == sorted([*GUIDED_SHOTS, "damage"])
    store = storage()
    for row in rows:
        assert set(row["variants"]) == {"phone", "tablet", "share", "jpeg"}, row
        for key in row["variants"].values():
            assert store.exists(key), f"{key} is not under {store.root}"
            assert_no_metadata(store, key)
            with Image.open(store.path(key)) as im:
                assert_upright(im)  # every photo is the car scene: red top-left when upright
                assert im.width > im.height, f"{row['slot']} {key} is portrait: {im.size}"
    by_slot = {r["slot"]: r["variants"] for r in rows}

    # The same file over HTTP, from its public /media/ URL: the live server's media folder.
    key = by_slot[ROTATED]["share"]
    served = page.request.get(f"/media/{key}")
    assert served.ok, served.status
    body = served.body()
    assert body == store.path(key).read_bytes(), "the server serves another MEDIA_ROOT"
    with Image.open(io.BytesIO(body)) as im:
        assert_upright(im)
        assert not im.getexif() and not im.getexif().get_ifd(EXIF_GPS)
        assert not {"exif", "xmp"} & set(im.info)
