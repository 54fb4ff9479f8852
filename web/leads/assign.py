"""A manager assigns a lead to a consultant from the lead's page (web/leads/_assign.html)."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads import assign as lead_assign
from db.staff.rules import Role
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.leads.lead import _page, lead_for


@post("/leads/{lead_id:int}/assign", guards=[allow(Role.MANAGER)])
async def assign(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    lead = await lead_for(request, lead_id)
    form = await request.form()
    raw = (form.get("to") or "").strip()
    problem = await lead_assign.assign(
        lead_id,
        int(raw) if raw.isdigit() else None,
        request.scope["user"].id,
        datetime.now(UTC),
        ip=client_ip(request),
    )
    if problem is None:
        return Redirect(f"/leads/{lead_id}#history", status_code=303)
    message, args = problem
    return await _page(
        request, lead, {"assign": {"to": raw}}, {"assign": _(message).format(**args)}, status=422
    )


routes = [assign]
