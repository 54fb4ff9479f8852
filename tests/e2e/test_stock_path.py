"""A car bought on the lot walks its path in stock, on a phone: its reconditioning tasks done,
the certification checklist passed, a price set, and then it is listed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from db.appraisals import condition_queries
from db.appraisals import queries as appraisal_queries
from db.staff.tables import Staff
from db.stock.rules import DEFAULT_CERTIFICATION_POINTS
from db.stock.tables import PriceChange, StockUnit
from tests.e2e.pages import path_is, run_async, sign_in_as, tr

pytestmark = pytest.mark.browser


async def _acquired_car() -> None:
    """A Lexus with a scratched bumper: the appraisal's estimate has one repair in it."""
    staff = await Staff.select(Staff.id).where(Staff.username == "appraiser").first()
    appraisal = await appraisal_queries.start_appraisal(staff["id"])
    await appraisal_queries.update_fields(
        appraisal,
        {"make": "雷克萨斯", "model": "ES", "forecast_retail": 268000, "agreed_price": 231000},
        staff["id"],
    )
    await condition_queries.add_mark(appraisal, "rear_bumper", "scratch", 1, "", None, staff["id"])
    await appraisal_queries.close(appraisal, "acquired", staff["id"], purchase_price=231000)


async def _price_of(make: str) -> tuple[int | None, int]:
    unit = (
        await StockUnit.select(StockUnit.id, StockUnit.retail_price)
        .where(StockUnit.appraisal.make == make)
        .first()
    )
    changes = await PriceChange.count().where(PriceChange.unit == unit["id"])
    return unit["retail_price"], changes


def _move_button(area, state: str):
    return area.get_by_role("button", name=tr("Move to: {state}").format(state=tr(state)))


def test_a_car_is_reconditioned_certified_priced_and_listed(new_page, guard, shot):
    guard.allow(r"status of 422")  # two refusals below are on purpose
    run_async(_acquired_car())
    page = new_page()
    staff = sign_in_as(page, "appraiser")
    staff.tabs.tab("/inventory").tap()
    expect(page).to_have_url(path_is("/inventory"))
    card = page.locator("a.appraisal-card", has_text="雷克萨斯 ES")
    expect(card).to_contain_text(tr("Reconditioning"))
    card.tap()

    # 1. Reconditioning: the appraisal's estimate in one tap, one more task, all ticked done
    recon = page.locator("#unit-recon")
    recon.get_by_role("button", name=tr("Add the appraisal's estimate as tasks")).tap()
    expect(recon.locator(".task-row")).to_have_count(1)
    recon.locator("label.chip").filter(has_text=tr("Interior")).tap()
    recon.get_by_label(tr("Task")).fill("内饰精洗")
    recon.get_by_label(tr("Cost (yuan)")).fill("abc")
    recon.get_by_role("button", name=tr("Add"), exact=True).tap()
    expect(recon.locator("#f-task-cost-error")).to_be_visible()  # refused beside the field
    expect(recon.get_by_label(tr("Task"))).to_have_value("内饰精洗")  # what was typed is kept
    expect(recon.locator("input[name=kind][value=interior]")).to_be_checked()
    recon.get_by_label(tr("Cost (yuan)")).fill("400")
    recon.get_by_role("button", name=tr("Add"), exact=True).tap()
    expect(recon.locator(".task-row")).to_have_count(2)
    expect(page.locator("#unit-money .unit-cost")).to_contain_text("23.17万")  # 231000+300+400
    path = page.locator("#unit-path")
    expect(path.locator("#open-tasks")).to_contain_text("2")
    shot(page, "1-tasks-open")
    open_boxes = recon.locator("input[name=done]:not(:checked)")
    for done in (1, 2):
        # tick one, and wait for the server's answer (the row marked done) before the next:
        # a checkbox shows ticked at once, before its autosave has answered
        open_boxes.first.check()
        expect(recon.locator(".task-row.is-done")).to_have_count(done)
    expect(open_boxes).to_have_count(0)
    expect(path.locator("#open-tasks")).to_be_empty()

    # 2. Certification: every point of the checklist passed
    forward = _move_button(path, "Certification")
    expect(forward).to_have_class(re.compile(r"\bprimary\b"))
    forward.tap()
    expect(path.locator("h2")).to_contain_text(tr("Certification"))
    expect(_move_button(path, "Listed for retail")).to_have_count(0)
    inspection = page.locator("#unit-certification form.cert-form")
    points = inspection.locator(".inspection-point")
    expect(points).to_have_count(len(DEFAULT_CERTIFICATION_POINTS))
    # one point failed without a note is refused beside it, the other answers kept
    for i in range(points.count()):
        verdict = "Fail" if i == 6 else "Pass"
        points.nth(i).locator("label").filter(has_text=re.compile(f"^{tr(verdict)}$")).tap()
    inspection.get_by_role("button", name=tr("Record the result")).tap()
    expect(page.locator("#f-cert-note-6-error")).to_have_text(tr("Note what failed."))
    points = page.locator("#unit-certification .inspection-point")
    expect(points.nth(0).locator("input[value=pass]")).to_be_checked()
    points.nth(6).locator("label").filter(has_text=re.compile(f"^{tr('Pass')}$")).tap()
    page.get_by_label(tr("Overall note (optional)")).fill("路试正常，无事故")
    shot(page, "2-checklist")
    page.get_by_role("button", name=tr("Record the result")).tap()
    path = page.locator("#unit-path")
    expect(path.locator(".badge-ok")).to_have_text(tr("Certified"))
    expect(page.locator("#unit-certification .cert-result")).to_contain_text("路试正常，无事故")
    # certified, but no price yet: listing is not offered, and the page says why
    expect(path.locator(".move-blocked")).to_have_text(
        tr("Set the retail price before listing the car: one car, one price.")
    )
    expect(_move_button(path, "Listed for retail")).to_have_count(0)

    # 3. The price, typed in 万
    price = page.locator("#unit-price")
    price.get_by_label(tr("Price (万 or yuan)")).fill("26.58万")
    price.get_by_role("button", name=tr("Set the price")).tap()
    expect(page.locator("#unit-price .price-history")).to_contain_text("26.58万")
    expect(page.locator("#unit-money .unit-margin")).to_contain_text("3.41万")  # 265800-231700
    assert run_async(_price_of("雷克萨斯")) == (265800, 1)
    shot(page, "3-priced")

    # 4. Listed
    listing = _move_button(page.locator("#unit-path"), "Listed for retail")
    expect(listing).to_have_class(re.compile(r"\bprimary\b"))
    listing.tap()
    path = page.locator("#unit-path")
    expect(path.locator("h2")).to_contain_text(tr("Listed for retail"))
    expect(path.locator(".badge-ok")).to_have_text(tr("Certified"))
    path.scroll_into_view_if_needed()
    shot(page, "4-listed")

    page.goto("/inventory?state=listed")
    listed = page.locator("a.appraisal-card", has_text="雷克萨斯 ES")
    expect(listed).to_contain_text("26.58万")
    shot(page, "5-stock-list")
