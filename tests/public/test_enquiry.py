"""A customer's enquiry from the car page: stored and confirmed; bad input answered beside
the field with what was typed kept; bots and floods held back without a CAPTCHA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from db.audit.tables import AuditEvent
from db.leads.rules import client_key
from db.leads.tables import Enquiry, Lead, LeadEvent
from db.settings import settings
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff
from tests.public.test_car_page import EN, canonical, en, listed_car

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}
GOOD = {
    "name": "王先生",
    "phone": "+86 138-1234-5678",
    "message": "周六可以看车吗？",
    "contact_time": "evening",
    "consent": "1",
}


async def _send(client, unit: int, fields: dict, *, htmx: bool = True, **extra):
    url = await canonical(client, unit)
    token = await csrf_token(client)
    headers = {**EN, **(PARTIAL if htmx else {})}
    response = await client.post(url, data={"_csrf_token": token, **fields}, headers=headers)
    return url, response


async def test_an_enquiry_is_stored_confirmed_and_audited(client):
    unit = await listed_car()
    _, response = await _send(client, unit, GOOD)
    assert response.status_code == 200
    fragment = html(response)
    assert fragment.select_one("html") is None  # the enquiry block alone, swapped by htmx
    assert fragment.select_one("#enquiry [role=status]").get_text(strip=True) == en(
        "We have your enquiry about this car and will call you soon."
    )
    assert fragment.select_one("form") is None
    rows = await Enquiry.select().output(load_json=True)
    assert len(rows) == 1
    row = rows[0]
    assert (row["unit"], row["name"], row["phone"]) == (unit, "王先生", "13812345678")
    assert (row["message"], row["contact_time"], row["consent"]) == (
        "周六可以看车吗？",
        "evening",
        True,
    )
    assert (row["source"], row["status"]) == ("website", "new")
    assert row["client_hash"] == client_key("testclient", settings().secret_key)
    events = await AuditEvent.select(AuditEvent.subject).where(
        AuditEvent.kind == "enquiry_received"
    )
    assert events == [{"subject": f"enquiry:{row['id']}"}]


async def test_without_javascript_the_post_redirects_to_a_confirmation(client):
    unit = await listed_car()
    url, response = await _send(client, unit, GOOD, htmx=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == f"{url}?sent=1#enquiry"
    page = html(await client.get(urlsplit(location).path + "?sent=1", headers=EN))
    assert page.select_one("#enquiry [role=status]").get_text(strip=True) == en(
        "We have your enquiry about this car and will call you soon."
    )
    assert page.select_one("#enquiry form") is None
    assert await Enquiry.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Please tell us your name."),
        ({"phone": ""}, "phone", "Please give a mobile number we can call you on."),
        (
            {"phone": "0755-8627123"},
            "phone",
            "That is not a mainland mobile number (11 digits, starting with 1).",
        ),
        (
            {"phone": "12812345678"},
            "phone",
            "That is not a mainland mobile number (11 digits, starting with 1).",
        ),
        ({"consent": ""}, "consent", "Please agree, so that we may call you about this car."),
        ({"contact_time": "midnight"}, "contact_time", "Please choose when we may call you."),
    ],
)
async def test_bad_input_is_answered_beside_the_field_and_the_rest_is_kept(
    client, changes, field, message
):
    unit = await listed_car()
    fields = {**GOOD, **changes}
    for htmx in (True, False):
        _, response = await _send(client, unit, fields, htmx=htmx)
        assert response.status_code == 422
        form = html(response).select_one("#enquiry form")
        error = form.select_one(f".has-error .field-error, #f-{field}-error")
        assert error.get_text(strip=True) == en(message)
        if field != "name":
            assert form.select_one("#f-name")["value"] == GOOD["name"]
        if field != "phone":
            assert form.select_one("#f-phone")["value"] == GOOD["phone"]
        assert form.select_one("#f-message").get_text() == GOOD["message"]
        if field != "contact_time":
            assert form.select_one("input[name=contact_time][checked]")["value"] == "evening"
        if field != "consent":
            assert form.select_one("#f-consent").has_attr("checked")
    assert await Enquiry.count() == 0


async def test_a_missing_field_is_marked_invalid_for_screen_readers(client):
    unit = await listed_car()
    _, response = await _send(client, unit, {**GOOD, "phone": "12345"})
    field = html(response).select_one("#f-phone")
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == "f-phone-error"


async def test_a_filled_honeypot_looks_accepted_but_is_not_stored(client):
    unit = await listed_car()
    _, response = await _send(client, unit, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 200
    assert html(response).select_one("#enquiry [role=status]") is not None
    _, plain = await _send(client, unit, {**GOOD, "website": "x"}, htmx=False)
    assert plain.status_code == 303
    assert await Enquiry.count() == 0
    # people never see it: hidden by CSS, from screen readers and from the tab order
    doc = html(await client.get(await canonical(client, unit)))
    trap = doc.select_one("input[name=website]")
    assert trap["tabindex"] == "-1"
    assert trap.find_parent(class_="hp")["aria-hidden"] == "true"


async def test_one_phone_may_enquire_three_times_a_day(client):
    unit = await listed_car()
    # yesterday's enquiries no longer count
    await Enquiry.insert(
        *(
            Enquiry(
                unit=unit,
                name="王先生",
                phone="13812345678",
                created_at=datetime.now(UTC) - timedelta(days=1, minutes=5),
            )
            for _ in range(3)
        )
    )
    for _ in range(3):
        _, response = await _send(client, unit, {**GOOD, "phone": "138 1234 5678"})
        assert response.status_code == 200
    _, refused = await _send(client, unit, GOOD)
    assert refused.status_code == 429
    form = html(refused).select_one("#enquiry form")
    assert (
        form.select_one("[role=alert]")
        .get_text(strip=True)
        .startswith(en("We already have several enquiries from you; we will be in touch soon."))
    )
    assert form.select_one("#f-name")["value"] == GOOD["name"]
    assert await Enquiry.count() == 6
    _, other_phone = await _send(client, unit, {**GOOD, "phone": "13900001111"})
    assert other_phone.status_code == 200


async def test_one_visitor_may_send_five_enquiries_an_hour(client):
    unit = await listed_car()
    for i in range(5):
        _, response = await _send(client, unit, {**GOOD, "phone": f"1390000000{i}"})
        assert response.status_code == 200
    _, refused = await _send(client, unit, {**GOOD, "phone": "13900000009"})
    assert refused.status_code == 429
    assert await Enquiry.count() == 5


async def test_sold_cars_and_unknown_cars_take_no_enquiries(client):
    sold = await listed_car(state="sold")
    _, response = await _send(client, sold, GOOD)
    assert response.status_code == 409
    token = await csrf_token(client)
    unknown = await client.post("/stock/999999", data={"_csrf_token": token, **GOOD})
    assert unknown.status_code == 404
    assert await Enquiry.count() == 0


async def test_a_reserved_car_still_takes_enquiries(client):
    unit = await listed_car(state="reserved")
    doc = html(await client.get(await canonical(client, unit), headers=EN))
    assert doc.select_one(".status-mark").get_text(strip=True) == en("Reserved")
    _, response = await _send(client, unit, GOOD)
    assert response.status_code == 200
    assert await Enquiry.count() == 1


async def test_customer_pages_carry_no_csrf_token_and_are_compressed(client):
    """No secret on a customer's page: no token, no cookie, so it may be gzipped (no BREACH)
    and cached; the enquiry is taken without a token, guarded by the honeypot and limits."""
    unit = await listed_car()
    url = await canonical(client, unit)
    for path in ("/stock", url):
        page = await client.get(path, headers={"Accept-Encoding": "gzip"})
        assert page.headers.get("content-encoding") == "gzip", path
        assert "set-cookie" not in page.headers, path
        assert "csrf" not in page.text.lower(), path
    response = await client.post(url, data=GOOD)
    assert response.status_code in (200, 303)
    assert await Enquiry.count() == 1
    # staff pages keep both: a token in the page, uncompressed
    login = await client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in login.headers
    assert "_csrf_token" in login.text


async def test_an_enquiry_becomes_a_lead_assigned_round_robin(client):

    first = await make_staff("zhangting", {Role.CONSULTANT}, display_name="张婷")
    second = await make_staff("chenjing", {Role.CONSULTANT}, display_name="陈静")
    await make_staff("away", {Role.CONSULTANT}, display_name="休假", active=False)
    await make_staff("appraiser9", {Role.APPRAISER})
    unit = await listed_car()
    for phone in ("13812345678", "13912345678", "13712345678"):
        _, response = await _send(client, unit, {**GOOD, "phone": phone})
        assert response.status_code == 200
    leads = await Lead.select(
        Lead.owner, Lead.source, Lead.unit, Lead.grade, Lead.note, Lead.enquiry
    ).order_by(Lead.id)
    assert [lead["owner"] for lead in leads] == [first, second, first]  # the inactive skipped
    assert {(lead["source"], lead["unit"], lead["grade"]) for lead in leads} == {
        ("website", unit, "B")
    }
    assert leads[0]["note"].startswith(GOOD["message"])
    enquiries = await Enquiry.select(Enquiry.id, Enquiry.assigned_to).order_by(Enquiry.id)
    assert [e["id"] for e in enquiries] == [lead["enquiry"] for lead in leads]
    assert [e["assigned_to"] for e in enquiries] == [first, second, first]
    events = (
        await LeadEvent.select(LeadEvent.detail)
        .where(LeadEvent.kind == "assigned")
        .output(load_json=True)
    )
    assert [e["detail"]["how"] for e in events] == ["round_robin"] * 3


async def test_with_no_active_consultant_the_lead_goes_to_the_pool(client):

    await make_staff("away", {Role.CONSULTANT}, display_name="休假", active=False)
    unit = await listed_car()
    _, response = await _send(client, unit, GOOD)
    assert response.status_code == 200
    lead = await Lead.select(Lead.owner, Lead.pooled_at).first()
    assert lead["owner"] is None and lead["pooled_at"] is not None
