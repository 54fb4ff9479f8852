"""The Me tab: who I am, my language, my password, signing out."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.staff.queries import change_password, set_language
from db.staff.rules import Role, password_problem, safe_next
from web.forms import Annotated, Form, client_ip
from web.guards import BEFORE_OWN_PASSWORD, PUBLIC, allow
from web.i18n import LANG_COOKIE, SUPPORTED, lazy
from web.i18n import gettext as _
from web.pages import page

ROLE_NAMES = {
    Role.MANAGER: lazy("Manager"),
    Role.APPRAISER: lazy("Appraiser"),
    Role.CONSULTANT: lazy("Sales consultant"),
}


@dataclass
class LanguageForm:
    language: str = ""
    next: str = ""


@dataclass
class PasswordForm:
    current: str = ""
    new: str = ""
    confirm: str = ""


def _me_page(
    request: Request,
    *,
    errors: dict | None = None,
    saved: str = "",
    status: int = 200,
    block: str | None = None,
    blocked: bool = False,
) -> Template:
    user = request.scope["user"]
    roles = [_(ROLE_NAMES[r]) for r in Role if r in user.roles]
    return page(
        request,
        "me/me.html",
        {
            "tab": "me",
            "user": user,
            "roles": roles,
            "errors": errors or {},
            "saved": saved,
            "blocked": blocked,  # sent here from another page by the one-time password
        },
        block=block,
        status_code=status,
    )


@get("/me", guards=[allow()], opt=BEFORE_OWN_PASSWORD)
async def me(
    request: Request, saved: FromQuery[str] = "", blocked: FromQuery[str] = ""
) -> Template:
    return _me_page(request, saved=saved, blocked=bool(blocked))


@post("/me/language", guards=[allow()])
async def my_language(request: Request, data: Annotated[LanguageForm, Form]) -> Template | Redirect:
    if data.language not in ("", *SUPPORTED):
        return _me_page(
            request,
            errors={"language": _("Choose a language from the list.")},
            status=422,
            block="language_form",
        )
    await set_language(request.scope["user"].id, data.language)
    # The whole page changes language: post, then redirect to the page (reload-safe).
    return Redirect("/me?saved=language", status_code=303)


@post("/me/password", guards=[allow()], opt=BEFORE_OWN_PASSWORD)
async def my_password(request: Request, data: Annotated[PasswordForm, Form]) -> Template:
    errors = {}
    user = request.scope["user"]
    if not data.current:
        errors["current"] = _("Enter your current password.")
    problem = password_problem(data.new, user.username)
    if problem:
        errors["new"] = _(problem)
    elif data.new != data.confirm:
        errors["confirm"] = _("The two new passwords differ.")
    if not errors and not await change_password(user, data.current, data.new, client_ip(request)):
        errors["current"] = _("That is not your current password.")
    if errors:
        return _me_page(request, errors=errors, status=422, block="password_form")
    return _me_page(request, saved="password", block="password_form")


@post("/language", opt=PUBLIC)
async def choose_language(request: Request, data: Annotated[LanguageForm, Form]) -> Redirect:
    """A visitor's language choice, kept in a cookie for a year."""
    language = data.language if data.language in SUPPORTED else "zh"
    user = request.scope.get("user")
    if user:
        await set_language(user.id, language)
    return Redirect(
        safe_next(data.next) or "/stock",
        status_code=303,
        cookies=[
            Cookie(
                key=LANG_COOKIE,
                value=language,
                max_age=365 * 86400,
                samesite="lax",
                httponly=True,
                path="/",
            )
        ],
    )


routes = [me, my_language, my_password, choose_language]
