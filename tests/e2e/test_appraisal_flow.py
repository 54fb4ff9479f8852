"""An appraisal from start to outcome at phone size, as an appraiser does it with a thumb:
the car and owner (autosaved field by field), the nine guided photos and a close-up, the
condition, a price above the maximum approved by a manager on another phone, the outcome;
then the stored photo files are read to prove them upright and free of EXIF/GPS.

The test makes its own appraisal (the demo data may hold others) and finds its rows by id.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from db.appraisals.photo_queries import GUIDED_SHOTS
from db.appraisals.tables import Appraisal, AppraisalPhoto
from media.storage import storage
from tests.e2e.appraisal_pages import (
    AppraisalList,
    AppraisalSheet,
    ManagerDashboard,
    SentPhoto,
    Thumb,
    centre,
    sent_photo,
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
# Which guided shot gets which kind of phone file; the others get plain phone JPEGs.
ROTATED = "left_side"  # EXIF orientation 6, 1600x1200: sent as taken, turned by the server
BIG_ROTATED = "rear"  # orientation 6, 12 MP: scaled to 2048 px and turned by the phone
HEIC = "dashboard"  # an iPhone HEIC: Chromium cannot decode it, so it is sent as taken


def phone_files(folder: Path) -> tuple[dict[str, Path], Path]:
    """The files the phone hands over, one per guided shot, and a damage close-up."""
    rotated = images.phone_jpeg(orientation=6)
    exif = Image.open(io.BytesIO(rotated)).getexif()
    assert exif[EXIF_ORIENTATION] == 6 and exif.get_ifd(EXIF_GPS), "the upload must carry GPS"
    heic = images.phone_heic()
    assert Image.open(io.BytesIO(heic)).getexif().get_ifd(EXIF_GPS), "the HEIC must carry GPS"
    special = {
        ROTATED: ("IMG_0107.jpg", rotated),
        BIG_ROTATED: ("IMG_0106.jpg", images.phone_jpeg(4000, 3000, orientation=6)),
        HEIC: ("IMG_0108.HEIC", heic),
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
    """The appraisal's photo rows, from the database the live server writes to."""
    query = (
        AppraisalPhoto.select(AppraisalPhoto.slot, AppraisalPhoto.variants)
        .where(AppraisalPhoto.appraisal == appraisal_id)
        .where(AppraisalPhoto.removed_at.is_null())
        .output(load_json=True)
    )
    return run_async(query.run())


def stored_appraisal(appraisal_id: int) -> dict:
    return run_async(Appraisal.select().where(Appraisal.id == appraisal_id).first().run())


def reason(msgid: str, **params) -> str:
    return tr(msgid).format(**params)


