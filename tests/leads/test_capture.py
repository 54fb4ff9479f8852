"""Capturing a lead: saved with its next follow-up; bad input answered beside the field;
duplicates and blacklisted numbers caught before a second record is made."""

from __future__ import annotations

from datetime import date

import pytest

from db.audit.tables import AuditEvent
from db.leads.rules import next_follow_up
from db.leads.tables import Blacklist, Lead, LeadEvent
from db.staff.rules import Role
from tests.conftest import csrf_token, html
from tests.leads.helpers import a_lead, consultant
from tests.public.test_car_page import EN, en

WALK_IN = {
    "name": "刘女士",
    "phone": "139 1234 5678",
    "source": "walk_in",
    "grade": "A",
    "note": "看SUV",
    "budget_min": "10",
    "budget_max": "15.5",
    "body_type": "suv",
}


async def _save(client, fields: dict):
    token = await csrf_token(client)
    return await client.post("/leads/new", data={"_csrf_token": token, **fields}, headers=EN)


async def test_a_walk_in_is_saved_and_opens_its_page(client, signed_in):
    await signed_in({Role.CONSULTANT}, username="zhangting")
    form = html(await client.get("/leads/new", headers=EN)).select_one("#lead-form")
    # few fields on the first screen: name, mobile, source and grade chips, one button
    assert form.select_one("input[name=grade][checked]")["value"] == "B"
    response = await _save(client, WALK_IN)
    assert response.status_code == 303
    lead = (await Lead.select().output(load_json=True))[0]
    assert response.headers["location"] == f"/leads/{lead['id']}"
    assert (lead["name"], lead["phone"], lead["phone_foreign"]) == ("刘女士", "13912345678", False)
    assert (lead["grade"], lead["source"], lead["status"]) == ("A", "walk_in", "new")
    assert (lead["budget_min"], lead["budget_max"], lead["body_type"]) == (100000, 155000, "suv")
    assert lead["next_follow_up"] == next_follow_up("A", date.today())
    assert lead["owner"] == lead["created_by"] is not None
    events = await LeadEvent.select(LeadEvent.kind).where(LeadEvent.lead == lead["id"])
    assert events == [{"kind": "created"}]
    assert await AuditEvent.count().where(AuditEvent.kind == "lead_created") == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12345"}, "phone", None),
        ({"phone": "+44 20 7946 0958"}, "phone", None),  # foreign, but not ticked
        ({"name": " "}, "name", "Please give the customer's name."),
        ({"source": "referral"}, "referrer", "Who referred the customer?"),
        ({"budget_min": "lots"}, "budget_min", "Give the budget in 万, e.g. 12.5."),
    ],
)
async def test_bad_input_is_refused_beside_the_field_with_input_kept(
    client, signed_in, changes, field, message
):
    await signed_in({Role.CONSULTANT})
    response = await _save(client, {**WALK_IN, **changes})
    assert response.status_code == 422
    form = html(response).select_one("#lead-form")
    error = form.select_one(f"#f-{field}").find_parent(class_="field").select_one(".field-error")
    if message:
        assert error.get_text(strip=True) == en(message)
    else:
        assert error is not None
    assert form.select_one("#f-note").get_text() == WALK_IN["note"]
    assert await Lead.count() == 0


async def test_a_foreign_number_is_accepted_when_ticked(client, signed_in):
    await signed_in({Role.CONSULTANT})
    response = await _save(client, {**WALK_IN, "phone": "+852 9123 4567", "foreign": "1"})
    assert response.status_code == 303
    row = await Lead.select(Lead.phone, Lead.phone_foreign).first()
    assert row == {"phone": "+852 9123 4567", "phone_foreign": True}


async def test_a_referral_keeps_its_referrer(client, signed_in):
    await signed_in({Role.CONSULTANT})
    response = await _save(client, {**WALK_IN, "source": "referral", "referrer": "老客户陈先生"})
    assert response.status_code == 303
    assert await Lead.select(Lead.referrer).first() == {"referrer": "老客户陈先生"}


async def test_typing_a_known_number_shows_the_open_lead_masked(client, signed_in):
    other = await consultant("chenjing", "陈静")
    existing = await a_lead(other, phone="13912345678", name="刘女士")
    await signed_in({Role.CONSULTANT})
    response = await client.get(
        "/leads/new/check",
        params={"phone": "139-1234-5678"},
        headers={**EN, "HX-Request": "true", "HX-Request-Type": "partial"},
    )
    block = html(response).select_one("#duplicate-check")
    text = block.get_text(" ", strip=True)
    assert "139****5678" in text and "刘*" in text and "陈静" in text
    assert "13912345678" not in text and "刘女士" not in text
    # a colleague's lead is not open to this consultant: no link that would be refused
    assert block.select_one("a") is None
    assert en("A colleague follows this customer") in text
    # and saving it anyway is refused, naming who has the customer
    response = await _save(client, WALK_IN)
    assert response.status_code == 422
    error = html(response).select_one("#f-phone-error").get_text(strip=True)
    assert error == en("{name} already follows this customer.").format(name="陈静")
    assert await Lead.count() == 1
    # the customer's number in the pool: anyone may add to it
    await Lead.update({Lead.owner: None}).where(Lead.id == existing)
    response = await client.get(
        "/leads/new/check",
        params={"phone": "13912345678"},
        headers={**EN, "HX-Request": "true", "HX-Request-Type": "partial"},
    )
    block = html(response).select_one("#duplicate-check")
    assert block.select_one("a")["href"] == f"/leads/{existing}#follow-up"


async def test_a_lost_lead_does_not_block_a_new_one(client, signed_in):
    await a_lead(await consultant("chenjing", "陈静"), phone="13912345678", status="lost")
    await signed_in({Role.CONSULTANT})
    assert (await _save(client, WALK_IN)).status_code == 303


async def test_a_blacklisted_number_needs_the_warning_ticked(client, signed_in):
    await Blacklist.insert(Blacklist(phone="13912345678", reason="冒充买家"))
    await signed_in({Role.CONSULTANT})
    check = html(await client.get("/leads/new/check", params={"phone": "13912345678"}))
    assert check.select_one(".blacklist input[name=seen_warning]") is not None
    refused = await _save(client, WALK_IN)
    assert refused.status_code == 422
    assert html(refused).select_one("#f-seen_warning-error").get_text(strip=True) == en(
        "This number is on the blacklist: tick that you have seen the warning."
    )
    assert await Lead.count() == 0
    assert (await _save(client, {**WALK_IN, "seen_warning": "1"})).status_code == 303


async def test_appraisers_cannot_capture_leads(client, signed_in):
    await signed_in({Role.APPRAISER})
    assert (await client.get("/leads/new")).status_code == 403
