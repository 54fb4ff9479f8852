"""The blacklist editor: numbers the capture form warns about; added with a reason,
lifted (never deleted), put back; every change audited."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.leads import blacklist
from db.leads.rules import blacklist_problems, foreign_phone, mainland_mobile
from db.staff.rules import Role
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page

MANAGER = [allow(Role.MANAGER)]


async def _page(
    request: Request, *, errors=None, values=None, done: str = "", status=200
) -> Template:
    return page(
        request,
        "manager/blacklist.html",
        {
            "tab": "me",
            "entries": await blacklist.entries(),
            "errors": errors or {},
            "values": values or {},
            "done": done,
        },
        block="blacklist",
        status_code=status,
    )


@get("/manager/blacklist", guards=MANAGER)
async def blacklist_page(request: Request, done: FromQuery[str] = "") -> Template:
    return await _page(request, done=done if done in ("added", "lifted") else "")


@post("/manager/blacklist", guards=MANAGER)
async def add_entry(request: Request) -> Template | Redirect:
    form = await request.form()
    values = {k: (form.get(k) or "").strip() for k in ("phone", "foreign", "reason")}
    foreign = bool(values["foreign"])
    problems = blacklist_problems(phone=values["phone"], foreign=foreign, reason=values["reason"])
    errors = {k: _(v) for k, v in problems.items()}
    if not errors:
        phone = foreign_phone(values["phone"]) if foreign else mainland_mobile(values["phone"])
        refused = await blacklist.add(
            phone, values["reason"], request.scope["user"].id, datetime.now(UTC), client_ip(request)
        )
        if refused is None:
            return Redirect("/manager/blacklist?done=added", status_code=303)
        errors["phone"] = _(refused)
    return await _page(request, errors=errors, values=values, status=422)


@post("/manager/blacklist/{entry_id:int}/lift", guards=MANAGER)
async def lift_entry(request: Request, entry_id: FromPath[int]) -> Template | Redirect:
    refused = await blacklist.lift(
        entry_id, request.scope["user"].id, datetime.now(UTC), client_ip(request)
    )
    if refused is None:
        return Redirect("/manager/blacklist?done=lifted", status_code=303)
    return await _page(request, errors={entry_id: _(refused)}, status=409)


routes = [blacklist_page, add_entry, lift_entry]
