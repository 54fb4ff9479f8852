"""Two people moving the same complaint at once: the database decides, the loser is told."""

import asyncio

import pytest

from db.complaints import complaints as store
from db.staff.rules import Role
from tests.complaints.helpers import EN, a_complaint, steps_taken, take
from tests.conftest import html, make_staff, sign_in


async def test_two_contacts_at_once_make_one_step(db):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT})
    boss = await make_staff("boss", {Role.MANAGER})
    complaint_id = await a_complaint(zhang)
    results = await asyncio.gather(
        store.advance(complaint_id, "contacted", zhang, seen_step="recorded", note="我打的"),
        store.advance(complaint_id, "contacted", boss, seen_step="recorded", note="我也打了"),
        return_exceptions=True,
    )
    lost = [r for r in results if isinstance(r, store.StepTaken)]
    assert len(lost) == 1 and lost[0].step == "contacted"
    assert await steps_taken(complaint_id) == ["recorded", "contacted"]


async def test_an_approval_cannot_follow_a_send_back_made_meanwhile(db):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT})
    boss = await make_staff("boss", {Role.MANAGER})
    complaint_id = await a_complaint(zhang)
    await store.advance(complaint_id, "contacted", zhang, seen_step="recorded", note="x")
    await store.advance(complaint_id, "proposed", zhang, seen_step="contacted", note="送保养")
    await store.advance(complaint_id, "sent_back", boss, seen_step="proposed", note="不行")
    with pytest.raises(store.StepTaken) as taken:
        await store.advance(complaint_id, "approved", boss, seen_step="proposed")
    assert taken.value.step == "returned"


async def test_a_stale_page_gets_a_clear_message(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    complaint_id = await a_complaint(zhang)
    await store.advance(complaint_id, "contacted", zhang, seen_step="recorded", note="先打了")
    await sign_in(client, "zhang.ting")
    # the form was made while the complaint was still "recorded"
    r = await take(client, complaint_id, "contacted", step="recorded", note="我也打了")
    assert r.status_code == 409
    alert = html(r).select_one("#complaint-form [role=alert]").get_text(strip=True)
    assert alert == (
        "Someone else has just moved this complaint on. "
        "It now stands at: Contacted, proposal to write."
    )
    assert await steps_taken(complaint_id) == ["recorded", "contacted"]
    assert EN
