"""One lead's page: its facts and history, the number to tap, and the follow-up form."""

from __future__ import annotations

from datetime import date

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads import followups, leads
from db.leads.enquiries import dealer_today
from db.leads.followups import NewFollowUp
from db.leads.rules import (
    CHANNELS,
    GRADES,
    OUTCOMES,
    SOURCES,
    STATUS_LABELS,
    follow_up_problems,
    next_follow_up,
)
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.guards import NotYours, allow
from web.i18n import gettext as _
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]
FOLLOW_UP_CHANNELS = {k: v for k, v in CHANNELS.items() if k != "call_attempt"}


async def lead_for(request: Request, lead_id: int) -> dict:
    """The lead as this person may see it; 403 unless they own it or manage."""
    user = request.scope["user"]
    is_manager = Role.MANAGER in user.roles
    lead = await leads.lead_detail(lead_id, user.id, is_manager=is_manager)
    if lead is None:
        raise NotFoundException()
    if not is_manager and lead["owner_id"] != user.id:
        raise NotYours("not your lead")
    return lead


def _page(request: Request, lead: dict, values: dict, errors: dict, status: int = 200):
    return page(
        request,
        "leads/lead.html",
        {
            "tab": "leads",
            "lead": lead,
            "values": values,
            "errors": errors,
            "channels": FOLLOW_UP_CHANNELS,
            "all_channels": CHANNELS,
            "outcomes": OUTCOMES,
            "grades": GRADES,
            "sources": SOURCES,
            "statuses": STATUS_LABELS,
            "body_types": BODY_TYPES,
        },
        block="follow_up_form" if errors else None,
        status_code=status,
    )


@get("/leads/{lead_id:int}", guards=CONSULTANT)
async def lead_page(request: Request, lead_id: FromPath[int]) -> Template:
    lead = await lead_for(request, lead_id)
    today = dealer_today()
    values = {
        "channel": "call",
        "grade": lead["grade"],
        "next_date": next_follow_up(lead["grade"], today).isoformat(),
    }
    return _page(request, lead, values, {})


@post("/leads/{lead_id:int}/follow-ups", guards=CONSULTANT)
async def log_follow_up(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    lead = await lead_for(request, lead_id)
    form = await request.form()
    keys = ("channel", "said", "outcome", "grade", "next_date")
    values = {k: (form.get(k) or "").strip() for k in keys}
    today = dealer_today()
    try:
        next_date = date.fromisoformat(values["next_date"]) if values["next_date"] else None
    except ValueError:
        next_date = None
    if next_date is None and not values["next_date"] and values["grade"] in GRADES:
        next_date = next_follow_up(values["grade"], today)  # left empty: the grade's default
    errors = {
        k: _(v)
        for k, v in follow_up_problems(
            channel=values["channel"],
            outcome=values["outcome"],
            grade=values["grade"],
            next_date=next_date,
            today=today,
        ).items()
    }
    if errors:
        return _page(request, lead, values, errors, status=422)
    await followups.log_follow_up(
        lead_id,
        request.scope["user"].id,
        NewFollowUp(
            channel=values["channel"],
            said=values["said"],
            outcome=values["outcome"],
            grade=values["grade"],
            next_date=next_date,
        ),
    )
    return Redirect(f"/leads/{lead_id}", status_code=303)


@get("/leads/{lead_id:int}/call", guards=CONSULTANT)
async def call(request: Request, lead_id: FromPath[int]) -> Response:
    """Tapping the number: log a call attempt, then hand the number to the phone's dialer.

    A plain link (works without JavaScript; the page marks it hx-boost="false" so htmx
    leaves the navigation to the browser), answered with a redirect to `tel:`."""
    lead = await lead_for(request, lead_id)
    if not lead["phone"]:
        raise NotYours("number masked")
    await followups.log_call_attempt(lead_id, request.scope["user"].id)
    number = lead["phone"].replace(" ", "")
    return Response(content=b"", status_code=303, headers={"Location": f"tel:{number}"})


routes = [lead_page, log_follow_up, call]
