"""A trade-in: the appraiser passes the car's owner to sales; a lead appears, assigned."""

from db.leads.tables import Lead, LeadEvent
from db.staff.rules import Role
from tests.appraisals.conftest import start_sheet
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


async def _sheet(client, **fields):
    await make_staff("li.ming", {Role.APPRAISER}, display_name="李明", language="en")
    await sign_in(client, "li.ming")
    sheet = await start_sheet(client)
    for name, value in fields.items():
        assert (await sheet.save(name, value)).status_code == 200
    return sheet


async def test_the_owner_becomes_a_lead_for_a_consultant(client):
    consultant = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    sheet = await _sheet(
        client, owner_name="周先生", owner_phone="139 2222 3333", make="大众", model="朗逸"
    )
    page = html(await client.get(sheet.url, headers=EN))
    assert page.select_one("#trade-in button") is not None

    answer = await sheet.post("/trade-in")
    assert answer.status_code == 200
    done = html(answer).select_one("#trade-in .trade-in-done")
    assert "陈静" in done.get_text()
    lead = await Lead.select().where(Lead.appraisal == sheet.id).first()
    assert lead["source"] == "trade_in"
    assert (lead["name"], lead["phone"], lead["owner"]) == ("周先生", "13922223333", consultant)
    kinds = await LeadEvent.select(LeadEvent.kind).where(LeadEvent.lead == lead["id"])
    assert sorted(k["kind"] for k in kinds) == ["assigned", "created"]

    # a second tap (or a retry) does not make a second lead
    again = await sheet.post("/trade-in")
    assert again.status_code == 200
    assert await Lead.count() == 1
    # the page, loaded again, says where the owner went
    page = html(await client.get(sheet.url, headers=EN))
    assert f"#{lead['id']}" in page.select_one("#trade-in .trade-in-done").get_text()
    assert page.select_one("#trade-in a") is None  # an appraiser cannot open leads


async def test_an_owner_with_an_open_lead_gets_the_trade_in_added(client):
    consultant = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    existing = await make_lead(consultant, name="周先生", phone="13922223333")
    sheet = await _sheet(client, owner_name="周先生", owner_phone="13922223333")
    assert (await sheet.post("/trade-in")).status_code == 200
    assert await Lead.count() == 1
    row = await Lead.select(Lead.appraisal).where(Lead.id == existing).first()
    assert row["appraisal"] == sheet.id
    assert await LeadEvent.exists().where(
        (LeadEvent.lead == existing) & (LeadEvent.kind == "trade_in")
    )


async def test_no_phone_no_lead(client):
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    sheet = await _sheet(client, owner_name="周先生")
    answer = await sheet.post("/trade-in")
    assert answer.status_code == 422
    assert html(answer).select_one("#trade-in [role=alert]").get_text(strip=True) == (
        "Enter the owner's mainland mobile number first, then pass them on."
    )
    assert await Lead.count() == 0


async def test_the_plate_is_masked_like_the_number(client):
    owner = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    sheet = await _sheet(client, owner_name="周先生", owner_phone="13922223333", plate="粤B12345")
    await sheet.post("/trade-in")
    lead = await Lead.select(Lead.id).where(Lead.appraisal == sheet.id).first()
    await Lead.update({Lead.owner: None}).where(Lead.id == lead["id"])  # now in the pool
    await make_staff("wang.lei", {Role.CONSULTANT}, display_name="王磊", language="en")
    await sign_in(client, "wang.lei")
    doc = html(await client.get(f"/leads/{lead['id']}"))
    assert "粤B***45" in doc.select_one(".lead-trade-in").get_text()
    assert "12345" not in doc.select_one(".lead-trade-in").get_text()
    assert owner
