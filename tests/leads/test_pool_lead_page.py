"""A pool lead's page for any consultant: masked number, revealed after a follow-up (or a
reason), claimable; a colleague's own lead stays closed to them."""

from datetime import UTC, datetime, timedelta

from db.leads.tables import Reveal
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


async def test_a_follow_up_then_the_number(client):
    lead = await make_lead(None, phone="13912345678", pooled_at=datetime.now(UTC))
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静", language="en")
    await sign_in(client, "chen.jing")
    doc = html(await client.get(f"/leads/{lead}"))
    assert doc.select_one(".phone-masked").get_text(strip=True) == "139****5678"
    assert doc.select_one(".call-link") is None
    assert doc.select_one(".lead-claim button") is not None
    token = await csrf_token(client)
    refused = await client.post(
        f"/leads/{lead}/reveal",
        data={"reason": "", "next": f"/leads/{lead}", "_csrf_token": token},
        headers=EN,
    )
    assert refused.status_code == 422
    assert html(refused).select_one("#f-reveal-error").get_text(strip=True) == (
        "Log a follow-up or give a reason to see the number."
    )
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    r = await client.post(
        f"/leads/{lead}/follow-ups",
        data={"channel": "wechat", "grade": "A", "next_date": tomorrow, "_csrf_token": token},
    )
    assert r.status_code == 303
    r = await client.post(
        f"/leads/{lead}/reveal",
        data={"reason": "", "next": f"/leads/{lead}", "_csrf_token": token},
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/leads/{lead}#lead-{lead}"
    doc = html(await client.get(f"/leads/{lead}"))
    assert "13912345678" in doc.select_one(".call-link").get_text()
    assert [r["reason"] for r in await Reveal.select(Reveal.reason)] == ["follow-up logged"]


async def test_a_colleagues_lead_is_not_open_to_me(client):
    other = await make_staff("wang.lei", {Role.CONSULTANT}, display_name="王磊")
    lead = await make_lead(other)
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    assert (await client.get(f"/leads/{lead}")).status_code == 403
