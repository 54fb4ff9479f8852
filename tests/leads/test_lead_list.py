"""The Leads tab lists the website's enquiries for the consultants, newest first."""

from datetime import UTC, datetime, timedelta

from db.leads.tables import Enquiry
from db.staff.rules import Role
from tests.conftest import html
from tests.public.test_car_page import EN, en, listed_car
from tests.public.test_enquiry import GOOD, _send


async def test_a_website_enquiry_is_on_the_assigned_consultants_list(client, signed_in):
    """Enquiries become leads when they arrive (older, lead-less enquiries are not listed:
    only new ones were made into leads)."""
    older_car = await listed_car(model="卡罗拉")
    car = await listed_car()
    await Enquiry.insert(
        Enquiry(
            unit=older_car,
            name="李女士",
            phone="13900001111",
            message="",
            contact_time="morning",
            consent=True,
            created_at=datetime.now(UTC) - timedelta(hours=3),
        )
    )
    await signed_in({Role.CONSULTANT}, language="en")
    _, sent = await _send(client, car, GOOD)
    assert sent.status_code == 200
    doc = html(await client.get("/leads", headers=EN))
    rows = doc.select("#lead-list .lead-row")
    assert [r.select_one(".ac-title").get_text(strip=True) for r in rows] == ["王先生"]
    row = rows[0]
    assert row.select_one(".lead-source").get_text(strip=True) == en("Website enquiry")
    assert row.select_one(".lead-interest").get_text(strip=True) == "丰田 凯美瑞 2.0G 豪华版"
    assert row.select_one(".lead-phone").get_text(strip=True) == "13812345678"  # own lead
    assert row.select_one(".grade").get_text(strip=True) == "B"


async def test_the_list_is_for_consultants_and_managers(client, signed_in):
    await signed_in({Role.APPRAISER}, username="appraiser1")
    assert (await client.get("/leads")).status_code == 403


async def test_with_no_enquiries_the_list_says_so(client, signed_in):
    await signed_in({Role.CONSULTANT})
    doc = html(await client.get("/leads", headers=EN))
    assert doc.select_one("#lead-list .empty-title") is not None
    assert doc.select(".enquiry-card") == []
