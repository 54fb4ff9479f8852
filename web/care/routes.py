"""After-sale care on a won lead: tick a care task done (with an optional note), record the
customer's survey. Answers are only ever added: there is no route to edit or remove one."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.care import queries
from db.care.rules import N_, note_problem, read_survey
from db.staff.rules import Role
from web.care.view import care_of
from web.guards import NotYours, allow
from web.i18n import gettext as _
from web.leads.lead import lead_for
from web.pages import page

CONSULTANT = [allow(Role.CONSULTANT)]


async def _lead(request: Request, lead_id: int) -> dict:
    """The lead, if this person may look after its customer: the owner or a manager (a
    colleague who may merely see a pool lead may not)."""
    lead = await lead_for(request, lead_id)
    if not lead.get("mine", True):
        raise NotYours("not your customer")
    return lead


async def _care_page(request: Request, lead: dict, *, errors=None, values=None, status=200):
    """The care section on a page of its own: where a refused tick or survey comes back,
    with the message beside the field and what was typed kept."""
    care = await care_of(lead, errors=errors, values=values)
    if care is None:  # not won: show the message on an empty care section
        care = {"tasks": [], "surveys": [], "errors": errors or {}, "typed": values or {}}
    return page(
        request,
        "care/care.html",
        {"tab": "leads", "lead": {**lead, "care": care}},
        block="lead_care",
        status_code=status,
    )


@get("/leads/{lead_id:int}/care", guards=CONSULTANT)
async def care_page(request: Request, lead_id: FromPath[int]) -> Template:
    lead = await _lead(request, lead_id)
    return await _care_page(request, lead)


@post("/leads/{lead_id:int}/care/{task_id:int}/done", guards=CONSULTANT)
async def tick(
    request: Request, lead_id: FromPath[int], task_id: FromPath[int]
) -> Template | Redirect:
    lead = await _lead(request, lead_id)
    form = await request.form()
    note = form.get("note") or ""
    problem = note_problem(note)
    if problem:
        errors = {f"task-{task_id}": _(problem)}
        return await _care_page(
            request, lead, errors=errors, values={f"task-{task_id}": note}, status=422
        )
    done = await queries.tick(lead_id, task_id, request.scope["user"].id, note)
    if done is None:
        errors = {f"task-{task_id}": _(N_("This lead has no such care task."))}
        return await _care_page(request, lead, errors=errors, status=422)
    # done twice: nothing changes and nothing is wrong; back to the lead either way
    return Redirect(f"/leads/{lead_id}#care-task-{task_id}", status_code=303)


@post("/leads/{lead_id:int}/care/survey", guards=CONSULTANT)
async def survey(request: Request, lead_id: FromPath[int]) -> Template | Redirect:
    lead = await _lead(request, lead_id)
    form = await request.form()
    keys = ("satisfaction", "repurchase", "referral", "comment")
    values = {k: form.get(k) or "" for k in keys}
    answers, problems = read_survey(*(values[k] for k in keys))
    if answers is None:
        errors = {k: _(v) for k, v in problems.items()}
        return await _care_page(request, lead, errors=errors, values=values, status=422)
    refused = await queries.record_survey(lead_id, request.scope["user"].id, answers)
    if refused:
        return await _care_page(
            request, lead, errors={"survey": _(refused)}, values=values, status=422
        )
    return Redirect(f"/leads/{lead_id}#care-surveys", status_code=303)


routes = [care_page, tick, survey]
