"""A complaint's whole way on phones: the consultant records it from the lead's page, logs
the same-day contact and a proposal; the manager approves it from the dashboard; the
consultant records the agreement, the work done and a "satisfied" follow-up, and closes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from db.complaints.rules import STEPS
from db.complaints.tables import Complaint, ComplaintStep
from db.staff.tables import Staff
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.leads.factories import make_lead

pytestmark = pytest.mark.browser


async def _lead_of(username: str) -> int:
    owner = await Staff.select(Staff.id).where(Staff.username == username).first()
    return await make_lead(owner["id"], name="何女士", phone="13766667777", grade="A")


def _step(page, action: str, note: str = "", then: str = "") -> None:
    """Takes `action` with `note`, and waits for the complaint to stand at step `then`."""
    form = page.locator("#complaint-form form").first
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator(f"button[name=action][value={action}]").tap()
    if then:
        expect(page.locator(".complaint-step-badge")).to_have_text(tr(STEPS[then]))


def test_a_complaint_from_record_to_closed(new_page, guard, shot):
    lead = run_async(_lead_of("consultant"))

    consultant = new_page()
    sign_in_as(consultant, "consultant")
    consultant.goto(f"/leads/{lead}")
    consultant.get_by_role("link", name=tr("Record a complaint")).tap()
    expect(consultant).to_have_url(path_is(f"/complaints/new?lead={lead}"))
    form = consultant.locator("#complaint-new form")
    guard.allow(r"status of 422")  # the empty complaint is refused on purpose
    form.get_by_role("button", name=tr("Record the complaint")).tap()
    expect(consultant.locator("#f-c-what-error")).to_have_text(
        tr("Write what the customer complains about.")
    )
    shot(consultant, "0-new-error")
    consultant.get_by_label(tr("What is the complaint?")).fill("提车第三天空调不制冷")
    consultant.get_by_role("button", name=tr("Record the complaint")).tap()
    expect(consultant.locator("#complaint h2")).to_contain_text("何女士")
    complaint = run_async(
        Complaint.select(Complaint.id).where(Complaint.lead == lead).first().run()
    )
    url = f"/complaints/{complaint['id']}"
    expect(consultant).to_have_url(path_is(url))

    _step(consultant, "contacted", "当天回电致歉，约明天来店检查", "contacted")
    expect(consultant.locator(".complaint-same-day")).to_have_text(tr("Met"))
    _step(consultant, "proposed", "免费加注冷媒并检漏，赠送一次空调清洗", "proposed")
    expect(consultant.locator(".complaint-waiting")).to_be_visible()

    manager = new_page()
    sign_in_as(manager, "manager")
    manager.goto("/manager")
    waiting = manager.locator("#complaints-waiting")
    expect(waiting).to_contain_text("何女士")
    shot(manager, "1-dashboard")
    waiting.get_by_role("link", name="何女士").tap()
    expect(manager).to_have_url(path_is(f"{url}#complaint-form"))
    _step(manager, "approved", "同意", "approved")

    consultant.goto(url)
    _step(consultant, "agreed", "客户同意方案", "agreed")
    _step(consultant, "done", "已加注冷媒，检漏无异常", "done")
    form = consultant.locator("#complaint-form form").first
    form.get_by_text(tr("Satisfied"), exact=True).tap()
    _step(consultant, "follow_up", "三天后回访：空调正常，客户满意", "following")
    close = consultant.locator("form.complaint-close")
    expect(close).to_be_visible()
    close.get_by_role("button", name=tr("Close the complaint")).tap()
    expect(consultant.locator(".complaint-closed")).to_be_visible()
    expect(consultant.locator(".complaint-step-row")).to_have_count(8)
    shot(consultant, "2-closed-timeline")

    steps = run_async(
        ComplaintStep.select(ComplaintStep.step)
        .where(ComplaintStep.complaint == complaint["id"])
        .order_by(ComplaintStep.id)
        .run()
    )
    assert [s["step"] for s in steps] == [
        "recorded",
        "contacted",
        "proposed",
        "approved",
        "agreed",
        "done",
        "follow_up",
        "closed",
    ]
