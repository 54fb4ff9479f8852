"""Merging a duplicate lead: it ends merged (kept), its history shows in the other lead."""

from db.audit.tables import AuditEvent
from db.leads.rules import merge_problem
from db.leads.tables import FollowUp, Lead
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


def _lead(id, status="following", owner=1):
    return {"id": id, "status": status, "owner": owner}


def test_merge_rules():
    assert merge_problem(_lead(1), _lead(2), actor_id=1, is_manager=False) is None
    assert merge_problem(None, _lead(2), actor_id=1, is_manager=True) == (
        "There is no lead with that number."
    )
    assert "itself" in merge_problem(_lead(1), _lead(1), actor_id=1, is_manager=True)
    assert "already merged" in merge_problem(
        _lead(1, "merged"), _lead(2), actor_id=1, is_manager=True
    )
    assert "merge into that one" in merge_problem(
        _lead(1), _lead(2, "merged"), actor_id=1, is_manager=True
    )
    assert "won lead" in merge_problem(_lead(1, "won"), _lead(2), actor_id=1, is_manager=True)
    assert "your own" in merge_problem(_lead(1, owner=9), _lead(2), actor_id=1, is_manager=False)
    assert merge_problem(_lead(1, owner=9), _lead(2), actor_id=1, is_manager=True) is None


async def _consultant(client, username="chen.jing", name="陈静") -> int:
    me = await make_staff(username, {Role.CONSULTANT}, display_name=name, language="en")
    await sign_in(client, username)
    return me


async def test_a_duplicate_merges_with_its_history(client):
    me = await _consultant(client)
    keep = await make_lead(me, name="王先生", phone="13912345678")
    dup = await make_lead(me, name="王先生", phone="13612345678")
    await FollowUp.insert(FollowUp(lead=dup, actor=me, channel="wechat", said="发了车辆视频"))
    doc = html(await client.get(f"/leads/{keep}"))
    assert [i["value"] for i in doc.select("#merge input[name=source]")] == [str(dup)]

    token = await csrf_token(client)
    refused = await client.post(
        f"/leads/{keep}/merge", data={"source": str(dup), "_csrf_token": token}, headers=EN
    )
    assert refused.status_code == 422
    assert html(refused).select_one("#f-merge-error").get_text(strip=True) == (
        "Tick that you checked it is the same customer."
    )
    r = await client.post(
        f"/leads/{keep}/merge", data={"source": str(dup), "same": "1", "_csrf_token": token}
    )
    assert r.status_code == 303
    row = await Lead.select(Lead.status, Lead.merged_into).where(Lead.id == dup).first()
    assert row == {"status": "merged", "merged_into": keep}
    doc = html(await client.get(f"/leads/{keep}", headers=EN))
    history = doc.select_one("#history").get_text(" ", strip=True)
    assert "发了车辆视频" in history
    assert f"Lead #{dup} merged into this one" in history
    merged_page = html(await client.get(f"/leads/{dup}", headers=EN))
    assert merged_page.select_one(".merged-note a")["href"] == f"/leads/{keep}"
    assert merged_page.select_one("#merge") is None
    assert merged_page.select_one("#follow-up-form") is None
    late = await client.post(
        f"/leads/{dup}/follow-ups",
        data={"channel": "call", "grade": "B", "next_date": "2099-01-01", "_csrf_token": token},
        headers=EN,
    )
    assert late.status_code == 422
    assert f"merged into lead #{keep}" in late.text
    assert await FollowUp.count() == 1
    assert await AuditEvent.exists().where(AuditEvent.kind == "lead_merged")
    # merged leads leave the list
    listed = html(await client.get("/leads"))
    assert f"/leads/{dup}" not in {a.get("href") for a in listed.select("a")}


async def test_a_consultant_cannot_merge_a_colleagues_lead(client):
    other = await make_staff("wang.lei", {Role.CONSULTANT}, display_name="王磊")
    me = await _consultant(client)
    keep = await make_lead(me)
    theirs = await make_lead(other)
    token = await csrf_token(client)
    r = await client.post(
        f"/leads/{keep}/merge",
        data={"source_other": f"#{theirs}", "same": "1", "_csrf_token": token},
        headers=EN,
    )
    assert r.status_code == 422
    assert html(r).select_one("#f-merge-error").get_text(strip=True) == (
        "You can merge only your own leads."
    )
    assert (await Lead.select(Lead.status).where(Lead.id == theirs).first())["status"] == (
        "following"
    )
    junk = await client.post(
        f"/leads/{keep}/merge",
        data={"source_other": "abc", "same": "1", "_csrf_token": token},
        headers=EN,
    )
    assert junk.status_code == 422
