"""Bad input on complaints: clear messages beside the field, the input kept, nothing saved."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.complaints.tables import Complaint
from db.settings import settings
from db.staff.rules import Role
from tests.complaints.helpers import EN, a_complaint, step_of, steps_taken, take
from tests.conftest import csrf_token, html, make_staff, sign_in


async def _post_new(client, **fields):
    token = await csrf_token(client)
    data = {
        "customer_name": "马先生",
        "phone": "13912345678",
        "what": "",
        "received_at": "2026-01-05T10:00",
        "_csrf_token": token,
        **fields,
    }
    return await client.post("/complaints/new", data=data, headers=EN)


async def test_empty_what_is_refused_with_the_values_kept(client, signed_in):
    await signed_in({Role.CONSULTANT}, language="en")
    r = await _post_new(client, what="  ")
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-c-what-error").get_text(strip=True) == (
        "Write what the customer complains about."
    )
    assert doc.select_one("#f-c-name")["value"] == "马先生"
    assert doc.select_one("#f-c-received")["value"] == "2026-01-05T10:00"
    assert await Complaint.count() == 0


async def test_received_in_the_future_is_refused(client, signed_in):
    await signed_in({Role.CONSULTANT}, language="en")
    later = datetime.now(ZoneInfo(settings().timezone)) + timedelta(hours=3)
    r = await _post_new(client, what="态度差", received_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-c-received-error").get_text(strip=True) == (
        "The complaint cannot be received in the future."
    )
    assert doc.select_one("#f-c-what").get_text() == "态度差"
    assert await Complaint.count() == 0


async def test_a_standalone_complaint_needs_a_name_and_a_phone(client, signed_in):
    await signed_in({Role.CONSULTANT}, language="en")
    r = await _post_new(client, customer_name="", phone="12", what="态度差")
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-c-name-error") is not None
    assert doc.select_one("#f-c-phone-error").get_text(strip=True) == (
        "That does not look like a phone number."
    )


async def test_a_step_out_of_order_is_refused(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    complaint_id = await a_complaint(zhang)
    await sign_in(client, "zhang.ting")
    r = await take(client, complaint_id, "agreed", note="跳步")
    assert r.status_code == 422
    assert html(r).select_one("#complaint-form [role=alert]").get_text(strip=True) == (
        "This step is not the next one for this complaint."
    )
    assert await steps_taken(complaint_id) == ["recorded"]


async def test_a_note_over_2000_characters_is_refused_and_kept(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    complaint_id = await a_complaint(zhang)
    await sign_in(client, "zhang.ting")
    long_note = "很" * 2001
    r = await take(client, complaint_id, "contacted", note=long_note)
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-step-note-error").get_text(strip=True) == (
        "Please keep the note under 2000 characters."
    )
    assert doc.select_one("#f-step-note").get_text() == long_note
    assert (await step_of(complaint_id))["step"] == "recorded"


async def _at_follow_up(client, zhang: int) -> int:
    from db.complaints import complaints as store

    complaint_id = await a_complaint(zhang)
    for action, step, note in (
        ("contacted", "recorded", "联系上了"),
        ("proposed", "contacted", "送保养"),
        ("approved", "proposed", ""),
        ("agreed", "approved", ""),
        ("done", "agreed", "已做"),
    ):
        await store.advance(complaint_id, action, zhang, seen_step=step, note=note)
    return complaint_id


async def test_closing_without_a_satisfied_answer_is_refused(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    await sign_in(client, "zhang.ting")
    complaint_id = await _at_follow_up(client, zhang)
    # no follow-up yet: no answer recorded
    r = await take(client, complaint_id, "closed")
    assert r.status_code == 422
    page = html(await client.get(f"/complaints/{complaint_id}", headers=EN))
    assert page.select_one(".complaint-close") is None
    # a follow-up without an answer is refused
    r = await take(client, complaint_id, "follow_up", note="打过电话")
    assert r.status_code == 422
    assert html(r).select_one("#f-answer-error") is not None
    # not satisfied: still open, the consultant cannot close
    r = await take(client, complaint_id, "follow_up", answer="not_satisfied", note="还是有异响")
    assert r.status_code == 303
    r = await take(client, complaint_id, "closed")
    assert r.status_code == 422
    assert "not satisfied" in html(r).select_one("#complaint-form [role=alert]").get_text()
    state = await step_of(complaint_id)
    assert (state["step"], state["closed_at"]) == ("following", None)


async def test_a_manager_closes_an_unsatisfied_complaint_only_with_a_reason(client):
    zhang = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    await make_staff("boss", {Role.MANAGER}, language="en")
    complaint_id = await _at_follow_up(client, zhang)
    from db.complaints import complaints as store

    await store.advance(
        complaint_id,
        "follow_up",
        zhang,
        seen_step="done",
        answer="not_satisfied",
        note="要求退车",
    )
    await sign_in(client, "boss")
    r = await take(client, complaint_id, "closed", note="")
    assert r.status_code == 422
    assert html(r).select_one("#f-close-note-error") is not None
    r = await take(client, complaint_id, "closed", note="已按合同处理，退车要求不合理")
    assert r.status_code == 303
    state = await step_of(complaint_id)
    assert (state["step"], state["answer"]) == ("closed", "not_satisfied")
