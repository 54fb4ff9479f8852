"""The Stock tab: the dealership's cars on their path from acquisition to sale."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import queries
from db.stock.queries import InventoryFilter, MoveRefused
from db.stock.rules import FORWARD, State, allowed_moves
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.pages import page

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
SORTS = {"age": lazy("Oldest first"), "make": lazy("Make"), "price": lazy("Price")}


def state_label(key: str) -> str:
    return _(STATES.get(key, key))


def _sees_cost(request: Request) -> bool:
    """Consultants see the price, not the cost."""
    return request.scope["user"].has(Role.APPRAISER)


@get("/inventory", guards=[allow()])
async def inventory(
    request: Request,
    stage: Annotated[str, QueryParameter(name="state")] = "",  # `state` is Litestar's own
    make: FromQuery[str] = "",
    sort: FromQuery[str] = "age",
    aged: FromQuery[bool] = False,
) -> Template:
    # unknown values are ignored rather than refused: a shared link keeps working
    f = InventoryFilter(
        state=stage if stage in (*STATES, "all") else "",
        make=make[:64],
        sort=sort if sort in SORTS else "age",
        aged=aged,
    )
    return page(
        request,
        "stock/inventory.html",
        {
            "tab": "stock",
            "units": await queries.inventory(f),
            "f": f,
            "makes": await queries.makes_in_stock(),
            "states": STATES,
            "sorts": SORTS,
            "state_label": state_label,
            "sees_cost": _sees_cost(request),
        },
        block="stock_list",
    )


async def _unit_page(
    request: Request, unit_id: int, *, error: str = "", status: int = 200
) -> Template:
    unit = await queries.unit(unit_id)
    if unit is None:
        raise NotFoundException()
    return page(
        request,
        "stock/unit.html",
        {
            "tab": "stock",
            "u": unit,
            "moves": await queries.moves(unit_id),
            "certifications": await queries.certifications(unit_id),
            "next_moves": allowed_moves(unit["state"], certified=unit["certified"])
            if request.scope["user"].has(Role.APPRAISER)
            else [],
            "next_step": NEXT_STEP.get(unit["state"]),
            "state_label": state_label,
            "sees_cost": _sees_cost(request),
            "error": error,
            "forward": FORWARD.get(unit["state"]),
            "State": State,
        },
        block="unit_path",
        status_code=status,
    )


@get("/inventory/{unit_id:int}", guards=[allow()])
async def unit_detail(request: Request, unit_id: FromPath[int]) -> Template:
    return await _unit_page(request, unit_id)


@dataclass
class MoveForm:
    to: str = ""
    note: str = ""


@post("/inventory/{unit_id:int}/move", guards=[allow(Role.APPRAISER)])
async def move(
    request: Request, unit_id: FromPath[int], data: Annotated[MoveForm, Form]
) -> Template | Redirect:
    try:
        await queries.move(unit_id, data.to, request.scope["user"].id, data.note.strip()[:500])
    except LookupError:
        raise NotFoundException() from None
    except MoveRefused as refused:
        text = _(refused.message).format(
            current=state_label(refused.params["current"]),
            target=state_label(refused.params["target"]),
        )
        return await _unit_page(request, unit_id, error=text, status=422)
    if request.headers.get("hx-request") == "true":
        return await _unit_page(request, unit_id)
    return Redirect(f"/inventory/{unit_id}", status_code=303)


@dataclass
class CertificationForm:
    passed: str = ""
    note: str = ""


@post("/inventory/{unit_id:int}/certification", guards=[allow(Role.APPRAISER)])
async def certification(
    request: Request, unit_id: FromPath[int], data: Annotated[CertificationForm, Form]
) -> Template | Redirect:
    if await queries.unit(unit_id) is None:
        raise NotFoundException()
    if data.passed not in ("0", "1") or (data.passed == "0" and not data.note.strip()):
        return await _unit_page(
            request,
            unit_id,
            status=422,
            error=_("Record pass or fail; a failed inspection needs a note of what failed."),
        )
    await queries.certify(
        unit_id, data.passed == "1", data.note.strip()[:1000], request.scope["user"].id
    )
    if request.headers.get("hx-request") == "true":
        return await _unit_page(request, unit_id)
    return Redirect(f"/inventory/{unit_id}", status_code=303)


routes = [inventory, unit_detail, move, certification]
