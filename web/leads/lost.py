"""Closing a lead lost: the owner's request (a reason is required), the manager's decision."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads import lost
from db.leads.rules import LOST_REASONS
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]
MANAGER = [allow(Role.MANAGER)]


async def _ask_page(request: Request, lead_id: int, *, errors=None, values=None, status=200):
    lead = await lost.lead_for_form(lead_id)
    if lead is None:
        raise NotFoundException()
    return page(
        request,
        "leads/lost_ask.html",
        {
            "tab": "leads",
            "lead": lead,
            "reasons": {key: _(label) for key, label in LOST_REASONS.items()},
            "errors": errors or {},
            "values": values or {},
        },
        block="lost_form",
        status_code=status,
    )


@get("/leads/{lead_id:int}/lost", guards=CONSULTANT)
async def ask_form(request: Request, lead_id: FromPath[int]) -> Template:
    return await _ask_page(request, lead_id)


@post("/leads/{lead_id:int}/lost", guards=CONSULTANT)
async def ask(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    form = await request.form()
    values = {"reason": form.get("reason", ""), "note": form.get("note", "")}
    problem = await lost.ask(lead_id, request.scope["user"].id, values["reason"], values["note"])
    if problem:
        field = "reason" if values["reason"] not in LOST_REASONS else "form"
        return await _ask_page(
            request, lead_id, errors={field: _(problem)}, values=values, status=422
        )
    return Redirect("/today", status_code=303)


async def _requests_page(request: Request, *, errors=None, status=200) -> Template:
    return page(
        request,
        "leads/lost_requests.html",
        {
            "tab": "leads",
            "pending": await lost.pending(),
            "reason_label": lambda r: _(LOST_REASONS[r]) if r in LOST_REASONS else r,
            "errors": errors or {},
        },
        block="lost_requests",
        status_code=status,
    )


@get("/leads/lost", guards=MANAGER)
async def requests(request: Request) -> Template:
    return await _requests_page(request)


@post("/leads/{lead_id:int}/lost/decide", guards=MANAGER)
async def decide(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    form = await request.form()
    approve = form.get("decision") == "approve"
    problem = await lost.decide(
        lead_id, request.scope["user"].id, approve=approve, note=form.get("note", "")
    )
    if problem:
        return await _requests_page(request, errors={lead_id: _(problem)}, status=422)
    return Redirect("/leads/lost", status_code=303)


routes = [ask_form, ask, requests, decide]
