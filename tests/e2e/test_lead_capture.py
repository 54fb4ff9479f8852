"""A walk-in captured on a phone in a handful of taps, then a follow-up logged on its page;
typing a known number shows the existing lead instead; tapping the number logs a call."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from db.leads.tables import FollowUp, Lead
from db.staff.tables import Staff
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.leads.helpers import a_lead

pytestmark = pytest.mark.browser

KNOWN = "13511112222"


async def _colleagues_lead() -> int:
    owner = await Staff.select(Staff.id).where(Staff.username == "chenjing").first()
    return await a_lead(owner["id"], phone=KNOWN, name="刘女士", status="following")


def test_a_consultant_captures_a_walk_in_and_logs_a_follow_up(new_page, guard, shot):
    known_id = run_async(_colleagues_lead())
    page = new_page()
    sign_in_as(page, "consultant")
    page.goto("/leads")
    page.get_by_role("link", name=tr("New lead")).first.tap()
    expect(page).to_have_url(path_is("/leads/new"))
    form = page.locator("#lead-form")

    # a number already known: the lead is shown masked; it is a colleague's, so no link
    # into it (they would be refused), but who to ask
    form.get_by_label(tr("Mobile"), exact=True).press_sequentially(KNOWN)
    known = page.locator("#duplicate-check .duplicate")
    expect(known).to_contain_text("135****2222")
    expect(known).to_contain_text("刘*")
    expect(known).to_contain_text("陈静")
    expect(known).to_contain_text(
        tr("A colleague follows this customer: tell them, or ask the manager to reassign the lead.")
    )
    expect(known.get_by_role("link")).to_have_count(0)
    assert known_id
    shot(page, "0-known-number")

    # the walk-in: two fields typed, one chip tapped, one button — source defaults to walk-in
    actions = 0
    form.get_by_label(tr("Name"), exact=True).fill("马先生")
    actions += 1
    form.get_by_label(tr("Mobile"), exact=True).fill("13655557777")
    actions += 1
    expect(page.locator("#duplicate-check .duplicate")).to_have_count(0)
    form.locator("label.chip", has_text=re.compile(r"^H$")).tap()
    actions += 1
    shot(page, "1-filled")
    form.get_by_role("button", name=tr("Save lead")).tap()
    actions += 1
    assert actions <= 4
    expect(page).to_have_url(re.compile(r"/leads/\d+$"))
    lead_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator(".page-title")).to_contain_text("马先生")
    shot(page, "2-lead-page")
    lead = run_async(Lead.select(Lead.grade, Lead.source).where(Lead.id == lead_id).first().run())
    assert lead == {"grade": "H", "source": "walk_in"}

    # the follow-up, on the same screen
    follow = page.locator("#follow-up-form")
    follow.locator("label.chip", has_text=tr("Visit")).tap()
    follow.get_by_label(tr("What was said")).fill("客户周六带家人来试驾")
    follow.get_by_label(tr("Outcome")).select_option("visit_booked")
    follow.locator("label.chip", has_text=re.compile(r"^A$")).tap()
    follow.get_by_role("button", name=tr("Save follow-up")).tap()
    expect(page.locator(".history-item").first).to_contain_text("客户周六带家人来试驾")
    shot(page, "3-followed-up")
    row = run_async(Lead.select(Lead.grade, Lead.status).where(Lead.id == lead_id).first().run())
    assert row == {"grade": "A", "status": "following"}

    # tapping the number: a call attempt is logged and the dialer is asked for (headless
    # Chromium has none, and says so on the console)
    guard.allow(r"tel:|scheme|external")
    with page.expect_response(re.compile(rf"/leads/{lead_id}/call$")) as answer:
        page.locator("a.call-link").tap()
    assert answer.value.status == 303
    assert answer.value.headers["location"] == "tel:13655557777"
    attempts = FollowUp.count().where(
        (FollowUp.lead == lead_id) & (FollowUp.channel == "call_attempt")
    )
    assert run_async(attempts.run()) == 1
    expect(page).to_have_url(re.compile(rf"/leads/{lead_id}(/call)?$"))
