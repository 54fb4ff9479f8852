"""Capturing a lead at the counter: one form, a live duplicate / blacklist check on the
number, and the lead's page after saving."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from litestar import Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.idempotency import KeyTaken
from db.leads import leads
from db.leads.leads import DuplicateLead, NewLead
from db.leads.policy import current_policy
from db.leads.rules import (
    SOURCES,
    STATUS_LABELS,
    foreign_phone,
    lead_problems,
    mainland_mobile,
)
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.idempotency import KeyInUse, request_key
from web.leads.grades import grade_choices
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]
CAPTURE_SOURCES = [s for s in SOURCES if s not in ("website", "shared_link", "trade_in")]


def normalised(raw: str, foreign: bool) -> str | None:
    return foreign_phone(raw) if foreign else mainland_mobile(raw)


def _wan(raw: str) -> int | None:
    """'12.5' (万) → 125000 yuan; empty → None; raises ValueError when not a number."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if value < 0 or value > 10000:
        raise ValueError(raw)
    return int(value * 10000)


async def _form_page(
    request: Request, values: dict, errors: dict, status: int = 200, block: str = "lead_form"
):
    phone = normalised(values.get("phone", ""), bool(values.get("foreign")))
    return page(
        request,
        "leads/new.html",
        {
            "tab": "leads",
            "values": values,
            "errors": errors,
            "sources": {k: SOURCES[k] for k in CAPTURE_SOURCES},
            "grades": grade_choices(await current_policy()),
            "statuses": STATUS_LABELS,
            "body_types": BODY_TYPES,
            "cars": await leads.cars_for_interest(),
            **await _check(phone),
        },
        block=block,
        status_code=status,
    )


async def _check(phone: str | None) -> dict:
    if not phone:
        return {"existing": None, "blacklisted": None}
    return {
        "existing": await leads.existing_for_phone(phone),
        "blacklisted": await leads.blacklist_reason(phone),
    }


@get("/leads/new", guards=CONSULTANT)
async def new_lead(request: Request) -> Template:
    return await _form_page(request, {"grade": "B", "source": "walk_in"}, {})


@get("/leads/new/check", guards=CONSULTANT)
async def check_phone(
    request: Request, phone: FromQuery[str] = "", foreign: FromQuery[str] = ""
) -> Template:
    """As the number is typed: an open lead or customer with it (masked), or a blacklist
    warning; an empty block otherwise."""
    values = {"phone": phone, "foreign": foreign, "grade": "B", "source": "walk_in"}
    return await _form_page(request, values, {}, block="duplicate_check")


def _values(form: FormMultiDict) -> dict:
    keys = (
        "name",
        "phone",
        "foreign",
        "source",
        "referrer",
        "unit",
        "budget_min",
        "budget_max",
        "body_type",
        "make",
        "grade",
        "note",
        "seen_warning",
    )
    return {k: (form.get(k) or "").strip() for k in keys}


@post("/leads/new", guards=CONSULTANT)
async def save_lead(request: Request) -> Template | Redirect:
    form = await request.form()
    idem = request_key(request, form)
    user = request.scope["user"]
    try:
        if idem and (made := await leads.lead_made_with(idem, user.id)):
            # a retry of a save that went through: its lead, not the duplicate warning
            return Redirect(f"/leads/{made}", status_code=303)
    except KeyTaken:
        raise KeyInUse() from None
    values = _values(form)
    foreign = bool(values["foreign"])
    errors = {
        k: _(v)
        for k, v in lead_problems(
            name=values["name"],
            phone=values["phone"],
            foreign=foreign,
            source=values["source"],
            referrer=values["referrer"],
            grade=values["grade"],
        ).items()
    }
    if values["source"] not in CAPTURE_SOURCES and "source" not in errors:
        errors["source"] = _("Please choose where the customer came from.")
    budget = {}
    for key in ("budget_min", "budget_max"):
        try:
            budget[key] = _wan(values[key])
        except ValueError:
            errors[key] = _("Give the budget in 万, e.g. 12.5.")
    if (
        budget.get("budget_min")
        and budget.get("budget_max")
        and budget["budget_min"] > budget["budget_max"]
    ):
        errors["budget_max"] = _("The highest budget is below the lowest.")
    if values["body_type"] and values["body_type"] not in BODY_TYPES:
        errors["body_type"] = _("Please choose a body type from the list.")
    unit_id = int(values["unit"]) if values["unit"].isdigit() else None
    phone = normalised(values["phone"], foreign)
    blacklisted = phone and await leads.blacklist_reason(phone) is not None
    if blacklisted and not values["seen_warning"]:
        errors["seen_warning"] = _(
            "This number is on the blacklist: tick that you have seen the warning."
        )
    if errors:
        return await _form_page(request, values, errors, status=422)
    try:
        lead_id = await leads.create_lead(
            NewLead(
                name=values["name"],
                phone=phone,
                phone_foreign=foreign,
                source=values["source"],
                referrer=values["referrer"] if values["source"] == "referral" else "",
                unit_id=unit_id,
                budget_min=budget.get("budget_min"),
                budget_max=budget.get("budget_max"),
                body_type=values["body_type"],
                make=values["make"],
                grade=values["grade"],
                note=values["note"],
            ),
            user.id,
            date.today(),
            ip=client_ip(request),
            cadence=(await current_policy()).cadence,
            client_key=idem,
        )
    except KeyTaken:
        raise KeyInUse() from None
    except DuplicateLead as duplicate:
        holder = duplicate.existing["owner_id"]
        if holder is None or holder == user.id or Role.MANAGER in user.roles:
            errors["phone"] = _("An open lead already has this number: add to it instead.")
        else:
            errors["phone"] = _("{name} already follows this customer.").format(
                name=duplicate.existing["owner_name"]
            )
        return await _form_page(request, values, errors, status=422)
    return Redirect(f"/leads/{lead_id}", status_code=303)


routes = [new_lead, check_phone, save_lead]
