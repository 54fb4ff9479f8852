"""Signing in and out over HTTP: cookies, rotation, throttling, locking, messages."""

from db.staff.rules import Role
from db.staff.tables import LoginAttempt, StaffSession
from tests.conftest import PASSWORD, csrf_token, html, make_staff, sign_in

EN = {"Accept-Language": "en-US,en;q=0.9"}


def _set_cookie(response, name: str) -> str:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    return next(h for h in headers if h.startswith(name + "="))


async def test_sign_in_sets_a_safe_session_cookie_and_lands_on_home(client):
    await make_staff("li.ming", {Role.APPRAISER})
    response = await sign_in(client, "li.ming")
    assert response.status_code == 303
    assert response.headers["location"] == "/appraisals"
    cookie = _set_cookie(response, "lotside_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # secure outside development/test, checked in test_security
    page = await client.get("/appraisals")
    assert page.status_code == 200
    assert html(page).select_one("nav.tabs a[aria-current=page]")["href"] == "/appraisals"


async def test_username_is_case_insensitive_and_trimmed(client):
    await make_staff("li.ming", {Role.APPRAISER})
    assert (await sign_in(client, "  Li.Ming ")).status_code == 303


async def test_session_is_rotated_at_sign_in(client):
    await make_staff("li.ming", {Role.APPRAISER})
    token = await csrf_token(client)
    form = {"username": "li.ming", "password": PASSWORD, "_csrf_token": token}
    await client.post("/login", data=form)
    first = client.cookies.get("lotside_session")
    await client.post("/login", data=form)
    second = client.cookies.get("lotside_session")
    assert first and second and first != second
    assert await StaffSession.count() == 1  # the old session was ended, not kept
    client.cookies.clear()
    client.cookies.set("lotside_session", first)
    assert (await client.get("/appraisals")).status_code == 303


async def test_wrong_password_says_so_in_the_users_language_and_keeps_the_username(client):
    await make_staff("li.ming")
    token = await csrf_token(client)
    for headers, expected in ((EN, "Wrong username or password."), ({}, "用户名或密码不对。")):
        response = await client.post(
            "/login",
            data={"username": "li.ming", "password": "nope-nope-nope", "_csrf_token": token},
            headers=headers,
        )
        assert response.status_code == 422
        doc = html(response)
        assert doc.select_one("[role=alert]").get_text(strip=True) == expected
        assert doc.select_one("input[name=username]")["value"] == "li.ming"
        assert doc.select_one("input[name=password]")["value"] == ""
    assert "lotside_session" not in client.cookies


async def test_empty_fields_get_messages_beside_them(client):
    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"username": " ", "password": "", "_csrf_token": token}, headers=EN
    )
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one("#f-username-error").get_text(strip=True) == "Enter your username."
    assert doc.select_one("#f-password-error").get_text(strip=True) == "Enter your password."


async def test_an_inactive_user_cannot_sign_in(client):
    await make_staff("liu.yang", {Role.CONSULTANT}, active=False)
    response = await sign_in(client, "liu.yang")
    assert response.status_code == 403
    assert "停用" in html(response).select_one("[role=alert]").get_text()
    assert "lotside_session" not in client.cookies


async def test_a_deactivated_users_live_session_stops_working(client):
    from db.staff.tables import Staff

    await make_staff("li.ming")
    await sign_in(client, "li.ming")
    assert (await client.get("/appraisals")).status_code == 200
    await Staff.update({Staff.active: False}).where(Staff.username == "li.ming")
    response = await client.get("/appraisals")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/appraisals")


async def test_repeated_failures_lock_the_account_even_for_the_right_password(client):
    await make_staff("li.ming")
    token = await csrf_token(client)
    bad = {"username": "li.ming", "password": "guess-guess-1", "_csrf_token": token}
    statuses = [(await client.post("/login", data=bad, headers=EN)).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]
    response = await client.post("/login", data={**bad, "password": PASSWORD}, headers=EN)
    assert response.status_code == 429
    assert "locked until" in html(response).select_one("[role=alert]").get_text()
    assert await LoginAttempt.count().where(LoginAttempt.succeeded == True) == 0  # noqa: E712


