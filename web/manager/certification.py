"""The certification checklist, edited by a manager: add, rename, reorder, deactivate (and
bring back). The first edit copies the default points into the manager's language; every
change goes to the audit trail (db/stock/certification.py)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import certification as checklist
from db.stock.certification import PointRefused
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page, wants_fragment

MANAGER = [allow(Role.MANAGER)]


async def _page(
    request: Request, *, errors: dict | None = None, values: dict | None = None, status=200
) -> Template:
    return page(
        request,
        "manager/certification.html",
        {
            "tab": "me",
            "points": await checklist.points(_),
            "errors": errors or {},
            "values": values or {},
        },
        block="checklist",
        status_code=status,
    )


async def _answer(request: Request) -> Template | Redirect:
    if wants_fragment(request):
        return await _page(request)
    return Redirect("/manager/certification#checklist", status_code=303)


@get("/manager/certification", guards=MANAGER)
async def certification_points(request: Request) -> Template:
    return await _page(request)


@dataclass
class LabelForm:
    label: str = ""


@post("/manager/certification", guards=MANAGER)
async def add_point(request: Request, data: Annotated[LabelForm, Form]) -> Template | Redirect:
    try:
        await checklist.add_point(data.label, _, request.scope["user"].id)
    except PointRefused as refused:
        return await _page(
            request, errors={"add": _(refused.message)}, values={"add": data.label}, status=422
        )
    return await _answer(request)


@post("/manager/certification/{key:str}/rename", guards=MANAGER)
async def rename_point(
    request: Request, key: FromPath[str], data: Annotated[LabelForm, Form]
) -> Template | Redirect:
    try:
        await checklist.rename_point(key, data.label, _, request.scope["user"].id)
    except LookupError:
        raise NotFoundException() from None
    except PointRefused as refused:
        shown = refused.key or key
        return await _page(
            request, errors={shown: _(refused.message)}, values={shown: data.label}, status=422
        )
    return await _answer(request)


@dataclass
class MoveForm:
    direction: str = ""


@post("/manager/certification/{key:str}/move", guards=MANAGER)
async def move_point(
    request: Request, key: FromPath[str], data: Annotated[MoveForm, Form]
) -> Template | Redirect:
    step = {"up": -1, "down": 1}.get(data.direction)
    if step is None:
        return await _page(request, errors={key: _("Choose one of the options.")}, status=422)
    try:
        await checklist.move_point(key, step, _, request.scope["user"].id)
    except LookupError:
        raise NotFoundException() from None
    return await _answer(request)


@dataclass
class ActiveForm:
    active: str = ""


@post("/manager/certification/{key:str}/active", guards=MANAGER)
async def set_active(
    request: Request, key: FromPath[str], data: Annotated[ActiveForm, Form]
) -> Template | Redirect:
    if data.active not in ("0", "1"):
        return await _page(request, errors={key: _("Choose one of the options.")}, status=422)
    try:
        await checklist.set_active(key, data.active == "1", _, request.scope["user"].id)
    except LookupError:
        raise NotFoundException() from None
    except PointRefused as refused:
        return await _page(request, errors={refused.key or key: _(refused.message)}, status=422)
    return await _answer(request)


routes = [certification_points, add_point, rename_point, move_point, set_active]
