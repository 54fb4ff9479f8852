"""The monthly summary on a phone and on paper, over the whole demo dealership: the manager
opens it from the dashboard, steps to the month before and back, and printed — Chromium's
own PDF, A4 — every month with business is exactly one page, without the page's tools,
title bar or tab bar."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from db.leads.enquiries import dealer_today
from db.leads.tables import Lead
from tests.e2e.pages import run_async, sign_in_as, tr
from web.reports.summary import last_full_month

pytestmark = pytest.mark.browser

A4_WIDTH = 794  # CSS pixels: 210 mm at 96 per inch


def _pages(pdf: bytes) -> int:
    """The page objects of a PDF Chromium made (not the /Pages tree above them)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


async def _first_lead_month() -> str:
    first = await Lead.select(Lead.created_at).order_by(Lead.created_at).first()
    return first["created_at"].date().isoformat()[:7]


def _months_since(first: str) -> list[str]:
    """Every month from `first` (2025-12) to this one."""
    months, month = [], dealer_today().replace(day=1)
    while month.isoformat()[:7] >= first:
        months.append(month.isoformat()[:7])
        month = (month - timedelta(days=1)).replace(day=1)
    return months


def test_a_manager_prints_every_month_on_one_a4_page(demo_dealership, new_page, guard, shot):
    today = dealer_today()
    last = last_full_month(today).isoformat()[:7]
    before = (last_full_month(today) - timedelta(days=1)).isoformat()[:7]
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/manager/dashboard")
    page.get_by_role("link", name=re.compile(re.escape(tr("Monthly summary")))).tap()
    sheet = page.locator("#monthly-summary")
    expect(sheet).to_have_attribute("data-month", last)
    expect(sheet.locator(".ms-dealer")).not_to_be_empty()
    expect(page.get_by_role("button", name=tr("Print"))).to_be_visible()
    # readable on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "0-phone")

    page.locator("#summary-previous").tap()
    expect(sheet).to_have_attribute("data-month", before)
    page.locator("#summary-next").tap()
    expect(sheet).to_have_attribute("data-month", last)

    months = _months_since(run_async(_first_lead_month()))
    assert len(months) >= 6, months  # the demo's year of business
    heights = {}
    for month in months:
        page.goto(f"/manager/summary?month={month}")
        expect(sheet).to_have_attribute("data-month", month)
        page.emulate_media(media="print")
        for chrome in (".ms-tools", "header.bar", "nav.tabs"):
            expect(page.locator(chrome)).to_be_hidden()
        heights[month] = sheet.evaluate("e => e.getBoundingClientRect().height")
        assert _pages(page.pdf(format="A4")) == 1, f"{month} does not fit one A4 page"
        page.emulate_media(media="screen")

    # the fullest month as printed, for the eye: a desktop window as wide as the paper
    busiest = max(heights, key=heights.get)
    paper = new_page(viewport={"width": A4_WIDTH, "height": 1123}, is_mobile=False, has_touch=False)
    sign_in_as(paper, "manager")
    paper.goto(f"/manager/summary?month={busiest}")
    paper.emulate_media(media="print")
    assert paper.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    shot(paper, "1-printed-busiest-month")


def test_a_month_that_has_not_begun_is_refused_beside_the_picker(
    demo_dealership, new_page, guard, shot
):
    today = dealer_today()
    future = (today.replace(day=1) + timedelta(days=40)).isoformat()[:7]
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/manager/summary")
    page.get_by_label(tr("Month"), exact=True).fill(future)
    page.get_by_role("button", name=tr("Show"), exact=True).tap()
    error = page.locator("#summary-month-error")
    expect(error).to_be_visible()
    expect(page.get_by_label(tr("Month"), exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#monthly-summary")).to_have_attribute(
        "data-month", last_full_month(today).isoformat()[:7]
    )
    shot(page, "future-month")
