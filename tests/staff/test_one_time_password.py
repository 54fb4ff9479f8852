"""A one-time password (a manager made the account or reset its password) is a hard block:
until the person has chosen their own, every staff page and API sends them to the password
change, with a message saying why; sign-out, static files and the service worker stay open;
once changed, everything opens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from db.appraisals.tables import Appraisal
from db.staff.queries import create_staff
from db.staff.rules import Role
from db.staff.tables import Staff
from tests.conftest import PASSWORD, csrf_token, html, sign_in
from web.guards import PASSWORD_CHANGE_PAGE, PasswordChangeFirst

EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
EVERYTHING = {Role.MANAGER, Role.APPRAISER, Role.CONSULTANT}


async def _flagged(client) -> int:
    staff_id = await create_staff(
        "new.hire", "新同事", PASSWORD, EVERYTHING, must_change_password=True, language="en"
    )
    r = await sign_in(client, "new.hire")
    assert r.status_code == 303
    assert r.headers["location"] == "/me#password-form"
    return staff_id


async def test_every_staff_page_sends_them_to_choose_their_own_password_first(client):
    await _flagged(client)
    for url in ("/leads", "/appraisals", "/manager", "/manager/staff", "/today", "/leads?q=1"):
        r = await client.get(url)
        assert r.status_code == 303, url
        assert r.headers["location"] == PASSWORD_CHANGE_PAGE, url
        assert r.headers["cache-control"] == "no-store"
    # writes too, with or without a valid form
    r = await client.post(
        "/me/language", data={"language": "zh", "_csrf_token": await csrf_token(client)}
    )
    assert (r.status_code, r.headers["location"]) == (303, PASSWORD_CHANGE_PAGE)
    assert (await Staff.select(Staff.language).first())["language"] == "en"

    # the page they are sent to says why
    r = await client.get(PASSWORD_CHANGE_PAGE.split("#")[0], headers=EN)
    assert r.status_code == 200
    doc = html(r)
    assert "one-time password" in doc.select_one("#password-form .must-change").get_text()
    assert "Other pages open once" in doc.select_one(".must-change-first").get_text()
    # signed in as usual on the way there: no message about other pages
    assert html(await client.get("/me", headers=EN)).select_one(".must-change-first") is None


async def test_an_htmx_request_or_a_queued_write_is_asked_for_a_full_redirect(client):
    await _flagged(client)
    r = await client.get("/leads", headers={**HTMX, "HX-Current-URL": "http://x/leads"})
    assert r.status_code == 401
    assert r.headers["hx-redirect"] == PASSWORD_CHANGE_PAGE
    assert r.text == ""
    # the outbox's retried write (an Idempotency-Key, no htmx) must not follow a redirect to a
    # page and take it for success: the 401 keeps it waiting, as for an ended session
    r = await client.post(
        "/appraisals",
        data={"_csrf_token": await csrf_token(client)},
        headers={"Idempotency-Key": "k-1"},
    )
    assert (r.status_code, r.headers["hx-redirect"]) == (401, PASSWORD_CHANGE_PAGE)
    assert await Appraisal.count() == 0


async def test_sign_out_static_files_and_the_service_worker_stay_open(client):
    await _flagged(client)
    assert (await client.get("/static/css/app.css")).status_code == 200
    assert (await client.get("/sw.js")).status_code == 200
    assert (await client.get("/logout")).status_code == 200
    r = await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    assert r.headers["location"] == "/login?signed_out=1"
    assert (await client.get("/leads")).headers["location"].startswith("/login")


async def test_after_choosing_their_own_password_everything_opens(client):
    staff_id = await _flagged(client)
    r = await client.post(
        "/me/password",
        data={
            "current": PASSWORD,
            "new": "my-own-password-9",
            "confirm": "my-own-password-9",
            "_csrf_token": await csrf_token(client),
        },
        headers={**HTMX, **EN},
    )
    assert r.status_code == 200
    assert "Password changed" in html(r).select_one(".notice").get_text()
    row = await Staff.select(Staff.must_change_password).where(Staff.id == staff_id).first()
    assert row["must_change_password"] is False
    for url in ("/leads", "/appraisals", "/manager", "/manager/staff", "/today"):
        assert (await client.get(url)).status_code == 200, url
    assert (await client.get("/leads", headers=HTMX)).status_code == 200
    assert html(await client.get("/me", headers=EN)).select_one(".must-change") is None


async def test_a_wrong_current_password_keeps_the_block(client):
    await _flagged(client)
    r = await client.post(
        "/me/password",
        data={
            "current": "not-it-at-all",
            "new": "my-own-password-9",
            "confirm": "my-own-password-9",
            "_csrf_token": await csrf_token(client),
        },
        headers=EN,
    )
    assert r.status_code == 422
    assert html(r).select_one("#f-current-error") is not None
    assert (await client.get("/leads")).status_code == 303


def _handlers():
    from app import create_app

    for route in create_app().routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.handler_name != "options_handler":
                yield route.path, handler


@pytest.mark.parametrize("flagged", [True, False])
def test_the_block_is_in_the_guard_every_staff_route_has(flagged):
    """Every route a signed-in person reaches through `allow` is closed to a one-time password,
    but the password change itself; public routes have no such guard and stay open."""
    user = SimpleNamespace(must_change_password=flagged, roles=frozenset(EVERYTHING))
    connection = SimpleNamespace(scope={"user": user})
    closed, open_ = [], []
    for path, handler in _handlers():
        try:
            for guard in handler.guards or []:
                guard(connection, handler)
        except PasswordChangeFirst:
            closed.append(path)
        else:
            open_.append(path)
            assert not flagged or not handler.guards or handler.opt.get("before_own_password"), path
    if flagged:
        assert "/leads" in closed and "/manager/staff/{staff_id:int}/roles" in closed
        assert "/me" in open_ and "/me/password" in open_ and "/logout" in open_
        assert len(closed) > 100
    else:
        assert closed == []
