"""The dashboard page itself: the manager's only, its period form refusing dates that
cannot be used beside the field, with this month's figures shown meanwhile."""

from __future__ import annotations

from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in

EN = {"Accept-Language": "en"}


async def test_only_a_manager_opens_the_dashboard(client):
    await make_staff("zhao", {Role.APPRAISER, Role.CONSULTANT})
    await sign_in(client, "zhao")
    assert (await client.get("/manager/dashboard")).status_code == 403


async def test_a_custom_period_ending_before_it_starts_is_refused_beside_the_field(client):
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    response = await client.get(
        "/manager/dashboard",
        params={"period": "custom", "start": "2026-11-10", "end": "2026-11-01"},
        headers=EN,
    )
    assert response.status_code == 200
    doc = html(response)
    end = doc.select_one("#period-end")
    assert end["value"] == "2026-11-01" and end["aria-invalid"] == "true"
    assert doc.select_one("#period-end-error").get_text(strip=True) == (
        "The last day is before the first."
    )
    assert doc.select_one("#period-start")["value"] == "2026-11-10"  # kept as typed
    assert doc.select_one("#period option[selected]")["value"] == "custom"


async def test_a_date_that_is_not_a_date_is_refused(client):
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    response = await client.get(
        "/manager/dashboard", params={"period": "custom", "start": "2026-13-45"}, headers=EN
    )
    doc = html(response)
    assert doc.select_one("#period-start-error").get_text(strip=True) == "Not a date."
    assert doc.select_one("#period-start")["value"] == "2026-13-45"
