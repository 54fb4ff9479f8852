"""The Leads tab lists the website's enquiries for the consultants, newest first."""

from datetime import UTC, datetime, timedelta

from db.leads.tables import Enquiry
from db.staff.rules import Role
from tests.conftest import html
from tests.public.test_car_page import EN, en, listed_car
from tests.public.test_enquiry import GOOD, _send


async def test_consultants_see_website_enquiries_newest_first(client, signed_in):
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
    _, sent = await _send(client, car, GOOD)
    assert sent.status_code == 200
    await signed_in({Role.CONSULTANT}, language="en")
    doc = html(await client.get("/leads", headers=EN))
    cards = doc.select("#lead-list .enquiry-card")
    assert [c.select_one(".ac-title").get_text(strip=True) for c in cards] == ["王先生", "李女士"]
    newest = cards[0]
    link = newest.select_one("a.enquiry-car")
    assert link["href"] == f"/inventory/{car}"
    assert link.get_text(strip=True) == "丰田 凯美瑞 2.0G 豪华版"
    call = newest.select_one("a.enquiry-call")
    assert call.get_text(strip=True) == "138****5678"  # masked on screen
    assert call["href"] == "tel:13812345678"  # whole only for the tap to call
    assert "13812345678" not in newest.get_text()
    assert newest.select_one(".enquiry-message").get_text(strip=True) == GOOD["message"]
    assert en("Evening (18:00–21:00)") in newest.select_one(".ac-meta").get_text()
    assert newest.select_one(".badge").get_text(strip=True) in (
        en("just now"),
        en("{n} min ago").format(n=1),
    )
    assert cards[1].select_one(".badge").get_text(strip=True) == en("{n} h ago").format(n=3)


async def test_the_list_is_for_consultants_and_managers(client, signed_in):
    await signed_in({Role.APPRAISER}, username="appraiser1")
    assert (await client.get("/leads")).status_code == 403


async def test_with_no_enquiries_the_list_says_so(client, signed_in):
    await signed_in({Role.CONSULTANT})
    doc = html(await client.get("/leads", headers=EN))
    assert doc.select_one("#lead-list .empty-title") is not None
    assert doc.select(".enquiry-card") == []
