"""Winning a lead: the owner or a manager names the car sold; the care plan is written in
the same transaction; bad input, closed leads, colleagues and races are refused."""

import asyncio

from db.audit.tables import AuditEvent
from db.care.rules import care_plan
from db.care.tables import CareTask
from db.leads.enquiries import dealer_today
from db.leads.tables import Lead, LeadEvent
from db.leads.won import win
from db.staff.rules import Role
from tests.care.helpers import EN, car
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import lead_row, make_lead


async def _post_won(client, lead: int, unit) -> object:
    token = await csrf_token(client)
    return await client.post(
        f"/leads/{lead}/won", data={"unit": str(unit), "_csrf_token": token}, headers=EN
    )


async def test_the_owner_marks_a_lead_won_and_the_care_plan_follows(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner)
    unit = await car(make="本田", model="雅阁")
    await sign_in(client, "zhang.ting")
    doc = html(await client.get(f"/leads/{lead}", headers=EN))
    assert doc.select_one("a.lead-won-link")["href"] == f"/leads/{lead}/won"
    form = html(await client.get(f"/leads/{lead}/won", headers=EN))
    options = {o["value"]: o.get_text(strip=True) for o in form.select("#f-won-unit option")}
    assert options[str(unit)].startswith("本田 雅阁")

    r = await _post_won(client, lead, unit)
    assert r.status_code == 303 and r.headers["location"] == f"/leads/{lead}#care"
    row = await lead_row(lead)
    assert (row["status"], row["won_unit"], row["next_follow_up"]) == ("won", unit, None)
    events = (
        await LeadEvent.select(LeadEvent.kind, LeadEvent.detail)
        .where(LeadEvent.lead == lead)
        .output(load_json=True)
    )
    assert [(e["kind"], e["detail"]) for e in events] == [("won", {"unit": unit})]
    assert await AuditEvent.exists().where(AuditEvent.kind == "lead_won")
    tasks = await CareTask.select(CareTask.kind, CareTask.due_on, CareTask.window_end).where(
        CareTask.lead == lead
    )
    planned = care_plan(dealer_today())
    assert sorted((t["kind"], t["due_on"], t["window_end"]) for t in tasks) == sorted(
        (p.kind, p.due_on, p.window_end) for p in planned
    )
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    kinds = [k.get_text(strip=True) for k in page.select("#care .care-kind")]
    assert kinds[0] == "Thank-you message (within 24 hours)" and len(kinds) == 6
    assert page.select_one("a.lead-won-link") is None  # won: no second win


async def test_no_car_chosen_is_refused_beside_the_field(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner)
    await car()
    await sign_in(client, "zhang.ting")
    r = await _post_won(client, lead, "")
    assert r.status_code == 422
    assert html(r).select_one("#f-won-unit-error").get_text(strip=True) == (
        "Choose the car the customer bought."
    )
    assert (await lead_row(lead))["status"] == "following"
    assert await CareTask.count() == 0


async def test_a_car_not_for_sale_is_refused(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner)
    in_the_workshop = await car(state="reconditioning")
    await sign_in(client, "zhang.ting")
    form = html(await client.get(f"/leads/{lead}/won", headers=EN))
    assert str(in_the_workshop) not in [o["value"] for o in form.select("#f-won-unit option")]
    r = await _post_won(client, lead, in_the_workshop)
    assert r.status_code == 422
    assert (await lead_row(lead))["status"] == "following"


async def test_a_car_another_lead_has_won_is_not_offered_and_is_refused(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    first, second = await make_lead(owner), await make_lead(owner, name="李女士")
    unit, other = await car(), await car(state="sold", make="大众", model="朗逸")
    assert await win(first, unit, owner, is_manager=False, sold_on=dealer_today()) is None
    await sign_in(client, "zhang.ting")
    form = html(await client.get(f"/leads/{second}/won", headers=EN))
    offered = [o["value"] for o in form.select("#f-won-unit option")]
    assert str(unit) not in offered and str(other) in offered  # a sold car may be chosen
    r = await _post_won(client, second, unit)
    assert r.status_code == 422
    assert html(r).select_one("#f-won-unit-error").get_text(strip=True) == (
        "This car has already been sold to another customer. Choose another."
    )
    assert (await lead_row(second))["status"] == "following"
    assert await CareTask.count().where(CareTask.lead == second) == 0


async def test_a_lead_that_is_not_open_cannot_be_won(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner, status=Lead.Status.lost)
    unit = await car()
    await sign_in(client, "zhang.ting")
    form = html(await client.get(f"/leads/{lead}/won", headers=EN))
    assert form.select_one("#won-form [role=alert]").get_text(strip=True) == (
        "This lead is no longer open: it has already been won or closed."
    )
    assert form.select_one("#won-form form") is None
    r = await _post_won(client, lead, unit)
    assert r.status_code == 422
    assert html(r).select_one("#won-form [role=alert]") is not None
    assert (await lead_row(lead))["status"] == "lost"
    assert await CareTask.count() == 0


async def test_a_colleague_gets_403_and_a_manager_may_win_it(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT})
    await make_staff("chen.jing", {Role.CONSULTANT})
    await make_staff("boss", {Role.MANAGER})
    lead = await make_lead(owner)
    unit = await car()
    await sign_in(client, "chen.jing")
    assert (await client.get(f"/leads/{lead}/won")).status_code == 403
    assert (await _post_won(client, lead, unit)).status_code == 403
    assert (await lead_row(lead))["status"] == "following"
    client.cookies.clear()
    await sign_in(client, "boss")
    assert (await _post_won(client, lead, unit)).status_code == 303
    assert (await lead_row(lead))["status"] == "won"


async def test_two_winners_of_one_car_at_once_the_database_decides(db):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT})
    leads = [await make_lead(owner, name=f"客户{i}") for i in range(2)]
    unit = await car()
    today = dealer_today()
    results = await asyncio.gather(
        *[win(lead, unit, owner, is_manager=False, sold_on=today) for lead in leads]
    )
    assert sorted(r or "" for r in results) == [
        "",
        "This car has already been sold to another customer. Choose another.",
    ]
    won = await Lead.select(Lead.id).where(Lead.won_unit == unit)
    assert len(won) == 1
    assert await CareTask.count() == len(care_plan(today))  # one plan, for the winner only


async def test_one_lead_won_twice_at_once_gets_one_plan(db):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT})
    manager = await make_staff("boss", {Role.MANAGER})
    lead = await make_lead(owner)
    units = [await car(), await car(make="比亚迪", model="秦")]
    today = dealer_today()
    results = await asyncio.gather(
        win(lead, units[0], owner, is_manager=False, sold_on=today),
        win(lead, units[1], manager, is_manager=True, sold_on=today),
    )
    assert sorted(r or "" for r in results) == [
        "",
        "This lead is no longer open: it has already been won or closed.",
    ]
    assert await CareTask.count() == len(care_plan(today))
    assert await LeadEvent.count().where(LeadEvent.kind == "won") == 1
