"""After-sale care on a won lead: ticking tasks (once), surveys kept as given (only ever
added), the consultant's care due on Today, and colleagues kept out."""

from datetime import timedelta

from db.audit.tables import AuditEvent
from db.care.queries import team_overdue
from db.care.tables import CareTask, Survey
from db.leads.enquiries import dealer_today
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.care.helpers import EN, won_lead
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead


async def _task(lead: int, kind: str) -> dict:
    return await CareTask.select().where((CareTask.lead == lead) & (CareTask.kind == kind)).first()


async def _post(client, url: str, data: dict):
    token = await csrf_token(client)
    return await client.post(url, data={**data, "_csrf_token": token}, headers=EN)


async def _owner_signed_in(client) -> tuple[int, int]:
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, display_name="张婷", language="en")
    lead = await won_lead(owner, name="秦先生")
    await sign_in(client, "zhang.ting")
    return owner, lead


async def test_ticking_a_task_keeps_who_when_and_the_note_and_twice_changes_nothing(client):
    owner, lead = await _owner_signed_in(client)
    task = await _task(lead, "thank_you")
    url = f"/leads/{lead}/care/{task['id']}/done"
    r = await _post(client, url, {"note": "微信发了感谢信"})
    assert r.status_code == 303
    done = await _task(lead, "thank_you")
    assert (done["done_by"], done["note"]) == (owner, "微信发了感谢信")
    assert done["done_at"] is not None
    r = await _post(client, url, {"note": "又点了一次"})
    assert r.status_code == 303  # no error
    again = await _task(lead, "thank_you")
    assert (again["done_at"], again["note"]) == (done["done_at"], "微信发了感谢信")
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    row = page.select_one(f"#care-task-{task['id']}")
    assert row.select_one(".badge").get_text(strip=True) == "Done"
    assert row.select_one(".care-note").get_text(strip=True) == "微信发了感谢信"
    assert row.select_one("form") is None


async def test_a_long_note_or_another_leads_task_is_refused(client):
    owner, lead = await _owner_signed_in(client)
    other = await won_lead(owner, name="李女士")
    task = await _task(lead, "call_week")
    r = await _post(client, f"/leads/{lead}/care/{task['id']}/done", {"note": "好" * 1001})
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one(f"#f-care-note-{task['id']}-error").get_text(strip=True) == (
        "The note can be at most 1000 characters."
    )
    assert doc.select_one(f"#f-care-note-{task['id']}")["value"] == "好" * 1001
    assert (await _task(lead, "call_week"))["done_at"] is None
    elsewhere = await _task(other, "call_week")
    r = await _post(client, f"/leads/{lead}/care/{elsewhere['id']}/done", {})
    assert r.status_code == 422
    assert (await _task(other, "call_week"))["done_at"] is None


async def test_a_survey_is_kept_ticks_its_task_and_a_second_one_is_added(client):
    owner, lead = await _owner_signed_in(client)
    answers = {"satisfaction": "2", "repurchase": "3", "referral": "1", "comment": "上牌太慢"}
    r = await _post(client, f"/leads/{lead}/care/survey", answers)
    assert r.status_code == 303
    survey_task = await _task(lead, "survey")
    assert survey_task["done_by"] == owner and survey_task["done_at"] is not None
    assert await AuditEvent.exists().where(AuditEvent.kind == "care_survey")
    r = await _post(client, f"/leads/{lead}/care/survey", {"satisfaction": "4", "comment": ""})
    assert r.status_code == 303
    rows = await Survey.select(Survey.satisfaction, Survey.comment).order_by(Survey.id)
    assert rows == [
        {"satisfaction": 2, "comment": "上牌太慢"},
        {"satisfaction": 4, "comment": ""},
    ]  # the first (unhappy) answer is still there
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    shown = [s.select_one(".satisfaction").get_text(strip=True) for s in page.select(".survey")]
    assert shown == ["Satisfied", "Dissatisfied"]  # newest first, both kept
    assert page.select_one("#care-surveys .count").get_text(strip=True) == "2"
    assert page.select_one(".survey .survey-referral").get_text(strip=True) == "—"


async def test_surveys_cannot_be_edited_or_removed(client):
    _, lead = await _owner_signed_in(client)
    await _post(client, f"/leads/{lead}/care/survey", {"satisfaction": "1", "comment": "差"})
    survey = await Survey.select(Survey.id).first()
    token = await csrf_token(client)
    for method in ("put", "patch", "delete"):
        for url in (f"/leads/{lead}/care/survey", f"/leads/{lead}/care/survey/{survey['id']}"):
            r = await client.request(method.upper(), url, headers={"x-csrftoken": token})
            assert r.status_code in (404, 405), (method, url, r.status_code)
    assert await Survey.select(Survey.satisfaction, Survey.comment) == [
        {"satisfaction": 1, "comment": "差"}
    ]


