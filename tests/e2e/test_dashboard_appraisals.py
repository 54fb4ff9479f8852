"""The dashboard's appraisals on a phone: a count taps through to the Appraise list showing
that many appraisals; the list's filters narrow it in place (the address keeps them); a car
on the 飞单 watch list opens its appraisal."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from db.appraisals import queries
from db.appraisals.tables import Appraisal
from db.staff.tables import Staff
from tests.e2e.pages import run_async, sign_in_as

pytestmark = pytest.mark.browser

VIN = "LVRHDAEJ6JN204518"


async def _appraisals() -> None:
    """The demo appraiser's week: one car bought, one car appraised twice and not bought."""
    who = (await Staff.select(Staff.id).where(Staff.username == "appraiser").first())["id"]
    for days, outcome, vin in (
        (3, "acquired", ""),
        (2, "declined", VIN),
        (1, "sold_elsewhere", VIN),
    ):
        appraisal_id = await queries.start_appraisal(who)
        await queries.update_fields(
            appraisal_id, {"make": "马自达", "model": "CX-5", "vin": vin}, who
        )
        await queries.close(
            appraisal_id, outcome, who, note="e2e", owner_expected_price=90000, purchase_price=80000
        )
        when = datetime.now(UTC) - timedelta(days=days)
        await Appraisal.update({Appraisal.created_at: when}).where(Appraisal.id == appraisal_id)


def test_a_manager_taps_from_the_appraisal_figures_to_the_appraisals_they_count(
    new_page, guard, shot
):
    run_async(_appraisals())
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/manager/dashboard?period=30d")
    section = page.locator("#report-appraisals")
    expect(section).to_be_visible()
    shot(page, "0-dashboard")
    appraised = section.locator(".report-kpis .n-appraised a")
    expected = int(appraised.locator("strong").inner_text())
    assert expected >= 3  # the three above, and any other test's
    appraised.tap()
    expect(page).to_have_url(re.compile(r"/appraisals\?created_from="))
    cards = page.locator("#appraisal-list .appraisal-cards li")
    expect(cards).to_have_count(expected)
    expect(page.locator("details.list-filter")).to_have_attribute("open", "")
    shot(page, "1-the-appraisals-counted")

    # narrowed in place: the list is swapped, the address keeps the filter
    page.locator("#filter-outcome").select_option("declined")
    expect(page).to_have_url(re.compile(r"outcome=declined"))
    expect(cards.first).to_contain_text("CX-5")
    declined = cards.count()
    assert 1 <= declined < expected
    page.reload()
    expect(cards).to_have_count(declined)

    page.goto("/appraisals?created_from=2026-02-31")
    expect(page.locator("#filter-created_from-error")).to_be_visible()
    shot(page, "2-a-bad-date")

    page.goto("/manager/dashboard?period=30d")
    car = page.locator(f"#appraisal-watch .watch-car[data-vin={VIN}]")
    expect(car.locator(".watch-trail li")).to_have_count(2)
    car.locator(".watch-trail a").first.tap()
    expect(page).to_have_url(re.compile(r"/appraisals/\d+$"))
    # the newest appraisal's sheet names the earlier one of the same car
    expect(page.locator("#vin-info [role=alert]")).to_be_visible()
    shot(page, "3-the-watched-appraisal")
