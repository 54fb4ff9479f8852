"""The dashboard's leads and shares on a phone: a count taps through to the lead list showing
that many leads, another period swaps the figures in place, and the lowest satisfaction
answer opens the customer's care page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from db.care.tables import Survey
from db.leads.tables import Lead
from db.staff.tables import Staff
from tests.e2e.pages import run_async, sign_in_as, tr
from tests.leads.factories import make_lead

pytestmark = pytest.mark.browser


async def _leads() -> None:
    """A few of the demo consultant's leads made this week, one won and unhappy after."""
    owner = (await Staff.select(Staff.id).where(Staff.username == "consultant").first())["id"]
    made = datetime.now(UTC) - timedelta(days=2)
    for source in ("walk_in", "walk_in", "wechat"):
        await make_lead(owner, source=source, created_at=made)
    won = await make_lead(owner, name="冯女士", status=Lead.Status.won, created_at=made)
    await Survey.insert(
        Survey(lead=won, satisfaction=2, comment="上牌太慢", actor=owner, created_at=made)
    )


def test_a_manager_taps_from_the_figures_to_the_leads_they_count(new_page, guard, shot):
    run_async(_leads())
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/manager/dashboard?period=30d")
    leads = page.locator("#report-leads")
    expect(leads).to_be_visible()
    expect(page.locator("#report-shares")).to_be_visible()
    shot(page, "0-last-30-days")
    count = leads.locator("#leads-by-source tbody tr").first.locator(".n-leads a")
    expected = int(count.inner_text())
    assert expected >= 3  # the walk-ins above, and any other test's
    count.tap()
    expect(page).to_have_url(re.compile(r"/leads\?created_from="))
    # the list's total is the figure; its pages, "More" after "More", hold that many leads
    expect(page.locator(".lead-total")).to_have_text(re.compile(rf"^{expected}\D"))
    shot(page, "1-the-leads-counted")
    more = page.locator(".lead-more a")
    while more.count():
        shown = page.locator(".lead-row").count()
        more.tap()
        expect(page.locator(".lead-row")).not_to_have_count(shown)
    expect(page.locator(".lead-row")).to_have_count(expected)

    page.go_back()
    expect(page.locator("#report-leads")).to_be_visible()
    before = page.locator(".period-label").inner_text()
    page.get_by_label(tr("Period")).select_option("last_month")
    expect(page.locator(".period-label")).not_to_have_text(before)
    expect(page.locator("#report-leads h2")).to_have_text(tr("Leads"))

    page.goto("/manager/dashboard?period=30d")
    lowest = page.locator("#satisfaction-lowest a").first
    name = lowest.inner_text().split(maxsplit=1)[1]
    lowest.tap()
    expect(page).to_have_url(re.compile(r"/leads/\d+/care$"))
    expect(page.locator("main")).to_contain_text(name)
    shot(page, "2-lowest-answer-care")
