"""A consultant on a phone opens a listed car's share kit — the card, the nine tiles and the
caption — and shares it through the phone's share sheet; a friend opens the consultant's link
and sends an enquiry; the lead is the consultant's, and the share funnel counts one link, one
visit and one enquiry. The pictures decode and their QR codes lead to the consultant's link."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from db.leads.tables import Lead
from db.staff.tables import Staff
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.public.test_car_page import listed_car

pytestmark = pytest.mark.browser

# Headless Chromium on Linux has no share sheet: stand in for the phone's, keeping what the
# page hands it. (`canShare` is asked first, as on a phone.)
PHONE_SHARE_SHEET = """
window.__shared = [];
navigator.canShare = (data) =>
  Array.isArray(data.files) && data.files.every((f) => f instanceof File);
navigator.share = async (data) => {
  window.__shared.push({
    names: (data.files || []).map((f) => f.name),
    types: (data.files || []).map((f) => f.type),
    sizes: (data.files || []).map((f) => f.size),
    text: data.text || "",
    url: data.url || "",
  });
};
"""


def _picture(page, url: str) -> Image.Image:
    answer = page.request.get(url)
    assert answer.ok
    assert "immutable" in answer.headers["cache-control"]
    image = Image.open(io.BytesIO(answer.body()))
    image.load()
    return image


def test_a_shared_car_brings_an_enquiry_to_the_consultant(new_page, guard, shot):
    unit = run_async(listed_car(make="斯柯达", model="柯迪亚克", trim="TSI330 旗舰版", photos=9))
    me = run_async(Staff.select(Staff.id).where(Staff.username == "consultant").first().run())

    page = new_page()
    page.add_init_script(PHONE_SHARE_SHEET)
    sign_in_as(page, "consultant")
    page.goto(f"/inventory/{unit}")
    page.locator("#share-link").get_by_role("button", name=tr("Open the share kit")).tap()
    expect(page).to_have_url(path_is(f"/inventory/{unit}/share"))
    link = page.locator("#kit-link").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/s/[a-z2-9]{8}", link), link
    shot(page, "0-kit")

    # the card: 1200×630, its QR code leads to the consultant's link
    card = _picture(page, page.locator("#kit-card").get_attribute("href"))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert [r.text for r in zxingcpp.read_barcodes(card)] == [link]
    # nine square tiles in gallery order; the centre one carries the price and the same QR
    tiles = page.locator("#kit-tiles a[download]")
    expect(tiles).to_have_count(9)
    urls = [tiles.nth(n).get_attribute("href") for n in range(9)]
    pictures = [_picture(page, url) for url in urls]
    assert {p.size for p in pictures} == {(1080, 1080)}
    assert [r.text for r in zxingcpp.read_barcodes(pictures[4])] == [link]
    assert _picture(page, page.locator("#kit-combined").get_attribute("href")).size == (
        1636,
        1636,
    )
    page.locator("#kit-tiles").scroll_into_view_if_needed()
    shot(page, "1-nine-grid")

    # the caption: three points ticked at first; untick one and it follows; then edit it
    caption = page.locator("#caption-text")
    expect(caption).to_contain_text("斯柯达 柯迪亚克 TSI330 旗舰版")
    expect(caption).to_contain_text(link)
    assert caption.input_value().count("✓") == 3
    first = page.locator("#kit-caption label.chip").first
    first_text = first.inner_text()
    first.tap()
    expect(page.locator("#caption-text")).not_to_contain_text(first_text)
    assert page.locator("#caption-text").input_value().count("✓") == 2
    caption = page.locator("#caption-text")
    caption.fill(caption.input_value() + "\n周末可试驾")
    caption.scroll_into_view_if_needed()
    shot(page, "2-caption")

    # one tap: the share sheet gets the nine pictures, in order, and the edited caption
    page.get_by_role("button", name=tr("Share the pictures")).tap()
    expect(page.locator("#kit-status")).to_have_text(
        tr("Shared. The caption is copied too: paste it into your post.")
    )
    shared = page.evaluate("window.__shared")
    assert len(shared) == 1
    assert shared[0]["names"] == [f"car-{unit}-{n}.jpg" for n in range(1, 10)]
    assert set(shared[0]["types"]) == {"image/jpeg"}
    assert shared[0]["sizes"] == [len(page.request.get(url).body()) for url in urls]
    assert shared[0]["text"].endswith("周末可试驾")

    # a friend opens the link on their own phone and enquires
    friend = new_page()
    friend.goto(link)
    expect(friend).to_have_url(re.compile(rf"/stock/{unit}/"))
    expect(friend.locator("h1")).to_have_text("斯柯达 柯迪亚克 TSI330 旗舰版")
    form = friend.locator("#enquiry form")
    form.get_by_label(tr("Your name")).fill("鲍先生")
    form.get_by_label(tr("Mobile number")).fill("139 2345 6789")
    form.locator("#f-consent").check()
    form.get_by_role("button", name=tr("Send enquiry")).tap()
    expect(friend.locator("#enquiry [role=status]")).to_have_text(
        tr("We have your enquiry about this car and will call you soon.")
    )
    lead = run_async(
        Lead.select(Lead.owner, Lead.source).where(Lead.name == "鲍先生").first().run()
    )
    assert lead == {"owner": me["id"], "source": "shared_link"}

    # the funnel: one link, one visit, one enquiry (and its lead), for her and for the car
    page.goto("/shares?days=7")
    row = page.locator(f"#funnel-people tr[data-id='{me['id']}'] td")
    expect(row).to_have_text(["1", "1", "1", "1", "0"])
    car = page.locator(f"#funnel-cars tr[data-id='{unit}'] td")
    expect(car).to_have_text(["1", "1", "1", "1", "0"])
    shot(page, "3-funnel")


def test_where_the_phone_cannot_share_files_the_pictures_can_be_saved(new_page, shot):
    unit = run_async(listed_car(make="斯柯达", model="明锐", trim="PRO", photos=4))
    page = new_page()
    page.add_init_script("navigator.canShare = () => false;")
    sign_in_as(page, "consultant")
    page.goto(f"/inventory/{unit}")
    page.locator("#share-link").get_by_role("button", name=tr("Open the share kit")).tap()
    expect(page.locator("#kit-tiles a[download]")).to_have_count(4)
    expect(page.locator("#kit-missing")).to_contain_text(tr("Dashboard, odometer lit"))
    page.get_by_role("button", name=tr("Share the pictures")).tap()
    expect(page.locator("#kit-fallback")).to_have_class(re.compile(r"\bis-wanted\b"))
    expect(page.locator("#kit-status")).to_have_text(
        tr(
            "This phone cannot share pictures from a web page: save them below, then post them "
            "from your photos."
        )
    )
    with page.expect_download() as saved:
        page.get_by_role("button", name=tr("Save all the pictures")).tap()
    assert saved.value.suggested_filename == f"car-{unit}-1.jpg"
    shot(page, "0-fallback")
