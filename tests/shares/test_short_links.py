"""A consultant's short link: made once per car, counted when opened, and an enquiry sent
after arriving by it is the consultant's lead."""

import re

from db.leads.tables import Enquiry, Lead, LeadEvent
from db.shares.funnel import STAGES, tally
from db.shares.tables import Share, ShareVisit
from db.staff.rules import Role
from db.stock.tables import Listing
from tests.conftest import html, make_staff, sign_in
from tests.public.test_car_page import listed_car
from tests.public.test_enquiry import GOOD, _send

EN = {"Accept-Language": "en"}


async def _link(client, unit: int) -> str:
    from tests.conftest import csrf_token

    token = await csrf_token(client)
    r = await client.post(f"/inventory/{unit}/share", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/inventory/{unit}/share"
    kit = await client.get(r.headers["location"], headers=EN)
    url = html(kit).select_one("#kit-link")["value"]
    return re.search(r"/s/([a-z0-9]+)$", url)[1]


async def test_a_visit_by_the_link_credits_the_enquiry_to_the_consultant(client):
    unit = await listed_car()
    await make_staff("wang.lei", {Role.CONSULTANT}, display_name="王磊")  # first in turn
    me = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    code = await _link(client, unit)
    assert await _link(client, unit) == code  # the same link each time
    assert await Share.count() == 1

    client.cookies.clear()  # the visitor, on another phone
    r = await client.get(f"/s/{code}")
    assert r.status_code == 302
    slug = (await Listing.select(Listing.slug).first())["slug"]
    assert r.headers["location"].startswith(f"/stock/{unit}/")
    assert slug
    assert await ShareVisit.count() == 1
    _, answer = await _send(client, unit, GOOD)
    assert answer.status_code == 200
    lead = await Lead.select(Lead.owner, Lead.source).first()
    assert lead == {"owner": me, "source": "shared_link"}
    enquiry = await Enquiry.select(Enquiry.share_code, Enquiry.source).first()
    assert enquiry == {"share_code": code, "source": "shared_link"}
    how = (
        await LeadEvent.select(LeadEvent.detail)
        .where(LeadEvent.kind == "assigned")
        .output(load_json=True)
    )
    assert how[0]["detail"]["how"] == "share"

    # the funnel: one link, one visit, one enquiry, one lead, no sale yet
    await sign_in(client, "chen.jing")
    doc = html(await client.get("/shares?days=7", headers={"Accept-Language": "en"}))
    row = doc.select_one(f"#funnel-people tr[data-id='{me}']")
    counts = [row.select_one(f".n-{k}").get_text() for k in STAGES]
    assert counts == ["1", "1", "1", "1", "0"]
    car = doc.select_one(f"#funnel-cars tr[data-id='{unit}']")
    assert [car.select_one(f".n-{k}").get_text() for k in STAGES] == ["1", "1", "1", "1", "0"]


async def test_without_a_link_it_is_round_robin(client):
    unit = await listed_car()
    first = await make_staff("wang.lei", {Role.CONSULTANT}, display_name="王磊")
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    _, answer = await _send(client, unit, GOOD)
    assert answer.status_code == 200
    assert await Lead.select(Lead.owner, Lead.source).first() == {
        "owner": first,
        "source": "website",
    }


async def test_an_unknown_code_is_a_friendly_404(client):
    for code in ("zzzzzzzz", "nope", "../../etc"):
        r = await client.get(f"/s/{code}", headers={"Accept-Language": "en"})
        assert r.status_code == 404
    assert await ShareVisit.count() == 0


async def test_a_car_not_on_sale_cannot_be_shared(client):
    unit = await listed_car()
    await Listing.update({Listing.status: "sold"}).where(Listing.unit == unit)
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    from tests.conftest import csrf_token

    token = await csrf_token(client)
    r = await client.post(f"/inventory/{unit}/share", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 409
    assert html(r).select_one("[role=alert]").get_text(strip=True) == (
        "Only a car on sale can be shared."
    )
    assert await Share.count() == 0
    # nor does the kit offer anything to send
    kit = html(await client.get(f"/inventory/{unit}/share", headers=EN))
    alert = kit.select_one("[role=alert]").get_text(strip=True)
    assert alert == "Only a car on sale can be shared."
    assert not kit.select("#kit-tiles, #kit-link, form[action$='/share']")


def test_tally_credits_only_leads_given_to_the_links_consultant():
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    since = now - timedelta(days=30)
    shares = [
        {"id": 1, "code": "aaaa2222", "unit": 10, "consultant": 5, "created_at": now},
        {
            "id": 2,
            "code": "bbbb3333",
            "unit": 10,
            "consultant": 6,
            "created_at": since - timedelta(days=1),
        },
    ]
    visits = [{"share": 1}, {"share": 1}, {"share": 2}]
    enquiries = [
        {"share_code": "aaaa2222", "lead_owner": 5, "lead_status": "won"},
        {"share_code": "bbbb3333", "lead_owner": 9, "lead_status": "following"},  # reassigned
        {"share_code": "unknown1", "lead_owner": 5, "lead_status": "won"},
    ]
    people, cars = tally(shares, visits, enquiries, since)
    assert people[5] == {"shares": 1, "visits": 2, "enquiries": 1, "leads": 1, "sales": 1}
    assert people[6] == {"shares": 0, "visits": 1, "enquiries": 1, "leads": 0, "sales": 0}
    assert cars[10] == {"shares": 1, "visits": 3, "enquiries": 2, "leads": 1, "sales": 1}
