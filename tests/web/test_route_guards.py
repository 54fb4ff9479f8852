"""Walks the whole route table: every staff route refuses anonymous visitors and the wrong
roles. A route added later without a guard fails here (and stops the app from starting)."""

import re

import pytest
from litestar import Litestar, get

from app import create_app
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from web.guards import check_every_route_declares_access, route_access


def staff_routes():
    app = create_app()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.handler_name == "options_handler":
                continue
            access = route_access(handler)
            if access == "public":
                continue
            for method in sorted(handler.http_methods):
                yield re.sub(r"\{[^}]+\}", "1", route.path), method, access


STAFF_ROUTES = list(staff_routes())


def test_the_staff_routes_are_all_found():
    paths = {path for path, _, _ in STAFF_ROUTES}
    assert {"/me", "/appraisals", "/inventory", "/leads", "/today", "/manager"} <= paths


def test_a_route_without_an_access_declaration_stops_the_app():
    @get("/forgotten")
    async def forgotten() -> str:
        return "oops"

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_every_route_declares_access(Litestar(route_handlers=[forgotten]))


async def _request(client, method, path):
    token = await csrf_token(client) if method != "GET" else None
    if method == "GET":
        return await client.get(path)
    return await client.request(method, path, data={"_csrf_token": token})


@pytest.mark.parametrize(("path", "method", "allowed"), STAFF_ROUTES)
async def test_anonymous_visitors_are_sent_to_sign_in(client, path, method, allowed):
    response = await _request(client, method, path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(("path", "method", "allowed"), STAFF_ROUTES)
async def test_wrong_roles_are_refused_and_right_roles_admitted(client, path, method, allowed):
    others = set(Role) - set(allowed) - {Role.MANAGER} if allowed else set()
    for i, role in enumerate(sorted(others)):
        await make_staff(f"wrong{i}", {role})
        client.cookies.clear()
        await sign_in(client, f"wrong{i}")
        response = await _request(client, method, path)
        assert response.status_code == 403, f"{role} reached {method} {path}"
        title = html(response).select_one(".error-card h1").get_text(strip=True)
        assert title == "你的角色无权查看"
    for j, role in enumerate([Role.MANAGER, *(allowed or [Role.APPRAISER])]):
        await make_staff(f"right{j}", {role})
        client.cookies.clear()
        await sign_in(client, f"right{j}")
        response = await _request(client, method, path)
        assert response.status_code not in (401, 403), f"{role} refused at {method} {path}"
