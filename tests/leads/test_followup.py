"""Logging a follow-up: appended, and the lead moves on in the same step; a date in the
past, a missing channel or grade is answered beside the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db.leads.rules import next_follow_up
from db.leads.tables import FollowUp, Lead
from tests.conftest import csrf_token, html, sign_in
from tests.leads.helpers import a_lead, consultant
from tests.public.test_car_page import EN, en


async def _log(client, lead: int, fields: dict):
    token = await csrf_token(client)
    return await client.post(
        f"/leads/{lead}/follow-ups", data={"_csrf_token": token, **fields}, headers=EN
    )


async def test_a_follow_up_is_appended_and_the_lead_moves_on(client):
    me = await consultant()
    lead = await a_lead(me)
    await sign_in(client, "zhangting")
    soon = (date.today() + timedelta(days=2)).isoformat()
    fields = {
        "channel": "visit",
        "said": "客户周六带家人来试驾",
        "outcome": "test_drive",
        "grade": "H",
        "next_date": soon,
    }
    response = await _log(client, lead, fields)
    assert response.status_code == 303
    assert response.headers["location"] == f"/leads/{lead}"
    rows = await FollowUp.select(
        FollowUp.channel, FollowUp.said, FollowUp.outcome, FollowUp.grade, FollowUp.actor
    )
    assert rows == [
        {
            "channel": "visit",
            "said": "客户周六带家人来试驾",
            "outcome": "test_drive",
            "grade": "H",
            "actor": me,
        }
    ]
    row = await Lead.select(
        Lead.grade, Lead.status, Lead.next_follow_up, Lead.first_contact_at
    ).first()
    assert (row["grade"], row["status"]) == ("H", "following")
    assert row["next_follow_up"].isoformat() == soon
    assert row["first_contact_at"] is not None
    page = html(await client.get(f"/leads/{lead}", headers=EN))
    newest = page.select(".history-item")[0]
    assert "客户周六带家人来试驾" in newest.get_text()


async def test_an_empty_date_takes_the_grades_default(client):
    lead = await a_lead(await consultant())
    await sign_in(client, "zhangting")
    response = await _log(client, lead, {"channel": "call", "grade": "C", "next_date": ""})
    assert response.status_code == 303
    row = await Lead.select(Lead.next_follow_up).first()
    assert row["next_follow_up"] == next_follow_up("C", date.today())


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"next_date": "2020-01-01"}, "next_date", "The next follow-up cannot be in the past."),
        ({"channel": "call_attempt"}, "channel", "Please choose how you reached the customer."),
        ({"grade": "Z"}, "grade", "Please choose a grade."),
    ],
)
async def test_bad_input_is_refused_with_the_rest_kept(client, changes, field, message):
    lead = await a_lead(await consultant())
    await sign_in(client, "zhangting")
    fields = {
        "channel": "wechat",
        "said": "嫌价格高，想再看看比亚迪",
        "grade": "A",
        "next_date": date.today().isoformat(),
        **changes,
    }
    response = await _log(client, lead, fields)
    assert response.status_code == 422
    form = html(response).select_one("#follow-up-form")
    assert message and en(message) in form.select_one(".field-error").get_text()
    assert form.select_one("#f-said").get_text() == "嫌价格高，想再看看比亚迪"
    assert await FollowUp.count() == 0
    assert (await Lead.select(Lead.status).first())["status"] == "new"
    del field


async def test_only_the_owner_logs_on_their_lead(client):
    lead = await a_lead(await consultant("chenjing", "陈静"))
    await consultant()
    await sign_in(client, "zhangting")
    response = await _log(client, lead, {"channel": "call", "grade": "B", "next_date": ""})
    assert response.status_code == 403
    assert await FollowUp.count() == 0
