"""A car's page in stock (/inventory/{id}), whole or one of its blocks, and how each small
form on it answers: the block it changed (htmx), or a redirect back to the page (no JS).

Blocks: unit_money (the figures in the header, out of band), unit_body, unit_work (all the
working sections at once: after a move, an inspection, a price or a sale, because each
changes what the others offer), and inside it unit_path, open_tasks (a counter, out of
band), unit_recon, unit_certification, unit_price, unit_wholesale.
"""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from db.dealership.queries import current_stock_rules
from db.staff.rules import Role
from db.stock import certification, pricing, queries, recon, wholesale
from db.stock.rules import (
    BODY_TYPES,
    FORWARD,
    RECON_KINDS,
    State,
    allowed_moves,
    in_stock,
    may_see_cost,
    may_set_price,
    move_problem,
)
from web.i18n import gettext as _
from web.i18n import lazy
from web.pages import page, wants_fragment

STATES = {
    "reconditioning": lazy("Reconditioning"),
    "certification": lazy("Certification"),
    "listed": lazy("Listed for retail"),
    "reserved": lazy("Reserved"),
    "sold": lazy("Sold"),
    "wholesale": lazy("Wholesale"),
}
NEXT_STEP = {
    "reconditioning": lazy("Finish the reconditioning, then send for certification"),
    "certification": lazy("Inspect and record the certification result"),
    "listed": lazy("On sale: share it and follow up the enquiries"),
    "reserved": lazy("Deposit taken: complete the sale"),
}


def state_label(key: str) -> str:
    return _(STATES.get(key, key))


def sees_cost(request: Request) -> bool:
    return may_see_cost(request.scope["user"].roles)


def _move_offer(u: dict, can_move: bool, needs_certification: bool) -> tuple[list, str | None]:
    """The moves offered, and why the step forward is not among them (if it is not).
    Wholesale is offered in the bids section instead: a trade sale needs a buyer's bid."""
    if not can_move:
        return [], None
    facts = {
        "certified": u["certified"],
        "priced": bool(u["retail_price"]),
        "certification_required": needs_certification,
    }
    moves = [m for m in allowed_moves(u["state"], **facts) if m != State.WHOLESALE]
    forward = FORWARD.get(u["state"])
    blocked = None
    if forward and forward not in moves:
        blocked = move_problem(u["state"], forward, **facts)
    return moves, blocked


async def context(
    request: Request, unit_id: int, errors: dict | None = None, values: dict | None = None
) -> dict:
    user = request.scope["user"]
    with_cost = sees_cost(request)
    u = await queries.unit(unit_id, with_cost=with_cost)
    if u is None:
        raise NotFoundException()
    works = user.has(Role.APPRAISER)  # managers and appraisers work on the car
    live = in_stock(u["state"])
    tasks = await recon.tasks(unit_id, with_cost=with_cost)
    offer = []
    if works and live and not tasks and not await recon.any_tasks(unit_id):
        offer = await recon.appraisal_estimate(unit_id, _)
    rules = await current_stock_rules()
    next_moves, blocked = _move_offer(u, works, rules.listing_needs_certification)
    return {
        "tab": "stock",
        "u": u,
        "live": live,
        "works": works,
        "sees_cost": with_cost,
        "sets_price": may_set_price(user.roles) and live,
        "moves": await queries.moves(unit_id),
        "next_moves": next_moves,
        "blocked": blocked,
        "forward": FORWARD.get(u["state"]),
        "next_step": NEXT_STEP.get(u["state"]),
        "tasks": tasks,
        "offer": offer,
        "kinds": RECON_KINDS,
        "certifications": await queries.certifications(unit_id),
        "checklist": await certification.checklist(_)
        if works and u["state"] == State.CERTIFICATION
        else [],
        "prices": await pricing.price_history(unit_id),
        "bids": await wholesale.bids(unit_id) if with_cost else [],
        "body_types": BODY_TYPES,
        "state_label": state_label,
        "State": State,
        "errors": errors or {},
        "values": values or {},
    }


async def unit_page(
    request: Request,
    unit_id: int,
    *,
    block: str | None = "unit_work",
    also: tuple[str, ...] = (),
    errors: dict | None = None,
    values: dict | None = None,
    status: int = 200,
    headers: dict | None = None,
) -> Template:
    ctx = await context(request, unit_id, errors, values)
    return page(
        request,
        "stock/unit.html",
        ctx,
        block=block,
        also=also,
        status_code=status,
        headers=headers or {},
    )


async def answer(
    request: Request, unit_id: int, anchor: str, block: str, also: tuple[str, ...] = ()
) -> Template | Redirect:
    """After a successful write: the changed block for htmx, or back to the page (PRG)."""
    if wants_fragment(request):
        return await unit_page(request, unit_id, block=block, also=also)
    return Redirect(f"/inventory/{unit_id}#{anchor}", status_code=303)


async def refuse(
    request: Request,
    unit_id: int,
    block: str,
    errors: dict,
    values: dict | None = None,
    also: tuple[str, ...] = (),
) -> Template:
    """A 422 with the messages beside their fields and what was typed kept; the whole page
    without JavaScript, the block with it. The forms that change the whole work area scroll
    to the car's path when they succeed (`show:top`); a refusal stays where the form is."""
    return await unit_page(
        request,
        unit_id,
        block=block,
        also=also,
        errors=errors,
        values=values,
        status=422,
        headers={"HX-Reswap": "outerHTML"},
    )
