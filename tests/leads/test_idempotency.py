"""Retried writes (the phone's outbox, web/static/js/outbox.js): a repeated idempotency key
is the same lead or follow-up, never a second one, and a retried capture answers with its
lead, not with the duplicate-number warning."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from db.audit.tables import AuditEvent
from db.leads import followups
from db.leads.followups import NewFollowUp
from db.leads.tables import FollowUp, Lead, LeadEvent
from tests.conftest import csrf_token, sign_in
from tests.leads.helpers import a_lead, consultant
from tests.public.test_car_page import EN

WALK_IN = {"name": "刘女士", "phone": "139 1234 5678", "source": "walk_in", "grade": "A"}


async def _save(client, fields: dict, key: str | None = None):
    token = await csrf_token(client)
    headers = {**EN, **({"Idempotency-Key": key} if key is not None else {})}
    return await client.post("/leads/new", data={"_csrf_token": token, **fields}, headers=headers)


async def _log(client, lead: int, fields: dict, key: str | None = None):
    token = await csrf_token(client)
    headers = {**EN, **({"Idempotency-Key": key} if key is not None else {})}
    return await client.post(
        f"/leads/{lead}/follow-ups", data={"_csrf_token": token, **fields}, headers=headers
    )


async def test_a_repeated_key_is_the_same_lead_not_the_duplicate_warning(client):
    await consultant()
    await sign_in(client, "zhangting")
    first = await _save(client, WALK_IN, "lead-key-0001")
    assert first.status_code == 303
    again = await _save(client, WALK_IN, "lead-key-0001")
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert await Lead.count() == 1
    assert await LeadEvent.count() == 1
    assert await AuditEvent.count().where(AuditEvent.kind == "lead_created") == 1
    # without the key (or with another) the same number is the duplicate warning, as before
    assert (await _save(client, WALK_IN, "lead-key-0002")).status_code == 422
    assert (await _save(client, WALK_IN)).status_code == 422
    assert await Lead.count() == 1


async def test_the_form_field_carries_the_key_without_javascript(client):
    await consultant()
    await sign_in(client, "zhangting")
    first = await _save(client, {**WALK_IN, "_idem": "lead-form-1"})
    again = await _save(client, {**WALK_IN, "_idem": "lead-form-1"})
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert await Lead.count() == 1


async def test_two_captures_at_once_make_one_lead(client):
    await consultant()
    await sign_in(client, "zhangting")
    token = await csrf_token(client)

    async def post():
        return await client.post(
            "/leads/new",
            data={"_csrf_token": token, **WALK_IN},
            headers={"Idempotency-Key": "lead-same-instant"},
        )

    first, second = await asyncio.gather(post(), post())
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Lead.count() == 1


async def test_two_creates_racing_past_the_lookup_still_make_one(db):
    """Both look the key up before either inserts: the database's unique key decides (or,
    when the other has committed, the number's duplicate check, which finds it)."""
    from db.leads.leads import NewLead, create_lead

    me = await consultant()
    new = NewLead(name="刘女士", phone="13912345678", phone_foreign=False, source="walk_in")
    ids = await asyncio.gather(
        *(create_lead(new, me, date.today(), client_key="racing-lead") for _ in range(3))
    )
    assert len(set(ids)) == 1
    assert await Lead.count() == 1


async def test_a_malformed_key_is_refused(client):
    await consultant()
    await sign_in(client, "zhangting")
    assert (await _save(client, WALK_IN, "not a key")).status_code == 400
    assert (await _save(client, {**WALK_IN, "_idem": "x" * 65})).status_code == 400
    lead = await a_lead(None)
    assert (await _log(client, lead, {"channel": "call", "grade": "B"}, "a/b")).status_code == 400
    assert await Lead.count() == 1 and await FollowUp.count() == 0


async def test_a_colleagues_key_is_a_conflict(client):
    await consultant()
    await consultant("wangfang", "王芳")
    await sign_in(client, "zhangting")
    assert (await _save(client, WALK_IN, "shared-lead-key")).status_code == 303
    client.cookies.clear()
    await sign_in(client, "wangfang")
    other = {**WALK_IN, "phone": "139 8765 4321"}
    assert (await _save(client, other, "shared-lead-key")).status_code == 409
    assert await Lead.count() == 1


async def test_a_repeated_follow_up_is_logged_once(client):
    me = await consultant()
    lead = await a_lead(me, grade="B")
    await sign_in(client, "zhangting")
    soon = (date.today() + timedelta(days=2)).isoformat()
    fields = {"channel": "call", "said": "约周六看车", "grade": "H", "next_date": soon}
    first = await _log(client, lead, fields, "follow-key-1")
    assert first.status_code == 303
    # meanwhile the grade changed again; the retry must not set it back
    await Lead.update({Lead.grade: "A"}).where(Lead.id == lead)
    events_before = await LeadEvent.count()
    again = await _log(client, lead, fields, "follow-key-1")
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"] == f"/leads/{lead}"
    rows = await FollowUp.select(FollowUp.client_key, FollowUp.grade)
    assert rows == [{"client_key": "follow-key-1", "grade": "H"}]
    assert (await Lead.select(Lead.grade).where(Lead.id == lead).first())["grade"] == "A"
    assert await LeadEvent.count() == events_before
    # another key is another follow-up
    assert (await _log(client, lead, fields, "follow-key-2")).status_code == 303
    assert await FollowUp.count() == 2


async def test_follow_ups_at_once_with_one_key_make_one(client):
    me = await consultant()
    lead = await a_lead(me)
    await sign_in(client, "zhangting")
    token = await csrf_token(client)

    async def post():
        return await client.post(
            f"/leads/{lead}/follow-ups",
            data={"_csrf_token": token, "channel": "call", "grade": "B"},
            headers={"Idempotency-Key": "follow-same-instant"},
        )

    first, second = await asyncio.gather(post(), post())
    assert first.status_code == second.status_code == 303
    assert await FollowUp.count() == 1
    entry = NewFollowUp(channel="call", said="", outcome="", grade="B", next_date=date.today())
    made = await asyncio.gather(
        *(followups.log_follow_up(lead, me, entry, client_key="racing-follow") for _ in range(3))
    )
    assert sorted(made) == [False, False, True]
    assert await FollowUp.count() == 2


async def test_a_follow_up_key_from_another_lead_is_a_conflict(client):
    me = await consultant()
    one, two = await a_lead(me), await a_lead(me, phone="13987654321")
    await sign_in(client, "zhangting")
    fields = {"channel": "call", "grade": "B"}
    assert (await _log(client, one, fields, "follow-key-x")).status_code == 303
    assert (await _log(client, two, fields, "follow-key-x")).status_code == 409
    assert await FollowUp.count() == 1
