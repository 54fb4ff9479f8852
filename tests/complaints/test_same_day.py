"""The same-day contact goal, on the dealership's calendar: flagged on the list when a
complaint was not contacted on the day it came in."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.complaints import complaints as store
from db.complaints.tables import Complaint
from db.settings import settings
from db.staff.rules import Role
from tests.complaints.helpers import EN
from tests.conftest import html, make_staff, sign_in


def _yesterday_noon() -> datetime:
    zone = ZoneInfo(settings().timezone)
    day = datetime.now(zone).date() - timedelta(days=1)
    return datetime.combine(day, time(12, 0), zone).astimezone(UTC)


async def _complaint(handler: int, name: str, received: datetime) -> int:
    return await store.record(
        store.NewComplaint(
            customer_name=name, phone="13912345678", what="态度差", received_at=received
        ),
        handler,
    )


async def test_not_contacted_since_yesterday_is_flagged(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    late = await _complaint(zhang, "周先生", _yesterday_noon())
    fresh = await _complaint(zhang, "吴女士", datetime.now(UTC) - timedelta(minutes=1))
    await sign_in(client, "zhang.ting")
    doc = html(await client.get("/complaints", headers=EN))
    assert doc.select_one(f"#complaint-{late} .complaint-late").get_text(strip=True) == (
        "Not contacted the same day"
    )
    assert doc.select_one(f"#complaint-{fresh} .complaint-late") is None
    # the oldest open complaint comes first
    assert [li["id"] for li in doc.select(".complaint-row")][0] == f"complaint-{late}"


async def test_contacted_the_next_day_stays_flagged_as_late(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    late = await _complaint(zhang, "周先生", _yesterday_noon())
    await store.advance(late, "contacted", zhang, seen_step="recorded", note="今天才回电")
    await sign_in(client, "zhang.ting")
    doc = html(await client.get("/complaints", headers=EN))
    assert doc.select_one(f"#complaint-{late} .complaint-late").get_text(strip=True) == (
        "Contacted late"
    )
    page = html(await client.get(f"/complaints/{late}", headers=EN))
    assert page.select_one(".complaint-same-day").get_text(strip=True) == "Missed"


async def test_contacted_the_same_day_meets_the_goal(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    received = _yesterday_noon()
    complaint_id = await _complaint(zhang, "刘女士", received)
    await store.advance(complaint_id, "contacted", zhang, seen_step="recorded", note="已回电")
    # as if the call was logged an hour after the complaint, on the same day
    await Complaint.update({Complaint.contacted_at: received + timedelta(hours=1)}).where(
        Complaint.id == complaint_id
    )
    await sign_in(client, "zhang.ting")
    doc = html(await client.get("/complaints", headers=EN))
    assert doc.select_one(f"#complaint-{complaint_id} .complaint-late") is None
    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    assert page.select_one(".complaint-same-day").get_text(strip=True) == "Met"