async def test_bad_survey_answers_come_back_beside_their_fields_with_the_input_kept(client):
    _, lead = await _owner_signed_in(client)
    r = await _post(
        client,
        f"/leads/{lead}/care/survey",
        {"satisfaction": "", "repurchase": "4", "comment": "还行"},
    )
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-satisfaction-error").get_text(strip=True) == (
        "Choose how satisfied the customer is (1 to 5)."
    )
    assert doc.select_one("input[name=repurchase][value='4']").has_attr("checked")
    assert doc.select_one("#f-survey-comment").get_text() == "还行"
    r = await _post(client, f"/leads/{lead}/care/survey", {"satisfaction": "7"})
    assert r.status_code == 422
    r = await _post(
        client, f"/leads/{lead}/care/survey", {"satisfaction": "5", "comment": "好" * 1001}
    )
    assert r.status_code == 422
    assert html(r).select_one("#f-survey-comment-error") is not None
    assert await Survey.count() == 0
    assert (await _task(lead, "survey"))["done_at"] is None


async def test_a_survey_on_a_lead_that_is_not_won_is_refused(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    lead = await make_lead(owner)
    await sign_in(client, "zhang.ting")
    r = await _post(client, f"/leads/{lead}/care/survey", {"satisfaction": "5"})
    assert r.status_code == 422
    assert html(r).select_one("#care [role=alert]").get_text(strip=True) == (
        "A survey can only be recorded for a won customer."
    )
    assert await Survey.count() == 0
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    assert page.select_one("#care") is None  # no care section on an open lead


async def test_consultants_cannot_act_on_a_colleagues_customer(client):
    owner = await make_staff("zhang.ting", {Role.CONSULTANT})
    lead = await won_lead(owner)
    await make_staff("chen.jing", {Role.CONSULTANT}, language="en")
    await sign_in(client, "chen.jing")
    task = await _task(lead, "thank_you")
    assert (await client.get(f"/leads/{lead}/care")).status_code == 403
    r = await _post(client, f"/leads/{lead}/care/{task['id']}/done", {"note": "x"})
    assert r.status_code == 403
    r = await _post(client, f"/leads/{lead}/care/survey", {"satisfaction": "5"})
    assert r.status_code == 403
    assert (await _task(lead, "thank_you"))["done_at"] is None
    assert await Survey.count() == 0


async def _due_today(lead: int, kind: str, days: int = 0) -> None:
    today = dealer_today()
    await CareTask.update(
        {CareTask.due_on: today + timedelta(days=days), CareTask.window_end: None}
    ).where((CareTask.lead == lead) & (CareTask.kind == kind))


async def test_today_shows_the_consultants_care_due_and_overdue(client, sql_log):
    me = await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    other = await make_staff("chen.jing", {Role.CONSULTANT})
    mine = await won_lead(me, name="秦先生")
    older = await won_lead(me, name="周女士")
    theirs = await won_lead(other, name="别人的")
    await CareTask.update({CareTask.due_on: dealer_today() + timedelta(days=3)}).where(
        CareTask.id > 0
    )  # nothing due but what the test sets
    await _due_today(mine, "call_week")
    await _due_today(older, "referral", days=-4)
    await _due_today(older, "thank_you", days=-4)
    await CareTask.update({CareTask.done_at: CareTask.created_at}).where(
        (CareTask.lead == older) & (CareTask.kind == "thank_you")
    )  # done: not shown
    await _due_today(theirs, "call_week")
    await sign_in(client, "zhang.ting")
    sql_log.clear()
    doc = html(await client.get("/today", headers=EN))
    first = len(sql_log)
    section = doc.select_one("#today-care")
    assert section.select_one(".count").get_text(strip=True) == "2"
    cards = [
        (c.select_one(".ac-title").get_text(strip=True), c.select_one(".badge") is not None)
        for c in section.select(".care-card")
    ]
    assert cards == [("周女士", True), ("秦先生", False)]  # overdue first, flagged
    assert "Ask for a referral" in section.select(".ac-meta")[0].get_text()
    # the same number of queries however many care tasks there are
    await won_lead(me, name="吴先生")
    await CareTask.update({CareTask.due_on: dealer_today()}).where(CareTask.done_at.is_null())
    sql_log.clear()
    doc = html(await client.get("/today", headers=EN))
    assert len(sql_log) == first
    assert int(doc.select_one("#today-care .count").get_text(strip=True)) > 2


async def test_the_teams_care_counts(db):
    a = await make_staff("zhang.ting", {Role.CONSULTANT})
    lead = await won_lead(a)
    await CareTask.update({CareTask.due_on: dealer_today() + timedelta(days=3)}).where(
        CareTask.id > 0
    )
    await _due_today(lead, "call_week")
    await _due_today(lead, "referral", days=-2)
    assert await team_overdue(dealer_today()) == {"due": 1, "overdue": 1}
    await Lead.update({Lead.owner: None}).where(Lead.id == lead)
    assert await team_overdue(dealer_today()) == {"due": 0, "overdue": 0}
