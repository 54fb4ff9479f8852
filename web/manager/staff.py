"""Staff administration (manager only): the list, a new colleague with a one-time password,
roles (taking the sales consultant role away hands their open leads over as switching off
does), switching an account off (their open leads to the pool or a colleague) and on, and a
password reset. The rules live in db/staff/rules.py; the writes in db/staff/admin.py.

A one-time password, not an invite link: the dealership has no mail or SMS to send a link
by, the manager hands the password over in person or on WeChat either way, and a link would
add a public route that signs someone in. The password is shown once, in the answer to the
post (never in a URL or stored readable), and the person must choose their own at sign-in.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.staff import admin
from db.staff.rules import Role, drops_consultant, handover_problem, roles_problem
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.me.routes import ROLE_NAMES
from web.pages import page

MANAGER = [allow(Role.MANAGER)]
NO_STORE = {"Cache-Control": "no-store"}  # pages that show a one-time password
DONE = {"roles", "deactivated", "reactivated"}


def _roles_from(form) -> set[Role]:
    return {Role(v) for v in form.getall("roles", []) if v in set(Role)}


def _translated(refused: admin.Refused) -> dict[str, str]:
    return {k: _(v).format(**refused.params) for k, v in refused.problems.items()}


async def _leads_destination(form, staff_id: int) -> tuple[int | None, str | None]:
    """Where the open leads of someone leaving (or no longer a consultant) go, from the
    form's "leads" and "colleague": (a consultant's id, or None for the pool; a problem)."""
    choice = form.get("leads") or ""
    colleague = form.get("colleague") or ""
    colleague_id = int(colleague) if colleague.isdigit() else None
    consultants = [c["id"] for c in await admin.active_consultants()]
    problem = handover_problem(choice, colleague_id, consultants, staff_id)
    return (colleague_id if choice == "colleague" else None), problem


async def _list_page(
    request: Request,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    created: dict | None = None,
    status: int = 200,
) -> Template:
    return page(
        request,
        "manager/staff.html",
        {
            "tab": "me",
            "people": await admin.staff_list(),
            "role_names": ROLE_NAMES,
            "values": values or {"roles": []},
            "errors": errors or {},
            "created": created,
        },
        status_code=status,
        headers=NO_STORE if created else {},
    )


async def _person_page(
    request: Request,
    staff_id: int,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    done: str = "",
    moved: int = 0,
    password: str = "",
    status: int = 200,
) -> Template:
    person = await admin.person(staff_id)
    if person is None:
        raise NotFoundException()
    values = {"roles": [r.value for r in person["roles"]], "leads": "pool", **(values or {})}
    return page(
        request,
        "manager/staff_person.html",
        {
            "tab": "me",
            "person": person,
            "role_names": ROLE_NAMES,
            "consultants": await admin.active_consultants(except_id=staff_id),
            "values": values,
            "errors": errors or {},
            "done": done,
            "moved": moved,
            "password": password,
            "is_me": staff_id == request.scope["user"].id,
        },
        status_code=status,
        headers=NO_STORE if password else {},
    )


@get("/manager/staff", guards=MANAGER)
async def staff_page(request: Request) -> Template:
    return await _list_page(request)


@post("/manager/staff", guards=MANAGER)
async def create_staff(request: Request) -> Template:
    form = await request.form()
    values = {
        "display_name": (form.get("display_name") or "").strip(),
        "username": (form.get("username") or "").strip(),
        "roles": form.getall("roles", []),
    }
    new = admin.NewStaff(
        display_name=values["display_name"],
        username=values["username"].lower(),  # sign-in lower-cases what is typed
        roles=_roles_from(form),
    )
    try:
        staff_id, password = await admin.create(new, request.scope["user"].id, client_ip(request))
    except admin.Refused as refused:
        return await _list_page(request, values=values, errors=_translated(refused), status=422)
    created = {
        "id": staff_id,
        "name": new.display_name,
        "username": new.username,
        "password": password,
    }
    return await _list_page(request, created=created, status=201)


@get("/manager/staff/{staff_id:int}", guards=MANAGER)
async def person_page(
    request: Request, staff_id: FromPath[int], done: FromQuery[str] = "", moved: FromQuery[int] = 0
) -> Template:
    return await _person_page(
        request, staff_id, done=done if done in DONE else "", moved=max(moved, 0)
    )


@post("/manager/staff/{staff_id:int}/roles", guards=MANAGER)
async def change_roles(request: Request, staff_id: FromPath[int]) -> Template | Redirect:
    form = await request.form()
    roles = _roles_from(form)
    values = {
        "roles": form.getall("roles", []),
        "roles_leads": form.get("leads") or "",
        "roles_colleague": form.get("colleague") or "",
    }
    person = await admin.person(staff_id)
    if person is None:
        raise NotFoundException()
    leads_to = None
    if person["open_leads"] and drops_consultant(person["roles"], roles):
        to_id, problem = await _leads_destination(form, staff_id)
        if problem:
            errors = {"roles_leads": _(problem)}
            if roles_problem(roles):
                errors["roles"] = _(roles_problem(roles))
            return await _person_page(request, staff_id, errors=errors, values=values, status=422)
        leads_to = "pool" if to_id is None else to_id
    try:
        moved = await admin.change_roles(
            staff_id, roles, request.scope["user"].id, client_ip(request), leads_to=leads_to
        )
    except admin.Refused as refused:
        errors = _translated(refused)
        if "leads" in errors or "leads_to" in errors:  # beside the roles form's own question
            errors["roles_leads"] = errors.pop("leads", "") or errors.pop("leads_to")
        return await _person_page(request, staff_id, errors=errors, values=values, status=422)
    return Redirect(f"/manager/staff/{staff_id}?done=roles&moved={moved}", status_code=303)


@post("/manager/staff/{staff_id:int}/deactivate", guards=MANAGER)
async def deactivate(request: Request, staff_id: FromPath[int]) -> Template | Redirect:
    form = await request.form()
    values = {"leads": form.get("leads") or "", "colleague": form.get("colleague") or ""}
    person = await admin.person(staff_id)
    if person is None:
        raise NotFoundException()
    leads_to = None
    if person["open_leads"]:
        leads_to, problem = await _leads_destination(form, staff_id)
        if problem:
            return await _person_page(
                request, staff_id, errors={"leads": _(problem)}, values=values, status=422
            )
    try:
        moved = await admin.deactivate(
            staff_id, leads_to, request.scope["user"].id, client_ip(request)
        )
    except admin.Refused as refused:
        return await _person_page(
            request, staff_id, errors=_translated(refused), values=values, status=422
        )
    return Redirect(f"/manager/staff/{staff_id}?done=deactivated&moved={moved}", status_code=303)


@post("/manager/staff/{staff_id:int}/reactivate", guards=MANAGER)
async def reactivate(request: Request, staff_id: FromPath[int]) -> Template | Redirect:
    try:
        await admin.reactivate(staff_id, request.scope["user"].id, client_ip(request))
    except admin.Refused as refused:
        return await _person_page(request, staff_id, errors=_translated(refused), status=409)
    return Redirect(f"/manager/staff/{staff_id}?done=reactivated", status_code=303)


@post("/manager/staff/{staff_id:int}/password", guards=MANAGER)
async def reset_password(request: Request, staff_id: FromPath[int]) -> Template:
    if staff_id == request.scope["user"].id:  # it would sign them out of this very phone
        errors = {"form": _("Change your own password on the Me page.")}
        return await _person_page(request, staff_id, errors=errors, status=409)
    try:
        password = await admin.reset_password(
            staff_id, request.scope["user"].id, client_ip(request)
        )
    except admin.Refused:
        raise NotFoundException() from None
    return await _person_page(request, staff_id, password=password)


routes = [
    staff_page,
    create_staff,
    person_page,
    change_roles,
    deactivate,
    reactivate,
    reset_password,
]