def test_an_appraiser_completes_an_appraisal_with_a_thumb(new_page, guard, shot, tmp_path):
    guard.allow(r"status of 422 .*/fields/vin\)$")  # the wrong VIN, refused on purpose
    photos, close_up = phone_files(tmp_path)
    page = new_page()
    thumb = Thumb(page)

    # 1. Sign in, the Appraise tab, one tap to start --------------------------------------
    sign_in_as(page, "appraiser")
    listing = AppraisalList(page).open_from_tab(thumb)
    shot(page, "01-list")
    before = thumb.actions
    sheet = listing.start(thumb)
    assert thumb.actions - before == 1
    appraisal_id = sheet.appraisal_id
    expect(sheet.title).to_contain_text(f"#{appraisal_id}")
    expect(sheet.photo_count).to_have_text("0/9")
    shot(page, "02-new-sheet")

    # 2. Car and owner, each field saved as it is left ---------------------------------------
    error = sheet.type_field_wrongly(thumb, "vin", WRONG_VIN)
    expect(error).to_have_text(
        tr("The check digit (9th character) does not match: please check the VIN for a typo.")
    )
    expect(sheet.input("vin")).to_have_attribute("aria-invalid", "true")
    expect(sheet.input("vin")).to_have_attribute("aria-describedby", "f-vin-error")
    expect(sheet.input("vin")).to_have_value(WRONG_VIN)  # kept, to correct one character
    shot(page, "03-wrong-vin")
    assert stored_appraisal(appraisal_id)["vin"] == ""

    sheet.type_field(thumb, "vin", VIN)
    expect(sheet.input("vin")).not_to_have_attribute("aria-invalid", "true")
    expect(sheet.input("make")).to_have_value("Honda")  # prefilled from the VIN
    sheet.expect_saved("make")
    expect(sheet.vin_info).to_contain_text(tr("Check digit correct"))
    shot(page, "04-vin-saved")
    for name, text in CAR.items():
        sheet.type_field(thumb, name, text)
    for name, value in CHOICES.items():
        sheet.pick_field(thumb, name, value)
    centre(sheet.input("first_registration"))
    shot(page, "05-car-and-owner")

    page.reload()
    sheet = AppraisalSheet(page)
    expected = {"vin": VIN, "make": "Honda", **CAR, **CHOICES}
    assert sheet.values(list(expected)) == expected, "a reload lost autosaved values"
    expect(page.locator(".field-saved")).to_have_count(0)
    row = stored_appraisal(appraisal_id)
    assert (row["vin"], row["make"], row["plate"], row["mileage_km"]) == (
        VIN,
        "Honda",
        CAR["plate"],
        int(CAR["mileage_km"]),
    )

    # 3. Photos: the nine guided shots and a damage close-up ----------------------------------
    grid = sheet.photos
    sent: list[SentPhoto] = []

    def note_upload(route) -> None:  # routed, so the request's body can be read
        sent.append(sent_photo(route.request))
        route.continue_()

    page.route(f"**/appraisals/{appraisal_id}/photos", note_upload)
    grid.watch_queue()
    for slot in GUIDED_SHOTS:
        grid.take(thumb, slot, photos[slot])
        if slot == GUIDED_SHOTS[0]:
            expect(grid.queue_items.first).to_be_visible()
            centre(grid.slot(slot))
            shot(page, "06-uploading")
        grid.expect_filled(slot)
    thumb.take_photos(grid.free_input("damage"), [close_up])
    expect(grid.close_ups).to_have_count(1, timeout=30_000)
    expect(grid.close_ups.first).to_contain_text(tr("Damage close-up"))
    grid.expect_photo(grid.close_ups.first)
    grid.wait_for_queue_to_empty()
    expect(grid.filled).to_have_count(9)
    expect(grid.error).to_have_count(0)
    expect(sheet.photo_count).to_have_text("9/9")  # the section nav keeps count
    uploads = grid.queue_log()
    assert len(uploads) == 10, uploads
    for upload in uploads:
        assert not upload["error"], f"an upload failed: {upload}"
        assert upload["done"] and upload["progress"] == 100, upload
        assert tr("Sending…") in upload["states"], upload
        assert upload["states"][-1] == tr("Saved"), upload
    centre(grid.slot(BIG_ROTATED))
    shot(page, "07-photos")
    centre(grid.close_ups.first)
    shot(page, "08-close-up")

    # What left the phone: the 12 MP photo scaled to 2048 px, upright, without its EXIF.
    by_slot = {p.slot: p for p in sent}
    assert set(by_slot) == {*GUIDED_SHOTS, "damage"}, sorted(by_slot)
    big = Image.open(io.BytesIO(by_slot[BIG_ROTATED].data))
    assert big.size == (2048, 1536), big.size
    assert_upright(big)
    assert not big.getexif().get_ifd(EXIF_GPS)
    assert len(by_slot[BIG_ROTATED].data) < photos[BIG_ROTATED].stat().st_size
    # Chromium cannot decode HEIC: sent as taken, under its own name (scaled ones become .jpg)
    assert by_slot[HEIC].filename == photos[HEIC].name, by_slot[HEIC].filename
    assert by_slot[BIG_ROTATED].filename == "IMG_0106.jpg"

    # 4. Condition: a dent on the front bumper, a checklist problem, a worn tyre -------------
    condition = sheet.condition
    expect(condition.grade).to_contain_text(tr("No faults recorded yet."))
    condition.open_panel(thumb, "front_bumper")
    centre(condition.mark_form)
    shot(page, "09-mark-form")
    condition.add_mark(thumb, "Dent", "Moderate")
    bumper = condition.panel("front_bumper")
    expect(bumper).to_have_class(re.compile(r"\bsev-2\b"))
    expect(bumper.locator("b")).to_have_text("1")
    expect(condition.marks).to_have_count(1)
    expect(condition.marks.first).to_contain_text(tr("Front bumper"))
    expect(condition.grade_reasons).to_have_text(
        [reason("Damaged panels: {count} ({severe} severe)", count=1, severe=0)]
    )
    centre(condition.car_map)
    shot(page, "10-marked")

    condition.answer_problem(thumb, "interior", "seats", "驾驶座侧翼磨损")
    issues = page.locator("details.checklist").first.locator("summary .badge-warn")
    expect(issues).to_be_visible()
    expect(condition.grade_reasons).to_have_count(2)
    expect(condition.grade_reasons.nth(1)).to_have_text(
        reason("Interior problems: {count}", count=1)
    )
    centre(condition.check_row("interior", "seats"))
    shot(page, "11-checklist")

    sheet.type_field(thumb, "tread_front_left", "2.5")
    expect(condition.grade_reasons).to_have_count(3)  # the grade updates out of band
    expect(condition.grade_reasons.nth(2)).to_have_text(
        reason("Worn tyres (tread under {mm} mm): {count}", mm=3.0, count=1)
    )
    centre(condition.grade)
    shot(page, "12-grade")

    # 5. Price: forecast, maximum and offer range; an agreed price above the maximum ---------
    price = sheet.price
    expect(price.max_buy).to_have_count(0)
    sheet.type_field(thumb, "forecast_retail", "12.8")
    # exact yuan: the limit an agreed price is compared against is never rounded
    expect(price.max_buy).to_have_text(re.compile(r"^¥\d{1,3}(,\d{3})+$"))
    expect(price.offer).to_have_text(re.compile(r"^¥.+ – ¥.+$"))
    centre(price.summary)
    shot(page, "13-price-range")
    sheet.type_field(thumb, "agreed_price", "12")
    expect(price.approval_state).to_have_class(re.compile(r"\bapproval-needed\b"))
    expect(price.reason).to_be_visible()  # the request form comes with the autosave's answer
    centre(price.reason)
    shot(page, "14-needs-approval")
    price.request_approval(thumb, "一手车，保养记录齐全，好卖")
    expect(price.approvals.first).to_contain_text(tr("Waiting for a manager"))
    expect(price.reason).to_have_count(0)
    centre(price.approvals.first)
    shot(page, "15-approval-requested")

    # 6. The manager approves on another phone --------------------------------------------
    manager_page = new_page()
    manager_thumb = Thumb(manager_page)
    sign_in_as(manager_page, "manager")
    link = ManagerDashboard(manager_page).approval_link(appraisal_id)
    expect(link).to_be_visible()
    shot(manager_page, "16-manager-dashboard")
    manager_thumb.tap_to_open(link)
    expect(manager_page).to_have_url(path_is(f"/appraisals/{appraisal_id}#price"))
    manager_sheet = AppraisalSheet(manager_page)
    centre(manager_sheet.price.approvals.first)
    shot(manager_page, "17-manager-approval")
    manager_sheet.price.approve(manager_thumb, "同意，尽快收")
    shot(manager_page, "18-manager-approved")

    # 7. Back on the appraiser's phone: approved; the outcome closes the sheet ---------------
    page.reload()
    sheet = AppraisalSheet(page)
    expect(sheet.price.approval_state).to_have_class(re.compile(r"\bapproval-approved\b"))
    sheet.outcome.record(thumb, "Acquired")
    expect(sheet.outcome.done).to_contain_text(tr("Acquired"))
    expect(sheet.closed_notice).to_be_visible()
    centre(sheet.outcome.section)
    shot(page, "19-outcome-recorded")
    assert stored_appraisal(appraisal_id)["outcome"] == "acquired"
    for fresh in (False, True):  # as swapped in, then as loaded anew
        if fresh:
            page.reload()
            sheet = AppraisalSheet(page)
            expect(sheet.outcome.done).to_contain_text(tr("Acquired"))
        for name in ("vin", "plate", "mileage_km", "gearbox", "forecast_retail", "agreed_price"):
            expect(sheet.input(name)).to_be_disabled()
        expect(sheet.photos.grid.locator("input[data-photo-input]")).to_have_count(0)
        expect(sheet.condition.car_map.locator(".panel").first).to_be_visible()
        assert sheet.usable_controls() == [], "a closed appraisal can still be changed"
    centre(sheet.input("mileage_km"))
    shot(page, "20-closed")
    assert thumb.small_targets == [], "taps on targets under 44 px:\n" + "\n".join(
        thumb.small_targets
    )

    # 8. The stored files: upright, and no EXIF or GPS in any of them ----------------------
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
                assert im.width > im.height, f"{row['slot']} {key}: {im.size}"
    variants = {r["slot"]: r["variants"] for r in rows}

    # The rotated photo over HTTP, from its public /media/ URL, as anyone would fetch it.
    key = variants[ROTATED]["share"]
    served = page.request.get(f"/media/{key}")
    assert served.ok, served.status
    body = served.body()
    assert body == store.path(key).read_bytes(), "the live server has another MEDIA_ROOT"
    with Image.open(io.BytesIO(body)) as im:
        assert_upright(im)
        assert not im.getexif() and not im.getexif().get_ifd(EXIF_GPS)
        assert not {"exif", "xmp", "XML:com.adobe.xmp"} & set(im.info)
