"""The public pool: leads without an owner, numbers masked; any consultant may reveal one
(with a reason) or claim one (the database decides who was first)."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads import pool, reveal
from db.leads.policy import current_policy
from db.leads.rules import SOURCES, sees_contact
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext as _
from web.leads.grades import grade_labeller
from web.leads.lead import reveal_refused
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]


async def _page(
    request: Request, *, errors=None, values=None, problem: str = "", status=200
) -> Template:
    user = request.scope["user"]
    now = datetime.now(UTC)
    leads = await pool.pooled_leads()
    seen = await reveal.revealed_leads(user.id, [lead["id"] for lead in leads], now)
    is_manager = Role.MANAGER in user.roles
    for lead in leads:
        lead["revealed"] = lead["id"] in seen
        visible = sees_contact(is_manager=is_manager, is_owner=False, revealed=lead["revealed"])
        lead["visible"] = visible
        lead["phone"] = pool.shown_phone(lead["phone"], visible)
    return page(
        request,
        "leads/pool.html",
        {
            "tab": "leads",
            "view": "pool",
            "leads": leads,
            "errors": errors or {},
            "values": values or {},
            "problem": problem,
            "claimed": request.query_params.get("claimed"),
            "grade_label": grade_labeller(await current_policy()),
            "source_label": lambda s: _(SOURCES[s]) if s in SOURCES else s,
        },
        block="pool_list",
        status_code=status,
    )


@get("/leads/pool", guards=CONSULTANT)
async def pool_list(request: Request) -> Template:
    return await _page(request)


@post("/leads/{lead_id:int}/claim", guards=CONSULTANT)
async def claim(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    limit = (await current_policy()).daily_claim_limit
    result = await pool.claim(lead_id, request.scope["user"].id, datetime.now(UTC), limit)
    if result.ok:
        return Redirect(f"/leads/pool?claimed={lead_id}", status_code=303)
    message = _(result.message).format(n=limit, name=result.holder)
    # beside the list, not the lead: a lead someone else claimed has left the pool
    return await _page(request, problem=message, status=409)


@post("/leads/{lead_id:int}/reveal", guards=CONSULTANT)
async def reveal_number(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    form = await request.form()
    reason = (form.get("reason") or "").strip()
    limit = (await current_policy()).daily_reveal_limit
    user_id = request.scope["user"].id
    problem = await reveal.reveal(lead_id, user_id, reason, datetime.now(UTC), limit)
    back = form.get("next") or "/leads/pool"
    if problem:
        message = _(problem).format(n=limit)
        if back == f"/leads/{lead_id}":
            return await reveal_refused(request, lead_id, message, reason)
        return await _page(request, errors={lead_id: message}, values={lead_id: reason}, status=422)
    if not back.startswith("/") or back.startswith("//"):
        back = "/leads/pool"
    return Redirect(f"{back}#lead-{lead_id}", status_code=303)


routes = [pool_list, claim, reveal_number]
