"""Marking a lead won (成交): the owner or a manager names the car sold; the after-sale care
plan is written with it (db.leads.won, db.care)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads import won
from db.leads.enquiries import dealer_today
from db.staff.rules import Role
from web.guards import NotYours, allow
from web.i18n import gettext as _
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]


async def _lead(request: Request, lead_id: int) -> dict:
    """The lead, if this person may close it: its owner, or a manager (else 403)."""
    lead = await won.lead_for_form(lead_id)
    if lead is None:
        raise NotFoundException()
    user = request.scope["user"]
    if Role.MANAGER not in user.roles and lead["owner"] != user.id:
        raise NotYours("not your lead")
    return lead


async def _form_page(request: Request, lead: dict, *, errors=None, values=None, status=200):
    is_open = lead["status"] in won.OPEN
    errors = dict(errors or {})
    if not is_open and "form" not in errors:
        errors["form"] = _("This lead is no longer open: it has already been won or closed.")
    chosen = (values or {}).get("unit") or str(lead["unit"] or "")
    return page(
        request,
        "leads/won.html",
        {
            "tab": "leads",
            "lead": lead,
            "is_open": is_open,
            "cars": await won.cars_to_win() if is_open else [],
            "chosen": chosen,
            "errors": errors,
        },
        block="won_form",
        status_code=status,
    )


@get("/leads/{lead_id:int}/won", guards=CONSULTANT)
async def won_form(request: Request, lead_id: FromPath[int]) -> Template:
    return await _form_page(request, await _lead(request, lead_id))


@post("/leads/{lead_id:int}/won", guards=CONSULTANT)
async def mark_won(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    lead = await _lead(request, lead_id)
    form = await request.form()
    raw = (form.get("unit") or "").strip()
    user = request.scope["user"]
    problem = await won.win(
        lead_id,
        int(raw) if raw.isdigit() else None,
        user.id,
        is_manager=Role.MANAGER in user.roles,
        sold_on=dealer_today(),
    )
    if problem:
        lead = await won.lead_for_form(lead_id) or lead
        field = "unit" if lead["status"] in won.OPEN else "form"
        return await _form_page(
            request, lead, errors={field: _(problem)}, values={"unit": raw}, status=422
        )
    return Redirect(f"/leads/{lead_id}#care", status_code=303)


routes = [won_form, mark_won]
