"""Revealing a masked number: a reason (or a follow-up) first, a daily limit, a record."""

from datetime import UTC, datetime

from db.audit.tables import AuditEvent
from db.leads.reveal import revealed_leads
from db.leads.rules import DAILY_REVEAL_LIMIT
from db.leads.tables import FollowUp, Lead, Reveal
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


async def _chenjing(client) -> int:
    me = await make_staff("chen.jing", {Role.CONSULTANT}, language="en", display_name="陈静")
    await sign_in(client, "chen.jing")
    return me


def _phone(doc, lead: int) -> str:
    return doc.select_one(f"#lead-{lead} .lead-phone").get_text(strip=True)


async def test_a_reason_reveals_the_number_for_the_day(client):
    lead = await make_lead(None, phone="13912345678", pooled_at=datetime.now(UTC))
    me = await _chenjing(client)
    assert _phone(html(await client.get("/leads/pool")), lead) == "139****5678"
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/reveal", data={"reason": "客户来电要回访", "_csrf_token": token}
    )
    assert r.status_code == 303
    doc = html(await client.get("/leads/pool"))
    assert _phone(doc, lead) == "13912345678"
    assert doc.select_one(f"#lead-{lead} .reveal-form") is None
    rows = await Reveal.select(Reveal.actor, Reveal.reason)
    assert rows == [{"actor": me, "reason": "客户来电要回访"}]
    audit = await AuditEvent.select(AuditEvent.subject).where(AuditEvent.kind == "lead_revealed")
    assert audit == [{"subject": f"lead:{lead}"}]
    assert await revealed_leads(me, [lead, lead + 1], datetime.now(UTC)) == {lead}


async def test_no_reason_no_number(client):
    lead = await make_lead(None, phone="13912345678", pooled_at=datetime.now(UTC))
    await _chenjing(client)
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{lead}/reveal", data={"reason": "  ", "_csrf_token": token}, headers=EN
    )
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one(f"#lead-{lead}-error").get_text(strip=True) == (
        "Log a follow-up or give a reason to see the number."
    )
    assert _phone(doc, lead) == "139****5678"
    assert await Reveal.count() == 0


async def test_a_follow_up_logged_today_is_reason_enough(client):
    owner = await make_staff("wang.fang", {Role.CONSULTANT})
    lead = await make_lead(owner, phone="13912345678")
    me = await _chenjing(client)
    await FollowUp.insert(FollowUp(lead=lead, actor=me, channel="call", said="帮同事回电"))
    token = await csrf_token(client)
    r = await client.post(f"/leads/{lead}/reveal", data={"reason": "", "_csrf_token": token})
    assert r.status_code == 303
    assert await Reveal.count() == 1


async def test_reveals_stop_at_the_daily_limit(client):
    now = datetime.now(UTC)
    me = await _chenjing(client)
    leads = [await make_lead(None, pooled_at=now) for _ in range(DAILY_REVEAL_LIMIT + 1)]
    await Reveal.insert(*[Reveal(lead=i, actor=me, reason="回访") for i in leads[:-1]])
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{leads[-1]}/reveal", data={"reason": "回访", "_csrf_token": token}, headers=EN
    )
    assert r.status_code == 422
    assert html(r).select_one(f"#lead-{leads[-1]}-error").get_text(strip=True) == (
        f"You have revealed {DAILY_REVEAL_LIMIT} numbers today, the daily limit."
    )
    assert await Reveal.count() == DAILY_REVEAL_LIMIT


async def test_managers_see_every_reveal_newest_first(client):
    owner = await make_staff("wang.fang", {Role.CONSULTANT}, display_name="王芳")
    me = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    first = await make_lead(owner, name="李先生")
    second = await make_lead(None, name="赵女士", status=Lead.Status.lost)
    await Reveal.insert(Reveal(lead=first, actor=me, reason="同事请假"))
    await Reveal.insert(Reveal(lead=second, actor=me, reason="认领前核实"))
    await make_staff("boss", {Role.MANAGER}, language="en")
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/reveals", headers=EN))
    rows = doc.select(".reveal-row")
    assert [r.select_one(".reveal-reason").get_text(strip=True) for r in rows] == [
        "认领前核实",
        "同事请假",
    ]
    assert "陈静 saw 李先生's number" in rows[1].get_text()
    assert "王芳" in rows[1].get_text()
