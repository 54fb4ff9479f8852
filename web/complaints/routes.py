"""Complaints: the list, recording one (from a lead or standalone), and one complaint's
timeline with the form for its next step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.complaints import complaints as store
from db.complaints.rules import (
    ACTIONS,
    ANSWERS,
    STEPS,
    TIMELINE_LABELS,
    action_problem,
    contacted_same_day,
    durations,
    new_complaint_problems,
    next_actions,
    phone_number,
)
from db.leads.clock import local_today
from db.settings import settings
from db.staff.rules import Role
from web.guards import NotYours, allow
from web.i18n import gettext as _
from web.leads.routes import age
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


def took(span: timedelta) -> str:
    """A step's duration as read at a glance: minutes, hours, or days and hours."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    if minutes < 24 * 60:
        return _("{h} h {m} min").format(h=minutes // 60, m=minutes % 60)
    return _("{d} d {h} h").format(d=minutes // (24 * 60), h=minutes % (24 * 60) // 60)


def _same_day(row: dict, now: datetime) -> bool | None:
    contacted = row["contacted_at"]
    return contacted_same_day(
        local_today(row["received_at"]),
        local_today(contacted) if contacted else None,
        local_today(now),
    )


def _may_see(row: dict, user) -> bool:
    return Role.MANAGER in user.roles or user.id in (row["handler"], row["lead_owner"])


# --- the list -----------------------------------------------------------------------------


@get("/complaints", guards=CONSULTANT)
async def complaint_list(request: Request) -> Template:
    user = request.scope["user"]
    now = datetime.now(UTC)
    rows = await store.complaint_list(user.id, is_manager=Role.MANAGER in user.roles)
    for row in rows:
        row["same_day"] = _same_day(row, now)
        row["age"] = age(row["received_at"], now)
    return page(
        request,
        "complaints/list.html",
        {"tab": "leads", "view": "complaints", "complaints": rows, "steps": STEPS},
        block="complaint_list",
    )


# --- recording one ------------------------------------------------------------------------


async def _lead(request: Request, lead_id: int | None) -> dict | None:
    """The lead the complaint is about, if this person may see it (its owner or a manager)."""
    if lead_id is None:
        return None
    lead = await store.lead_for_complaint(lead_id)
    if lead is None:
        raise NotFoundException()
    user = request.scope["user"]
    if Role.MANAGER not in user.roles and lead["owner"] != user.id:
        raise NotYours("not your lead")
    return lead


def _new_page(request: Request, lead, values: dict, errors: dict, status: int = 200):
    return page(
        request,
        "complaints/new.html",
        {
            "tab": "leads",
            "lead": lead,
            "values": values,
            "errors": errors,
            "now_local": datetime.now(_zone()).strftime(LOCAL_FORMAT),
        },
        block="complaint_new",
        status_code=status,
    )


@get("/complaints/new", guards=CONSULTANT)
async def new_form(request: Request, lead: FromQuery[int | None] = None) -> Template:
    row = await _lead(request, lead)
    values = {
        "customer_name": row["name"] if row else "",
        "phone": "",
        "what": "",
        "received_at": datetime.now(_zone()).strftime(LOCAL_FORMAT),
    }
    return _new_page(request, row, values, {})


def _parse_local(raw: str) -> datetime | None:
    try:
        moment = datetime.strptime(raw.strip(), LOCAL_FORMAT)
    except ValueError:
        return None
    return moment.replace(tzinfo=_zone()).astimezone(UTC)


@post("/complaints/new", guards=CONSULTANT)
async def record(request: Request) -> Template | Redirect:
    form = await request.form()
    values = {
        k: (form.get(k) or "") for k in ("customer_name", "phone", "what", "received_at", "lead")
    }
    lead_id = int(values["lead"]) if values["lead"].isdigit() else None
    lead = await _lead(request, lead_id)
    received_at = _parse_local(values["received_at"])
    errors = {
        field: _(message)
        for field, message in new_complaint_problems(
            name=values["customer_name"],
            phone=values["phone"],
            what=values["what"],
            received_at=received_at,
            received_raw=values["received_at"],
            now=datetime.now(UTC),
            has_lead=lead is not None,
        ).items()
    }
    if errors:
        return _new_page(request, lead, values, errors, status=422)
    assert received_at is not None
    user = request.scope["user"]
    complaint_id = await store.record(
        store.NewComplaint(
            customer_name=lead["name"] if lead else values["customer_name"],
            phone=lead["phone"] if lead else (phone_number(values["phone"]) or ""),
            what=values["what"],
            received_at=received_at,
            lead=lead["id"] if lead else None,
            # a manager recording it for a lead hands it to the lead's consultant
            handler=(lead["owner"] if lead and lead["owner"] else user.id),
        ),
        user.id,
    )
    return Redirect(f"/complaints/{complaint_id}", status_code=303)


# --- one complaint --------------------------------------------------------------------------


async def _complaint(request: Request, complaint_id: int) -> dict:
    row = await store.complaint_detail(complaint_id)
    if row is None:
        raise NotFoundException()
    if not _may_see(row, request.scope["user"]):
        raise NotYours("not your complaint")
    return row


def _detail_page(request: Request, row: dict, values=None, errors=None, status: int = 200):
    user = request.scope["user"]
    is_manager = Role.MANAGER in user.roles
    now = datetime.now(UTC)
    steps = row["steps"]
    for step, span in zip(
        steps, durations(row["received_at"], [s["created_at"] for s in steps]), strict=True
    ):
        step["took"] = took(span)
        step["label"] = TIMELINE_LABELS.get(step["step"], step["step"])
    return page(
        request,
        "complaints/complaint.html",
        {
            "tab": "leads",
            "c": row,
            "steps": STEPS,
            "actions": ACTIONS,
            "answers": ANSWERS,
            "next": next_actions(row["step"], row["answer"], is_manager=is_manager),
            "is_manager": is_manager,
            "same_day": _same_day(row, now),
            "open_for": took((row["closed_at"] or now) - row["received_at"]),
            "values": values or {},
            "errors": errors or {},
        },
        block="complaint_form",
        status_code=status,
    )


@get("/complaints/{complaint_id:int}", guards=CONSULTANT)
async def complaint_page(request: Request, complaint_id: FromPath[int]) -> Template:
    return _detail_page(request, await _complaint(request, complaint_id))


@post("/complaints/{complaint_id:int}/steps", guards=CONSULTANT)
async def take_step(request: Request, complaint_id: FromPath[int]) -> Template | Redirect:
    row = await _complaint(request, complaint_id)
    user = request.scope["user"]
    form = await request.form()
    values = {k: (form.get(k) or "") for k in ("action", "note", "answer", "step")}
    # the step the form was made for: a page left open while a colleague moved on is stale
    seen = values["step"] or row["step"]
    problem = action_problem(
        values["action"],
        seen,
        row["answer"],
        is_manager=Role.MANAGER in user.roles,
        note=values["note"],
        answer=values["answer"],
    )
    if problem and problem.forbidden:
        raise PermissionDeniedException(problem.message)
    if problem is None and seen != row["step"]:
        problem_text = _(store.RACE_MESSAGE).format(step=_(STEPS.get(row["step"], row["step"])))
        return _detail_page(request, row, values, {"form": problem_text}, status=409)
    if problem:
        return _detail_page(request, row, values, {problem.field: _(problem.message)}, status=422)
    try:
        await store.advance(
            complaint_id,
            values["action"],
            user.id,
            seen_step=seen,
            note=values["note"],
            answer=values["answer"],
            latest_answer=row["answer"],
        )
    except store.StepTaken as taken:
        fresh = await _complaint(request, complaint_id)
        message = _(store.RACE_MESSAGE).format(step=_(STEPS.get(taken.step, taken.step)))
        return _detail_page(request, fresh, values, {"form": message}, status=409)
    return Redirect(f"/complaints/{complaint_id}", status_code=303)


routes = [complaint_list, new_form, record, complaint_page, take_step]
