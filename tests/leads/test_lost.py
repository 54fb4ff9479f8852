"""Closing a lead lost: the owner asks with a reason, a manager approves or sends it back."""

from db.audit.tables import AuditEvent
from db.leads.tables import Lead, LeadEvent
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import lead_row, make_lead

EN = {"Accept-Language": "en"}


async def _events(lead_id: int) -> list[str]:
    rows = await LeadEvent.select(LeadEvent.kind).where(LeadEvent.lead == lead_id)
    return [r["kind"] for r in rows]


async def test_owner_asks_and_manager_approves(client):
    owner = await make_staff("zhang.wei", {Role.CONSULTANT}, language="en")
    await make_staff("boss", {Role.MANAGER}, language="en")
    lead = await make_lead(owner)
    await sign_in(client, "zhang.wei")
    form = html(await client.get(f"/leads/{lead}/lost", headers=EN))
    assert form.select_one("select[name=reason]") is not None
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/lost",
        data={"reason": "price", "note": "wants 2万 less", "_csrf_token": token},
    )
    assert r.status_code == 303
    row = await lead_row(lead)
    assert (row["status"], row["lost_reason"]) == (Lead.Status.lost_pending, "price")
    assert await _events(lead) == ["lost_asked"]

    await client.post("/logout", data={"_csrf_token": token})
    client.cookies.clear()
    await sign_in(client, "boss")
    doc = html(await client.get("/leads/lost", headers=EN))
    assert [a.get_text(strip=True) for a in doc.select(".lost-request .ac-title")] == ["王先生"]
    today = html(await client.get("/today", headers=EN))
    assert today.select_one("#lost-requests .count").get_text(strip=True) == "1"
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/lost/decide", data={"decision": "approve", "_csrf_token": token}
    )
    assert r.status_code == 303
    assert (await lead_row(lead))["status"] == Lead.Status.lost
    assert await _events(lead) == ["lost_asked", "lost_approved"]
    kinds = {r["kind"] for r in await AuditEvent.select(AuditEvent.kind)}
    assert {"lead_lost_asked", "lead_lost_approved"} <= kinds


async def test_empty_reason_is_refused_with_the_note_kept(client):
    owner = await make_staff("zhang.wei", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner)
    await sign_in(client, "zhang.wei")
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/lost",
        data={"reason": "", "note": "不想买了", "_csrf_token": token},
        headers=EN,
    )
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-lost-reason-error").get_text(strip=True) == (
        "Choose why the lead is lost."
    )
    assert doc.select_one("#f-lost-note").get_text() == "不想买了"
    assert (await lead_row(lead))["status"] == Lead.Status.following
    assert await _events(lead) == []


async def test_a_colleague_cannot_ask_for_someone_elses_lead(client, signed_in):
    other = await make_staff("li.na", {Role.CONSULTANT})
    lead = await make_lead(other)
    await signed_in({Role.CONSULTANT}, language="en")
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/lost", data={"reason": "price", "_csrf_token": token}, headers=EN
    )
    assert r.status_code == 422
    assert (await lead_row(lead))["status"] == Lead.Status.following


async def test_manager_sends_back_with_a_note(client, signed_in):
    owner = await make_staff("zhang.wei", {Role.CONSULTANT})
    lead = await make_lead(owner, status=Lead.Status.lost_pending, lost_reason="price")
    await signed_in({Role.MANAGER}, language="en")
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/lost/decide",
        data={"decision": "return", "note": "", "_csrf_token": token},
        headers=EN,
    )
    assert r.status_code == 422  # a note is needed to send it back
    r = await client.post(
        f"/leads/{lead}/lost/decide",
        data={"decision": "return", "note": "再试一次", "_csrf_token": token},
    )
    assert r.status_code == 303
    assert (await lead_row(lead))["status"] == Lead.Status.following
    assert await _events(lead) == ["lost_returned"]


async def test_consultants_cannot_open_the_manager_pages(client, signed_in):
    await signed_in({Role.CONSULTANT})
    assert (await client.get("/leads/lost")).status_code == 403
    assert (await client.get("/manager/reveals")).status_code == 403
    token = await csrf_token(client)
    lead = await make_lead(None, status=Lead.Status.lost_pending)
    r = await client.post(
        f"/leads/{lead}/lost/decide", data={"decision": "approve", "_csrf_token": token}
    )
    assert r.status_code == 403
