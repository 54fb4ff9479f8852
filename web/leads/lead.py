"""One lead's page: its facts and history, the number to tap, and the follow-up form."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.idempotency import KeyTaken
from db.leads import followups, leads, merge, reveal
from db.leads.assign import assignable_consultants
from db.leads.enquiries import dealer_today
from db.leads.followups import NewFollowUp
from db.leads.policy import current_policy
from db.leads.rules import (
    CHANNELS,
    EVENT_LABELS,
    GRADES,
    LOST_REASONS,
    OUTCOMES,
    POOL_REASONS,
    SOURCES,
    STATUS_LABELS,
    Policy,
    follow_up_problems,
    next_follow_up,
)
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.care.view import care_of
from web.guards import NotYours, allow
from web.i18n import gettext as _
from web.idempotency import KeyInUse, request_key
from web.leads.grades import grade_choices
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]
FOLLOW_UP_CHANNELS = {k: v for k, v in CHANNELS.items() if k != "call_attempt"}


async def lead_for(request: Request, lead_id: int) -> dict:
    """The lead as this person may see it: their own, one in the public pool (its number
    masked until they reveal it), or any for a manager; 403 otherwise."""
    user = request.scope["user"]
    is_manager = Role.MANAGER in user.roles
    revealed = not is_manager and lead_id in await reveal.revealed_leads(
        user.id, [lead_id], datetime.now(UTC)
    )
    lead = await leads.lead_detail(lead_id, user.id, is_manager=is_manager, revealed=revealed)
    if lead is None:
        raise NotFoundException()
    if not is_manager and lead["owner_id"] not in (user.id, None):
        raise NotYours("not your lead")
    lead["in_pool"] = lead["owner_id"] is None and lead["status"] not in ("merged", "won")
    lead["mine"] = is_manager or lead["owner_id"] == user.id
    return lead


def describe(event: dict) -> str:
    """A history event in words, in the user's language."""
    kind, detail = event["kind"], event.get("detail") or {}
    if kind not in EVENT_LABELS:
        return kind
    text = _(EVENT_LABELS[kind]).format_map(defaultdict(str, detail))
    if kind == "pooled" and detail.get("reason") in POOL_REASONS:
        text += " · " + _(POOL_REASONS[detail["reason"]])
    if kind == "created" and detail.get("source") in SOURCES:
        text += " · " + _(SOURCES[detail["source"]])
    if kind == "assigned" and detail.get("to_name"):
        text = _("Assigned to {name} by the manager").format(name=detail["to_name"])
    if kind == "assigned" and detail.get("how") == "round_robin":
        text = _("Given to a consultant in turn")
    if kind == "assigned" and detail.get("how") == "share":
        text = _("Came by the consultant's own share link")
    if kind == "lost_asked" and detail.get("reason") in LOST_REASONS:
        text += " · " + _(LOST_REASONS[detail["reason"]])
    if detail.get("note"):
        text += " · " + str(detail["note"])
    return text


async def _page(
    request: Request,
    lead: dict,
    values: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
    block: str | None = None,
):
    """The lead's page; `values` are what was typed (over the follow-up form's defaults)."""
    user = request.scope["user"]
    policy = await current_policy()
    values = {**_fresh_form(lead, policy), **(values or {})}
    is_manager = Role.MANAGER in user.roles
    lead["care"] = await care_of(lead) if lead["mine"] else None  # after-sale care (web.care)
    candidates = (
        await merge.merge_candidates(lead, user.id, is_manager=is_manager)
        if lead["mine"] and lead["status"] != "merged"
        else []
    )
    return page(
        request,
        "leads/lead.html",
        {
            "tab": "leads",
            "lead": lead,
            "values": values,
            "errors": errors or {},
            "channels": FOLLOW_UP_CHANNELS,
            "all_channels": CHANNELS,
            "outcomes": OUTCOMES,
            "grades": grade_choices(policy),
            "sources": SOURCES,
            "statuses": STATUS_LABELS,
            "body_types": BODY_TYPES,
            "describe": describe,
            "candidates": candidates,
            "consultants": await assignable_consultants() if is_manager else [],
        },
        block=block or ("follow_up_form" if errors else None),
        status_code=status,
    )


@get("/leads/{lead_id:int}", guards=CONSULTANT)
async def lead_page(request: Request, lead_id: FromPath[int]) -> Template:
    lead = await lead_for(request, lead_id)
    return await _page(request, lead)


def _fresh_form(lead: dict, policy: Policy) -> dict:
    """The follow-up form as it starts: a call, the lead's grade, the date that implies."""
    return {
        "channel": "call",
        "grade": lead["grade"],
        "next_date": next_follow_up(lead["grade"], dealer_today(), policy.cadence).isoformat(),
    }


@post("/leads/{lead_id:int}/follow-ups", guards=CONSULTANT)
async def log_follow_up(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    lead = await lead_for(request, lead_id)
    form = await request.form()
    idem = request_key(request, form)
    user_id = request.scope["user"].id
    try:
        if idem and await followups.logged_with(idem, lead_id, user_id):
            return Redirect(f"/leads/{lead_id}", status_code=303)  # a retry: already logged
    except KeyTaken:
        raise KeyInUse() from None
    keys = ("channel", "said", "outcome", "grade", "next_date")
    values = {k: (form.get(k) or "").strip() for k in keys}
    today = dealer_today()
    try:
        next_date = date.fromisoformat(values["next_date"]) if values["next_date"] else None
    except ValueError:
        next_date = None
    if next_date is None and not values["next_date"] and values["grade"] in GRADES:
        cadence = (await current_policy()).cadence  # left empty: the grade's default
        next_date = next_follow_up(values["grade"], today, cadence)
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
    if lead["status"] == "merged":
        errors["form"] = _("This lead was merged into lead #{id}: log the follow-up there.").format(
            id=lead["merged_into"]
        )
    if errors:
        return await _page(request, lead, values, errors, status=422)
    try:
        await followups.log_follow_up(
            lead_id,
            user_id,
            NewFollowUp(
                channel=values["channel"],
                said=values["said"],
                outcome=values["outcome"],
                grade=values["grade"],
                next_date=next_date,
            ),
            client_key=idem,
        )
    except KeyTaken:
        raise KeyInUse() from None
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


@post("/leads/{lead_id:int}/merge", guards=CONSULTANT)
async def merge_into(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    """Merge another lead (a duplicate of this customer) into this one."""
    lead = await lead_for(request, lead_id)
    form = await request.form()
    raw = (form.get("source") or form.get("source_other") or "").strip().lstrip("#")
    values = {"source": raw, "same": form.get("same") or ""}
    user = request.scope["user"]
    if not raw.isdigit():
        problem = _("Give the number of the lead to merge, e.g. 1024.")
    elif not values["same"]:
        problem = _("Tick that you checked it is the same customer.")
    else:
        found = await merge.merge(int(raw), lead_id, user.id, is_manager=Role.MANAGER in user.roles)
        if found is None:
            return Redirect(f"/leads/{lead_id}#history", status_code=303)
        problem = _(found)
    values = {"merge": values}
    return await _page(request, lead, values, {"merge": problem}, status=422, block="merge")


async def reveal_refused(request: Request, lead_id: int, message: str, reason: str) -> Template:
    """The lead's page with the reveal form's refusal beside it."""
    lead = await lead_for(request, lead_id)
    values = {"reason": reason}
    return await _page(request, lead, values, {"reveal": message}, status=422, block="reveal")


routes = [lead_page, log_follow_up, call, merge_into]
