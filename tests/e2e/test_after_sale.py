"""After the sale, on a phone: the consultant marks a lead won with the car sold, sees the
care plan, ticks the thank-you with a note, records the customer's survey, and finds the
care call due on Today."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from db.care.tables import CareTask
from db.leads.enquiries import dealer_today
from db.staff.tables import Staff
from tests.care.helpers import car
from tests.e2e.pages import run_async, sign_in_as, tr
from tests.leads.factories import make_lead

pytestmark = pytest.mark.browser


async def _lead_and_car() -> tuple[int, int]:
    owner = await Staff.select(Staff.id).where(Staff.username == "consultant").first()
    lead = await make_lead(owner["id"], name="周先生", phone="13766667777", grade="H")
    return lead, await car(make="本田", model="飞度")


async def _call_due_today(lead: int) -> None:
    await CareTask.update({CareTask.due_on: dealer_today()}).where(
        (CareTask.lead == lead) & (CareTask.kind == "call_early")
    )


def test_a_won_lead_gets_its_care_plan_and_survey(new_page, guard, shot):
    lead, unit = run_async(_lead_and_car())
    page = new_page()
    sign_in_as(page, "consultant")
    page.goto(f"/leads/{lead}")
    page.get_by_role("link", name=tr("Mark as won")).tap()

    form = page.locator("#won-form")
    guard.allow(r"status of 422")  # the missing car is refused on purpose
    form.get_by_role("button", name=tr("Mark as won")).tap()
    expect(page.locator("#f-won-unit-error")).to_have_text(
        tr("Choose the car the customer bought.")
    )
    page.locator("#won-form").get_by_label(tr("Car sold")).select_option(str(unit))
    shot(page, "0-won-form")
    page.locator("#won-form").get_by_role("button", name=tr("Mark as won")).tap()
    expect(page).to_have_url(re.compile(rf"/leads/{lead}(#care)?$"))

    care = page.locator("#care")
    expect(care.locator(".care-task")).to_have_count(6)
    thanks = care.locator(".care-task").first
    expect(thanks.locator(".care-kind")).to_have_text(tr("Thank-you message (within 24 hours)"))
    thanks.get_by_placeholder(tr("Note (optional)")).fill("微信发了感谢信和交车照片")
    thanks.get_by_role("button", name=tr("Mark done")).tap()
    thanks = page.locator("#care .care-task").first
    expect(thanks.locator(".badge")).to_have_text(tr("Done"))
    expect(thanks.locator(".care-note")).to_have_text("微信发了感谢信和交车照片")

    survey = page.locator("#survey-form")
    survey.get_by_text(tr("Satisfied"), exact=True).tap()
    survey.locator(".likelihood-chips").nth(0).get_by_text(tr("Very likely"), exact=True).tap()
    survey.locator(".likelihood-chips").nth(1).get_by_text(tr("Likely"), exact=True).tap()
    survey.get_by_label(tr("The customer's words")).fill("车很好开，手续办得快")
    shot(page, "1-survey-form")
    survey.get_by_role("button", name=tr("Save survey")).tap()
    recorded = page.locator("#care-surveys .survey")
    expect(recorded).to_have_count(1)
    expect(recorded.locator(".satisfaction")).to_have_text(tr("Satisfied"))
    expect(recorded.locator(".survey-comment")).to_have_text("车很好开，手续办得快")
    survey_task = page.locator("#care .care-task", has_text=tr("Satisfaction survey"))
    expect(survey_task.locator(".badge")).to_have_text(tr("Done"))
    page.locator("#care").scroll_into_view_if_needed()
    shot(page, "2-care-tasks")

    run_async(_call_due_today(lead))
    page.goto("/today")
    due = page.locator("#today-care")
    expect(due.locator(".ac-title")).to_have_text(["周先生"])
    due.scroll_into_view_if_needed()
    shot(page, "3-today-care")
