"""A complaint's way through the pages: recorded, contacted, proposed, approved by a
manager, agreed, carried out, followed up, closed with the customer satisfied."""

from db.audit.tables import AuditEvent
from db.complaints.tables import Complaint
from db.staff.rules import Role
from tests.complaints.helpers import EN, step_of, steps_taken, switch_to, take
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead


async def test_the_whole_way_from_a_lead_to_closed(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, display_name="张婷", language="en")
    await make_staff("boss", {Role.MANAGER}, display_name="王建国", language="en")
    lead = await make_lead(zhang, name="刘女士", phone="13912345678")
    await sign_in(client, "zhang.ting")

    lead_page = html(await client.get(f"/leads/{lead}", headers=EN))
    link = lead_page.select_one("a.lead-complaint-link")
    assert link["href"] == f"/complaints/new?lead={lead}"
    form = html(await client.get(link["href"], headers=EN))
    assert form.select_one(".complaint-customer strong").get_text() == "刘女士"
    received = form.select_one("#f-c-received")["value"]
    token = await csrf_token(client)
    r = await client.post(
        "/complaints/new",
        data={
            "lead": str(lead),
            "what": "提车第二天仪表盘故障灯亮",
            "received_at": received,
            "_csrf_token": token,
        },
    )
    assert r.status_code == 303
    complaint_id = int(r.headers["location"].rsplit("/", 1)[1])
    row = await Complaint.select().where(Complaint.id == complaint_id).first()
    assert (row["lead"], row["customer_name"], row["phone"], row["handler"]) == (
        lead,
        "刘女士",
        "13912345678",
        zhang,
    )

    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    buttons = [b["value"] for b in page.select("#complaint-form button[name=action]")]
    assert buttons == ["contacted"]
    assert page.select_one(".complaint-same-day").get_text(strip=True) in {"Call today", "Met"}

    assert (
        await take(client, complaint_id, "contacted", note="已致歉，约明早检测")
    ).status_code == 303
    r = await take(client, complaint_id, "proposed", note="免费更换氧传感器，送一次保养")
    assert r.status_code == 303
    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    assert page.select_one(".complaint-waiting") is not None
    assert page.select("#complaint-form button[name=action]") == []

    await switch_to(client, "boss")
    board = html(await client.get("/manager", headers=EN))
    waiting = board.select("#complaints-waiting li a")
    assert [a.get_text(strip=True) for a in waiting] == ["刘女士"]
    assert (await take(client, complaint_id, "approved")).status_code == 303

    await switch_to(client, "zhang.ting")
    assert (await take(client, complaint_id, "agreed", note="客户同意")).status_code == 303
    assert (await take(client, complaint_id, "done", note="已更换")).status_code == 303
    r = await take(client, complaint_id, "follow_up", answer="satisfied", note="车况正常，满意")
    assert r.status_code == 303
    assert (await take(client, complaint_id, "closed")).status_code == 303

    state = await step_of(complaint_id)
    assert state["step"] == "closed" and state["answer"] == "satisfied"
    assert state["closed_at"] is not None
    assert await steps_taken(complaint_id) == [
        "recorded",
        "contacted",
        "proposed",
        "approved",
        "agreed",
        "done",
        "follow_up",
        "closed",
    ]
    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    rows = page.select(".complaint-step-row")
    assert len(rows) == 8
    assert all(r.select_one(".step-took") for r in rows)
    assert rows[3].get_text(" ", strip=True).count("王建国") == 1  # the manager approved
    assert page.select_one(".complaint-closed") is not None
    kinds = [r["kind"] for r in await AuditEvent.select(AuditEvent.kind).order_by(AuditEvent.id)]
    assert [k for k in kinds if k.startswith("complaint_")] == [
        "complaint_created",
        "complaint_approved",
        "complaint_closed",
    ]


async def test_a_manager_sends_the_proposal_back_with_a_note(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    await make_staff("boss", {Role.MANAGER}, language="en")
    from tests.complaints.helpers import a_complaint

    complaint_id = await a_complaint(zhang)
    await sign_in(client, "zhang.ting")
    await take(client, complaint_id, "contacted", note="联系上了")
    await take(client, complaint_id, "proposed", note="退一半车款")
    await switch_to(client, "boss")
    r = await take(client, complaint_id, "sent_back", note="")
    assert r.status_code == 422
    assert html(r).select_one("#f-step-note-error").get_text(strip=True) == (
        "Say why the proposal goes back."
    )
    r = await take(client, complaint_id, "sent_back", note="太多了，改成送保养")
    assert r.status_code == 303
    assert (await step_of(complaint_id))["step"] == "returned"
    kinds = {r["kind"] for r in await AuditEvent.select(AuditEvent.kind)}
    assert "complaint_sent_back" in kinds
    await switch_to(client, "zhang.ting")
    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    assert [b["value"] for b in page.select("#complaint-form button[name=action]")] == ["proposed"]
    assert "太多了，改成送保养" in page.select_one(".complaint-timeline").get_text()


async def test_a_standalone_complaint_is_recorded_with_name_and_phone(client, signed_in):
    await signed_in({Role.CONSULTANT}, language="en")
    token = await csrf_token(client)
    r = await client.post(
        "/complaints/new",
        data={
            "customer_name": "周先生",
            "phone": "+86 138-2345-6789",
            "what": "答应回电一直没打",
            "received_at": "2026-01-05T10:00",
            "_csrf_token": token,
        },
    )
    assert r.status_code == 303
    row = await Complaint.select(Complaint.lead, Complaint.phone, Complaint.step).first()
    assert row == {"lead": None, "phone": "13823456789", "step": "recorded"}