async def test_failures_of_one_account_do_not_lock_another(client):
    await make_staff("li.ming")
    await make_staff("zhang.ting", {Role.CONSULTANT})
    token = await csrf_token(client)
    for _ in range(6):
        await client.post(
            "/login", data={"username": "li.ming", "password": "x" * 12, "_csrf_token": token}
        )
    assert (await sign_in(client, "zhang.ting")).status_code == 303


async def test_signed_out_visitor_is_sent_to_login_and_back(client):
    await make_staff("li.ming")
    response = await client.get("/inventory?make=byd")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/inventory%3Fmake%3Dbyd"
    login_page = await client.get(response.headers["location"])
    assert html(login_page).select_one("input[name=next]")["value"] == "/inventory?make=byd"
    signed = await sign_in(client, "li.ming", next="/inventory?make=byd")
    assert signed.headers["location"] == "/inventory?make=byd"


async def test_next_cannot_send_anyone_off_site(client):
    await make_staff("li.ming")
    signed = await sign_in(client, "li.ming", next="https://evil.example/")
    assert signed.headers["location"] == "/appraisals"


async def test_expired_session_says_so_on_the_login_page(client):
    from datetime import UTC, datetime, timedelta

    await make_staff("li.ming")
    await sign_in(client, "li.ming")
    await StaffSession.update(
        {StaffSession.expires_at: datetime.now(UTC) - timedelta(minutes=1)}, force=True
    )
    response = await client.get("/me", headers=EN)
    assert response.status_code == 303
    assert "expired=1" in response.headers["location"]
    login_page = await client.get(response.headers["location"], headers=EN)
    notice = html(login_page).select_one("[role=status]").get_text(strip=True)
    assert notice == "Your session has ended. Please sign in again."


async def test_htmx_request_without_a_session_asks_for_a_full_redirect(client):
    response = await client.get(
        "/today",
        headers={
            "HX-Request": "true",
            "HX-Request-Type": "partial",
            "HX-Current-URL": "http://testserver.local/today",
        },
    )
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login?next=/today"


async def test_sign_out_ends_the_session(client):
    await make_staff("li.ming")
    await sign_in(client, "li.ming")
    token = client.cookies.get("lotside_session")
    confirm = await client.get("/logout")
    response = await client.post(
        "/logout",
        data={"_csrf_token": html(confirm).select_one("input[name=_csrf_token]")["value"]},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?signed_out=1"
    assert await StaffSession.count() == 0
    client.cookies.clear()
    client.cookies.set("lotside_session", token)
    assert (await client.get("/me")).status_code == 303


async def test_a_post_without_csrf_token_is_refused_with_a_clear_message(client):
    await make_staff("li.ming")
    response = await client.post(
        "/login", data={"username": "li.ming", "password": PASSWORD}, headers=EN
    )
    assert response.status_code == 403
    assert html(response).select_one("h1").get_text(strip=True) == "This form has expired"
    assert "lotside_session" not in client.cookies


async def test_signed_in_visit_to_login_goes_home(client):
    await make_staff("zhang.ting", {Role.CONSULTANT})
    await sign_in(client, "zhang.ting")
    response = await client.get("/login")
    assert response.status_code == 303 and response.headers["location"] == "/today"


def test_cookies_are_secure_outside_development_and_tests():
    import dataclasses

    from db.settings import settings
    from web.security import cookies_secure

    assert cookies_secure(dataclasses.replace(settings(), env="production"))
    assert cookies_secure(dataclasses.replace(settings(), env="staging"))
    assert not cookies_secure(dataclasses.replace(settings(), env="development"))
