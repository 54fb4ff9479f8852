"""The nightly release to the pool, and claiming from it."""

from datetime import UTC, datetime, timedelta

from db.leads.clock import local_today
from db.leads.pool import claim, release_to_pool
from db.leads.rules import DAILY_CLAIM_LIMIT, DORMANT_AFTER_DAYS
from db.leads.tables import Lead, LeadEvent
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import lead_row, make_lead

EN = {"Accept-Language": "en"}
NOW = datetime.now(UTC)
TODAY = local_today(NOW)

# (what the lead looks like, the reason it is pooled for, or None if it stays)
CASES = [
    ({"status": Lead.Status.lost}, "lost"),
    ({"status": Lead.Status.lost_pending}, None),
    ({"last_activity_at": NOW - timedelta(days=DORMANT_AFTER_DAYS + 1)}, "dormant"),
    ({"last_activity_at": NOW - timedelta(days=DORMANT_AFTER_DAYS - 1)}, None),
    ({"next_follow_up": TODAY - timedelta(days=4)}, "overdue"),
    ({"next_follow_up": TODAY - timedelta(days=3)}, None),  # within the grace days
    ({"next_follow_up": TODAY}, None),
    ({"status": Lead.Status.won, "next_follow_up": TODAY - timedelta(days=10)}, None),
    ({"status": Lead.Status.new, "next_follow_up": TODAY - timedelta(days=5)}, "overdue"),
]


async def test_the_batch_moves_exactly_the_right_leads_and_is_idempotent(db):
    owner = await make_staff("zhang.wei", {Role.CONSULTANT})
    ids = [await make_lead(owner, **fields) for fields, _ in CASES]
    counts = await release_to_pool(NOW)
    assert counts == {"lost": 1, "dormant": 1, "overdue": 2}
    for lead_id, (fields, reason) in zip(ids, CASES, strict=True):
        row = await lead_row(lead_id)
        events = (
            await LeadEvent.select(LeadEvent.kind, LeadEvent.detail)
            .where(LeadEvent.lead == lead_id)
            .output(load_json=True)
        )
        if reason is None:
            assert row["owner"] == owner, fields
            assert row["pooled_at"] is None and events == [], fields
        else:
            assert row["owner"] is None, fields
            assert row["pooled_at"] is not None, fields
            assert events == [{"kind": "pooled", "detail": {"reason": reason}}], fields
    assert (await lead_row(ids[2]))["status"] == Lead.Status.dormant
    assert await release_to_pool(NOW) == {"lost": 0, "dormant": 0, "overdue": 0}
    assert await LeadEvent.count() == 4


async def _consultant(client, username: str) -> int:
    staff_id = await make_staff(username, {Role.CONSULTANT}, language="en", display_name=username)
    client.cookies.clear()
    await sign_in(client, username)
    return staff_id


async def test_a_claim_makes_the_lead_yours_for_tomorrow(client):
    lead = await make_lead(None, status=Lead.Status.lost, pooled_at=NOW)
    me = await _consultant(client, "chen.jing")
    doc = html(await client.get("/leads/pool", headers=EN))
    card = doc.select_one(f"#lead-{lead}")
    assert card.select_one(".lead-phone").get_text(strip=True).count("*") == 4
    token = await csrf_token(client)
    r = await client.post(f"/leads/{lead}/claim", data={"_csrf_token": token})
    assert r.status_code == 303
    row = await lead_row(lead)
    assert (row["owner"], row["status"]) == (me, Lead.Status.following)
    assert row["next_follow_up"] == TODAY + timedelta(days=1)
    kinds = [r["kind"] for r in await LeadEvent.select(LeadEvent.kind)]
    assert kinds == ["claimed"]
    assert html(await client.get("/leads/pool")).select_one(f"#lead-{lead}") is None


async def test_the_second_claim_is_refused_and_names_the_winner(client):
    lead = await make_lead(None, pooled_at=NOW)
    await _consultant(client, "wang.fang")
    token = await csrf_token(client)
    assert (await client.post(f"/leads/{lead}/claim", data={"_csrf_token": token})).is_redirect
    await _consultant(client, "chen.jing")
    token = await csrf_token(client)
    r = await client.post(f"/leads/{lead}/claim", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 409
    doc = html(r)
    assert doc.select_one(f"#lead-{lead}") is None  # no longer in the pool
    assert doc.select_one("#pool-error").get_text(strip=True) == (
        "wang.fang has already claimed this lead."
    )
    assert await LeadEvent.count().where(LeadEvent.kind == "claimed") == 1


async def test_claims_stop_at_the_daily_limit(client):
    leads = [await make_lead(None, pooled_at=NOW) for _ in range(DAILY_CLAIM_LIMIT + 1)]
    me = await _consultant(client, "chen.jing")
    token = await csrf_token(client)
    for lead in leads[:-1]:
        r = await client.post(f"/leads/{lead}/claim", data={"_csrf_token": token})
        assert r.status_code == 303
    r = await client.post(f"/leads/{leads[-1]}/claim", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 409
    error = html(r).select_one("#pool-error").get_text(strip=True)
    assert error == f"You have claimed {DAILY_CLAIM_LIMIT} leads today, the daily limit."
    assert (await lead_row(leads[-1]))["owner"] is None
    assert (await lead_row(leads[0]))["owner"] == me


async def test_claim_decided_by_the_database(db):
    a = await make_staff("wang.fang", {Role.CONSULTANT}, display_name="王芳")
    b = await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    lead = await make_lead(None, pooled_at=NOW)
    first, second = await claim(lead, a, NOW), await claim(lead, b, NOW)
    assert first.ok and not second.ok
    assert second.holder == "王芳"
