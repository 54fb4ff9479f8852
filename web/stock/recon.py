"""Reconditioning tasks on a car's page: add, tick done, remove, or take the appraisal's
estimate as tasks in one tap. Each answer swaps the tasks block, with the cost figures and
the open-task counter beside the move buttons out of band."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import recon
from db.stock.recon import ReconRefused
from db.stock.rules import RECON_KINDS, parse_recon_cost
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.stock.unit_page import answer, refuse

WORKERS = [allow(Role.APPRAISER)]
ALSO = ("unit_money", "open_tasks")
LEFT_STOCK = lazy("This car has left stock; its reconditioning can no longer change.")


async def _done(request: Request, unit_id: int) -> Template | Redirect:
    return await answer(request, unit_id, "unit-recon", "unit_recon", also=ALSO)


async def _left(request: Request, unit_id: int) -> Template:
    return await refuse(request, unit_id, "unit_recon", {"recon": _(LEFT_STOCK)})


@dataclass
class TaskForm:
    kind: str = ""
    label: str = ""
    cost: str = ""


@post("/inventory/{unit_id:int}/tasks", guards=WORKERS)
async def add_task(
    request: Request, unit_id: FromPath[int], data: Annotated[TaskForm, Form]
) -> Template | Redirect:
    errors = {}
    label = " ".join(data.label.split())
    if data.kind not in RECON_KINDS:
        errors["task_kind"] = _("Choose one of the options.")
    if not label:
        errors["task_label"] = _("Say what is to be done, e.g. polish and wax.")
    elif len(label) > 120:
        errors["task_label"] = _("At most 120 characters.")
    try:
        cost = parse_recon_cost(data.cost)
    except ValueError as problem:
        errors["task_cost"] = _(str(problem))
    if errors:
        values = {"task_kind": data.kind, "task_label": data.label, "task_cost": data.cost}
        return await refuse(request, unit_id, "unit_recon", errors, values)
    try:
        await recon.add_task(unit_id, data.kind, label, cost, request.scope["user"].id)
    except LookupError:
        raise NotFoundException() from None
    except ReconRefused:
        return await _left(request, unit_id)
    return await _done(request, unit_id)


@post("/inventory/{unit_id:int}/tasks/seed", guards=WORKERS)
async def seed_tasks(request: Request, unit_id: FromPath[int]) -> Template | Redirect:
    try:
        await recon.seed_from_appraisal(unit_id, request.scope["user"].id, _)
    except LookupError:
        raise NotFoundException() from None
    except ReconRefused:
        return await _left(request, unit_id)
    return await _done(request, unit_id)


@dataclass
class DoneForm:
    done: str = ""  # a ticked box posts "1"; an unticked one posts nothing


@post("/inventory/{unit_id:int}/tasks/{task_id:int}/done", guards=WORKERS)
async def tick_task(
    request: Request,
    unit_id: FromPath[int],
    task_id: FromPath[int],
    data: Annotated[DoneForm, Form],
) -> Template | Redirect:
    try:
        found = await recon.set_done(unit_id, task_id, data.done == "1")
    except LookupError:
        raise NotFoundException() from None
    except ReconRefused:
        return await _left(request, unit_id)
    if not found:
        raise NotFoundException()
    return await _done(request, unit_id)


@post("/inventory/{unit_id:int}/tasks/{task_id:int}/remove", guards=WORKERS)
async def remove_task(
    request: Request, unit_id: FromPath[int], task_id: FromPath[int]
) -> Template | Redirect:
    try:
        found = await recon.remove_task(unit_id, task_id)
    except LookupError:
        raise NotFoundException() from None
    except ReconRefused:
        return await _left(request, unit_id)
    if not found:
        raise NotFoundException()
    return await _done(request, unit_id)


routes = [add_task, seed_tasks, tick_task, remove_task]
