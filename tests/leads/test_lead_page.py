"""The lead page: for its owner and managers only; the number to tap logs a call attempt;
the list shows a colleague's numbers masked, overdue follow-ups first and red."""

from __future__ import annotations

import httpx

from db.leads.tables import FollowUp, Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.leads.helpers import a_lead, consultant
from tests.public.test_car_page import EN


async def test_the_owner_sees_facts_number_and_history(client):
    me = await consultant()
    lead = await a_lead(me, note="客户周六带家人来试驾")
    await sign_in(client, "zhangting")
    doc = html(await client.get(f"/leads/{lead}", headers=EN))
    assert doc.select_one(".page-title").get_text(" ", strip=True).startswith("王先生")
    assert doc.select_one("a.call-link")["href"] == f"/leads/{lead}/call"
    assert "13812345678" in doc.select_one("a.call-link").get_text()
    assert doc.select_one(".lead-note").get_text(strip=True) == "客户周六带家人来试驾"
    assert doc.select_one("#follow-up-form input[name=grade][checked]")["value"] == "B"


def _keep_tel_redirects(monkeypatch) -> None:
    """httpx cannot build a next request for `Location: tel:…` (browsers hand it to the
    dialer), so the test client leaves such a redirect alone."""
    original = httpx._client.BaseClient._build_redirect_request

    def build(self, request, response):
        if response.headers.get("location", "").startswith("tel:"):
            return None
        return original(self, request, response)

    monkeypatch.setattr(httpx._client.BaseClient, "_build_redirect_request", build)


async def test_tapping_the_number_logs_a_call_attempt_and_dials(client, monkeypatch):
    _keep_tel_redirects(monkeypatch)
    me = await consultant()
    lead = await a_lead(me)
    await sign_in(client, "zhangting")
    response = await client.get(f"/leads/{lead}/call", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "tel:13812345678"
    rows = await FollowUp.select(FollowUp.channel, FollowUp.actor).where(FollowUp.lead == lead)
    assert rows == [{"channel": "call_attempt", "actor": me}]
    # an attempt is not a contact
    assert (await Lead.select(Lead.first_contact_at).first())["first_contact_at"] is None


async def test_another_consultant_is_refused(client, monkeypatch):
    _keep_tel_redirects(monkeypatch)
    lead = await a_lead(await consultant("chenjing", "陈静"))
    await consultant()
    await sign_in(client, "zhangting")
    assert (await client.get(f"/leads/{lead}")).status_code == 403
    assert (await client.get(f"/leads/{lead}/call")).status_code == 403
    assert await FollowUp.count() == 0


async def test_appraisers_cannot_open_a_lead(client, signed_in):
    lead = await a_lead(await consultant())
    await signed_in({Role.APPRAISER}, username="appraiser1")
    assert (await client.get(f"/leads/{lead}")).status_code == 403


async def test_a_manager_sees_everyones_leads_with_numbers(client):
    lead = await a_lead(await consultant())
    await make_staff("boss", {Role.MANAGER}, display_name="王经理")
    await sign_in(client, "boss")
    doc = html(await client.get("/leads", headers=EN))
    row = doc.select_one(".lead-row")
    assert row.select_one(".lead-phone").get_text(strip=True) == "13812345678"
    assert row.select_one(".lead-owner").get_text(strip=True) == "张婷"
    assert (await client.get(f"/leads/{lead}")).status_code == 200


async def test_the_list_shows_own_leads_overdue_first(client, sql_log):
    me = await consultant()
    other = await consultant("chenjing", "陈静")
    await a_lead(me, name="later", phone="13800000001", days=5)
    await a_lead(me, name="overdue", phone="13800000002", days=-2, grade="H")
    await a_lead(other, name="not mine", phone="13800000003", days=0)
    await sign_in(client, "zhangting")
    sql_log.clear()
    doc = html(await client.get("/leads", headers=EN))
    queries = len(sql_log)
    rows = doc.select("#lead-list .lead-row")
    assert [r.select_one(".ac-title").get_text(strip=True) for r in rows] == ["overdue", "later"]
    assert "overdue" in rows[0].select_one(".lead-next")["class"]
    assert "overdue" not in rows[1].select_one(".lead-next")["class"]
    # more leads, same number of queries
    for n in range(5):
        await a_lead(me, name=f"more{n}", phone=f"1390000000{n}", days=n)
    sql_log.clear()
    await client.get("/leads", headers=EN)
    assert len(sql_log) == queries
    filtered = html(await client.get("/leads", params={"grade": "H"}, headers=EN))
    assert [
        r.select_one(".ac-title").get_text(strip=True) for r in filtered.select(".lead-row")
    ] == ["overdue"]


async def test_numbers_a_consultant_may_not_see_are_masked_in_the_query_layer(db):
    from db.leads.leads import lead_list

    owner = await consultant()
    other = await consultant("chenjing", "陈静")
    await a_lead(owner)
    manager_view = await lead_list(other, is_manager=True)
    assert manager_view[0]["phone"] == "13812345678"
    # a colleague's row (as a manager filter would give to a non-owner) carries no number
    from db.leads.leads import _shown

    row = _shown(
        {
            **manager_view[0],
            "phone": "13812345678",
            "car_make": None,
            "car_model": None,
            "car_trim": None,
        },
        other,
        False,
    )
    assert row["phone"] is None and row["phone_masked"] == "138****5678"
