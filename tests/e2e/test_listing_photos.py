"""A listed car's photos on a phone: one taken after reconditioning and uploaded (scaled on
the phone by photos.js, with its progress), one picked from the appraisal, the order changed
so the customer's cover is the one wanted; the public copy follows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from db.appraisals import photo_queries as appraisal_photos
from db.appraisals import queries as appraisal_queries
from db.staff.tables import Staff
from db.stock import queries as stock_queries
from db.stock.tables import CertificationResult, Listing, StockUnit
from media.photos import ingest
from media.storage import storage, with_urls
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.media import images

pytestmark = pytest.mark.browser


async def _listed_car() -> int:
    """A listed Golf whose appraisal has a front shot (plate showing) and a left side."""
    staff = (await Staff.select(Staff.id).where(Staff.username == "appraiser").first())["id"]
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(
        appraisal, {"make": "大众", "model": "高尔夫", "agreed_price": 82000}, staff
    )
    for i, slot in enumerate(("front", "left_side")):
        processed = ingest(images.phone_jpeg(width=1400 + 20 * i, height=1050), storage())
        await appraisal_photos.add_photo(appraisal, f"e2e-golf-shot-{i}", slot, processed, staff)
    await appraisal_queries.close(appraisal, "acquired", staff, purchase_price=82000)
    unit = (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]
    await stock_queries.move(unit, "certification", staff)
    await CertificationResult.insert(CertificationResult(unit=unit, passed=True, inspector=staff))
    await StockUnit.update({StockUnit.retail_price: 96800}).where(StockUnit.id == unit)
    await stock_queries.move(unit, "listed", staff)
    return unit


async def _public_photos(unit: int) -> tuple[str, list[str]]:
    row = (
        await Listing.select(Listing.card, Listing.page)
        .where(Listing.unit == unit)
        .output(load_json=True)
        .first()
    )
    # the listing keeps storage keys; the pages show them as URLs
    cover = with_urls(row["card"]["cover"])["urls"]["jpeg"]
    return cover, [with_urls(p)["urls"]["jpeg"] for p in row["page"]["photos"]]


def test_photos_are_uploaded_picked_and_ordered_on_a_phone(new_page, shot, tmp_path):
    unit = run_async(_listed_car())
    upload = tmp_path / "IMG_2041.jpg"
    upload.write_bytes(images.phone_jpeg(orientation=6))
    page = new_page()
    sign_in_as(page, "appraiser")
    page.goto(f"/inventory/{unit}")
    page.locator("#listing-photos-link").tap()
    expect(page).to_have_url(path_is(f"/inventory/{unit}/photos"))
    grid = page.locator("#photo-grid")
    gallery = grid.locator("li[id^=listing-photo-]")
    expect(gallery).to_have_count(0)

    # 1. A photo taken after reconditioning: photos.js scales and sends it, the grid updates
    grid.locator("input[data-photo-input]").set_input_files(upload)
    expect(gallery).to_have_count(1)
    expect(gallery.first.locator(".shot-label")).to_contain_text(tr("Cover"))
    uploaded = gallery.first.get_attribute("id")

    # 2. From the appraisal: the front shows the plate and says so; the side is picked
    picks = page.locator("#appraisal-photos li")
    expect(picks.first).to_contain_text(tr("Shows the plate"))
    picks.nth(1).locator("input[type=checkbox]").check()
    page.get_by_role("button", name=tr("Add the ticked photos")).tap()
    expect(gallery).to_have_count(2)
    expect(page.locator("#appraisal-photos li").nth(1)).to_contain_text(tr("In the listing"))
    shot(page, "1-two-photos")

    # 3. The picked side view becomes the cover; the upload moves to second place
    gallery.nth(1).get_by_role("button", name=tr("Make cover")).tap()
    expect(gallery.nth(1)).to_have_attribute("id", uploaded)
    expect(gallery.first.locator(".shot-label")).to_contain_text(tr("Cover"))
    shot(page, "2-reordered")

    cover, photos = run_async(_public_photos(unit))
    assert len(photos) == 2 and cover == photos[0]
    assert page.locator(f"#{uploaded} img.photo-img").get_attribute("src") == photos[1]
