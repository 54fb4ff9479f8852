"""Who sees and moves which complaint: consultants their own (handled, or on their leads),
managers all; only a manager approves."""

from db.staff.rules import Role
from tests.complaints.helpers import EN, a_complaint, step_of, steps_taken, take
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead


async def test_approving_as_a_consultant_is_forbidden(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    complaint_id = await a_complaint(zhang)
    await sign_in(client, "zhang.ting")
    await take(client, complaint_id, "contacted", note="联系上了")
    await take(client, complaint_id, "proposed", note="送保养")
    r = await take(client, complaint_id, "approved")
    assert r.status_code == 403
    assert (await step_of(complaint_id))["step"] == "proposed"
    assert await steps_taken(complaint_id) == ["recorded", "contacted", "proposed"]


async def test_consultants_see_complaints_they_handle_or_on_their_leads(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    chen = await make_staff("chen.jing", {Role.CONSULTANT}, language="en")
    await make_staff("boss", {Role.MANAGER}, language="en")
    own = await a_complaint(zhang, name="刘女士")
    on_lead = await a_complaint(chen, name="秦先生", lead=await make_lead(zhang, name="秦先生"))
    other = await a_complaint(chen, name="周先生")

    await sign_in(client, "zhang.ting")
    names = [
        a.get_text(strip=True)
        for a in html(await client.get("/complaints", headers=EN)).select(
            ".complaint-row .ac-title"
        )
    ]
    assert sorted(names) == ["刘女士", "秦先生"]
    assert (await client.get(f"/complaints/{on_lead}", headers=EN)).status_code == 200
    assert (await client.get(f"/complaints/{other}", headers=EN)).status_code == 403
    assert (await take(client, other, "contacted", note="x")).status_code == 403
    assert (await step_of(other))["step"] == "recorded"
    assert (await client.get(f"/complaints/{own}", headers=EN)).status_code == 200

    await sign_in(client, "boss")
    rows = html(await client.get("/complaints", headers=EN)).select(".complaint-row")
    assert len(rows) == 3


async def test_a_colleagues_lead_cannot_be_used_for_a_complaint(client):
    chen = await make_staff("chen.jing", {Role.CONSULTANT})
    await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(chen)
    await sign_in(client, "zhang.ting")
    assert (await client.get(f"/complaints/new?lead={lead}", headers=EN)).status_code == 403


async def test_an_appraiser_has_no_complaints_page(client, signed_in):
    await signed_in({Role.APPRAISER})
    assert (await client.get("/complaints")).status_code == 403
