"""A customer on a phone filters the public stock list: with JavaScript the list follows each
choice in place and the address bar keeps a shareable address; without it the same form is a
plain GET."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import document_kept, mark_document, path_is, run_async, tr
from tests.public.test_stock_list import Car, add_car

pytestmark = pytest.mark.browser

MAKE = "雪佛兰"


@pytest.fixture(scope="module")
def chevrolets(live_server):
    return [
        run_async(add_car(Car(MAKE, "迈锐宝XL", 2020, 52_000, 98_000, photo=False), 701)),
        run_async(
            add_car(Car(MAKE, "科鲁泽", 2019, 61_000, 56_000, "hatchback", photo=False), 702)
        ),
    ]


def test_filters_update_the_list_in_place_and_the_address_can_be_shared(
    new_page, guard, shot, chevrolets
):
    page = new_page()
    page.goto("/stock")
    cards = page.locator("#car-grid a.car-card")
    expect(cards.first).to_be_visible()
    shot(page, "1-list")
    mark_document(page)

    more = page.locator("details.sf-more")
    more.locator("summary").tap()
    page.locator("#f-make").select_option(MAKE)
    expect(page).to_have_url(path_is("/stock?make=" + quote(MAKE)))  # tidy, no empty fields
    expect(cards).to_have_count(2)
    expect(more).to_have_attribute("open", "")  # the user opened it; a swap keeps it open
    page.locator("#f-model").select_option("科鲁泽")
    expect(page).to_have_url(path_is(f"/stock?make={quote(MAKE)}&model={quote('科鲁泽')}"))
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".car-card-title")).to_have_text(f"{MAKE} 科鲁泽")
    shot(page, "2-filtered")

    page.locator("#f-price-max").fill("3")
    page.locator("#f-price-max").press("Enter")
    expect(page.locator(".empty-title")).to_have_text(tr("No cars match these filters"))
    expect(page).to_have_url(
        path_is(f"/stock?make={quote(MAKE)}&model={quote('科鲁泽')}&price_max=3")
    )
    shot(page, "3-empty")
    assert document_kept(page), "filters should swap the list, not reload the page"

    page.go_back()
    expect(page).to_have_url(path_is(f"/stock?make={quote(MAKE)}&model={quote('科鲁泽')}"))
    expect(cards).to_have_count(1)
    page.locator(".car-list-head a", has_text=tr("Clear filters")).tap()
    expect(page).to_have_url(path_is("/stock"))
    expect(page.locator("#f-make")).to_have_value("")


def test_without_javascript_the_form_is_a_plain_get(new_page, shot, chevrolets):
    page = new_page(java_script_enabled=False)
    page.goto("/stock")
    page.locator("#f-make").select_option(MAKE)
    page.get_by_role("button", name=tr("Show cars")).tap()
    expect(page).to_have_url(re.compile(r"/stock\?make=" + re.escape(quote(MAKE)) + "&"))
    expect(page.locator("#car-grid a.car-card")).to_have_count(2)
    expect(page.locator("#f-make")).to_have_value(MAKE)
    shot(page, "filtered-no-js")
