"""A manager assigns a lead (also from the pool) to an active consultant; round-robin of
website enquiries skips inactive consultants."""

from datetime import UTC, datetime

from db.audit.tables import AuditEvent
from db.leads.assign import assign
from db.leads.clock import tomorrow
from db.leads.enquiries import next_consultant
from db.leads.tables import Lead, LeadEvent
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import lead_row, make_lead

EN = {"Accept-Language": "en"}
NOW = datetime.now(UTC)


async def _team():
    boss = await make_staff("boss", {Role.MANAGER}, display_name="王经理", language="en")
    zhang = await make_staff("zhang.wei", {Role.CONSULTANT}, display_name="张伟")
    li = await make_staff("li.na", {Role.CONSULTANT}, display_name="李娜")
    gone = await make_staff("old.hand", {Role.CONSULTANT}, display_name="老刘", active=False)
    appraiser = await make_staff("chen.gu", {Role.APPRAISER}, display_name="陈估")
    return boss, zhang, li, gone, appraiser


async def test_a_manager_assigns_a_pool_lead_to_a_consultant(client):
    boss, zhang, li, gone, _ = await _team()
    lead = await make_lead(None, status=Lead.Status.lost, pooled_at=NOW)
    await sign_in(client, "boss")
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    options = [o.get_text(strip=True) for o in page.select("#assign select[name=to] option")]
    assert options == ["—", "张伟", "李娜"]  # active consultants only
    token = await csrf_token(client)
    r = await client.post(f"/leads/{lead}/assign", data={"to": str(li), "_csrf_token": token})
    assert r.status_code == 303
    row = await lead_row(lead)
    assert (row["owner"], row["status"], row["pooled_at"]) == (li, Lead.Status.following, None)
    assert row["next_follow_up"] == tomorrow(datetime.now(UTC))
    event = (
        await LeadEvent.select()
        .where((LeadEvent.lead == lead) & (LeadEvent.kind == "assigned"))
        .output(load_json=True)
        .first()
    )
    assert event["actor"] == boss
    assert (event["detail"]["from"], event["detail"]["to"]) == (None, li)
    assert (event["detail"]["from_name"], event["detail"]["to_name"]) == ("", "李娜")
    audit = await AuditEvent.select().where(AuditEvent.kind == "lead_assigned").first()
    assert (audit["actor"], audit["subject"]) == (boss, f"lead:{lead}")
    # and on from one consultant to another, the date kept
    before = await lead_row(lead)
    r = await client.post(f"/leads/{lead}/assign", data={"to": str(zhang), "_csrf_token": token})
    assert r.status_code == 303
    row = await lead_row(lead)
    assert (row["owner"], row["next_follow_up"]) == (zhang, before["next_follow_up"])
    kinds = (
        await LeadEvent.select(LeadEvent.detail)
        .where(LeadEvent.kind == "assigned")
        .output(load_json=True)
    )
    assert [(k["detail"]["from"], k["detail"]["to"]) for k in kinds] == [(None, li), (li, zhang)]


async def test_refusals_are_explained_beside_the_form(client):
    _, zhang, li, gone, appraiser = await _team()
    lead = await make_lead(zhang)
    merged = await make_lead(zhang, status=Lead.Status.merged, merged_into=lead)
    await sign_in(client, "boss")
    token = await csrf_token(client)

    async def refused(lead_id, to) -> str:
        r = await client.post(
            f"/leads/{lead_id}/assign", data={"to": str(to), "_csrf_token": token}, headers=EN
        )
        assert r.status_code == 422
        return html(r).select_one("#f-assign-error").get_text(strip=True)

    assert (
        await refused(lead, gone) == "老刘's account is switched off: choose an active consultant."
    )
    assert await refused(lead, appraiser) == "Choose a sales consultant from the list."
    assert await refused(lead, "") == "Choose a sales consultant from the list."
    assert await refused(lead, zhang) == "张伟 already has this lead."
    assert await refused(merged, li) == (
        "This lead was merged into another one: assign that one instead."
    )
    assert (await lead_row(lead))["owner"] == zhang
    assert await LeadEvent.count().where(LeadEvent.kind == "assigned") == 0
    assert await AuditEvent.count().where(AuditEvent.kind == "lead_assigned") == 0


async def test_a_consultant_may_not_assign_nor_sees_the_form(client):
    _, zhang, li, _, _ = await _team()
    lead = await make_lead(zhang)
    await sign_in(client, "zhang.wei")
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    assert page.select_one("#assign") is None
    token = await csrf_token(client)
    r = await client.post(f"/leads/{lead}/assign", data={"to": str(li), "_csrf_token": token})
    assert r.status_code == 403
    assert (await lead_row(lead))["owner"] == zhang


async def test_a_claim_between_reading_and_assigning_is_not_overwritten(db):
    boss, zhang, li, _, _ = await _team()
    lead = await make_lead(None, pooled_at=NOW)
    # someone claims it after the manager's form was drawn: the update names the old owner
    await Lead.update({Lead.owner: zhang}).where(Lead.id == lead)
    assert await assign(lead, li, boss, NOW) is None  # read now: zhang → li, fair
    assert (await lead_row(lead))["owner"] == li


async def test_round_robin_skips_inactive_consultants(db):
    await make_staff("a.first", {Role.CONSULTANT}, active=False)  # lowest id, no leads
    second = await make_staff("b.second", {Role.CONSULTANT})
    third = await make_staff("c.third", {Role.CONSULTANT})
    await make_staff("boss", {Role.MANAGER})
    assert await next_consultant() == second
    await make_lead(second, source=Lead.Source.website)
    assert await next_consultant() == third
    await make_lead(third, source=Lead.Source.website)
    assert await next_consultant() == second
