"""Signing in and out."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from components.format import clock
from db.staff.queries import end_session
from db.staff.rules import home_path, safe_next
from db.staff.signin import sign_in
from web.dealership import use_profile
from web.forms import Annotated, Form, client_ip
from web.guards import PUBLIC
from web.i18n import current_locale
from web.i18n import gettext as _
from web.pages import page
from web.security import expired_session_cookie, session_cookie


@dataclass
class LoginForm:
    username: str = ""
    password: str = ""
    next: str = ""


def _login_page(
    request: Request, form: LoginForm, errors: dict, status: int = 200, notice: str = ""
) -> Template:
    return page(
        request,
        "auth/login.html",
        {"form": form, "errors": errors, "notice": notice},
        block="login_form",
        status_code=status,
    )


@get("/login", opt=PUBLIC, name="login")
async def login_page(
    request: Request,
    next: FromQuery[str | None] = None,
    expired: FromQuery[bool] = False,
    signed_out: FromQuery[bool] = False,
) -> Template | Redirect:
    user = request.scope.get("user")
    if user:
        return Redirect(safe_next(next) or home_path(user.roles), status_code=303)
    notice = ""
    if expired:
        notice = _("Your session has ended. Please sign in again.")
    elif signed_out:
        notice = _("You have signed out.")
    await use_profile()  # the page is headed with the dealership's name
    return _login_page(request, LoginForm(next=safe_next(next) or ""), {}, notice=notice)


@post("/login", opt=PUBLIC)
async def login(request: Request, data: Annotated[LoginForm, Form]) -> Template | Redirect:
    errors = {}
    if not data.username.strip():
        errors["username"] = _("Enter your username.")
    if not data.password:
        errors["password"] = _("Enter your password.")
    if errors:
        return _login_page(request, data, errors, status=422)

    outcome = await sign_in(
        data.username,
        data.password,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        old_token=request.cookies.get("lotside_session"),
    )
    if outcome.delay:
        await asyncio.sleep(outcome.delay)
    if outcome.user is None:
        data.password = ""
        if outcome.problem == "locked":
            message = _(
                "Too many wrong passwords. This account is locked until {time}; "
                "try again then, or ask your manager."
            ).format(time=clock(outcome.locked_until, current_locale()))
            return _login_page(request, data, {"form": message}, status=429)
        if outcome.problem == "inactive":
            return _login_page(
                request,
                data,
                {"form": _("This account has been deactivated. Ask your manager.")},
                status=403,
            )
        return _login_page(request, data, {"form": _("Wrong username or password.")}, status=422)
    where = safe_next(data.next) or home_path(outcome.user.roles)
    if outcome.user.must_change_password:  # a manager's one-time password: their own first
        where = "/me#password-form"
    return Redirect(where, status_code=303, cookies=[session_cookie(outcome.token)])


@get("/logout", opt=PUBLIC, name="logout")
async def logout_page(request: Request) -> Template | Redirect:
    if not request.scope.get("user"):
        return Redirect("/login", status_code=303)
    return page(request, "auth/logout.html")


@post("/logout", opt=PUBLIC)
async def logout(request: Request) -> Redirect:
    token = request.cookies.get("lotside_session")
    if token:
        user = request.scope.get("user")
        await end_session(token, actor_id=user.id if user else None, ip=client_ip(request))
    return Redirect("/login?signed_out=1", status_code=303, cookies=[expired_session_cookie()])


routes = [login_page, login, logout_page, logout]
