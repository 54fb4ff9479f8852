"""A car bought on the lot walks its path in stock, on a phone: certification, then listing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from db.appraisals import queries as appraisal_queries
from db.staff.tables import Staff
from tests.e2e.pages import path_is, run_async, sign_in_as, tr

pytestmark = pytest.mark.browser


async def _acquired_car() -> None:
    staff = await Staff.select(Staff.id).where(Staff.username == "appraiser").first()
    appraisal = await appraisal_queries.start_appraisal(staff["id"])
    await appraisal_queries.update_fields(
        appraisal,
        {"make": "雷克萨斯", "model": "ES", "forecast_retail": 268000, "agreed_price": 231000},
        staff["id"],
    )
    await appraisal_queries.close(appraisal, "acquired", staff["id"], purchase_price=231000)


def test_a_car_is_certified_and_listed_from_the_stock_tab(new_page, guard, shot):
    run_async(_acquired_car())
    page = new_page()
    staff = sign_in_as(page, "appraiser")
    staff.tabs.tab("/inventory").tap()
    expect(page).to_have_url(path_is("/inventory"))
    card = page.locator("a.appraisal-card", has_text="雷克萨斯 ES")
    expect(card).to_contain_text(tr("Reconditioning"))
    shot(page, "1-stock-list")
    card.tap()

    path = page.locator("#unit-path")
    forward = path.get_by_role(
        "button", name=tr("Move to: {state}").format(state=tr("Certification"))
    )
    expect(forward).to_have_class(r"button primary")
    forward.tap()
    expect(path.locator("h2")).to_contain_text(tr("Certification"))
    # listing is not offered before a passed inspection
    listing = path.get_by_role(
        "button", name=tr("Move to: {state}").format(state=tr("Listed for retail"))
    )
    expect(listing).to_have_count(0)
    path.locator("label.chip").filter(has_text=re.compile(f"^{re.escape(tr('Passed'))}$")).tap()
    path.get_by_label(tr("Note (what failed, what was checked)")).fill("128 项检测通过")
    path.get_by_role("button", name=tr("Record the result")).tap()
    expect(path.locator(".rows").first).to_contain_text("128 项检测通过")
    shot(page, "2-certified")
    listing.tap()
    expect(path.locator("h2")).to_contain_text(tr("Listed for retail"))
    expect(path.locator(".badge-ok")).to_have_text(tr("Certified"))
    expect(path).to_contain_text(tr("Listed for retail"))
    shot(page, "3-listed")

    page.goto("/inventory?state=listed")
    expect(page.locator("a.appraisal-card")).to_contain_text(["雷克萨斯 ES"])
