"""The Stock tab: the dealership's cars on their path from acquisition to sale.

The list and a car's page live here with the moves and the body type; each section of the
car's page has its own small module (recon, certification, price, wholesale), all listed in
`routes` at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from components.format import day
from db.dealership.rules import AGING_MOST
from db.settings import settings
from db.staff.queries import team
from db.staff.rules import Role
from db.stock import queries
from db.stock.queries import InventoryFilter, MoveRefused
from db.stock.rules import BODY_TYPES
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import current_locale, lazy, ngettext
from web.i18n import gettext as _
from web.pages import page
from web.stock import certification, price, recon, wholesale
from web.stock.age_bands import age_band_label
from web.stock.unit_page import STATES, answer, refuse, sees_cost, state_label, unit_page

SORTS = {
    "age": lazy("Oldest first"),
    "newest": lazy("Newest first"),
    "price": lazy("Price: highest first"),
    "price_low": lazy("Price: lowest first"),
    "make": lazy("Make"),
}
NEXT_ACTIONS = {
    "send_to_certification": lazy("Send for certification"),
    "needs_certification": lazy("Needs certification"),
    "needs_price": lazy("Needs a price"),
    "needs_photos": lazy("Needs listing photos"),
    "ready_to_list": lazy("Ready to list"),
    "complete_sale": lazy("Complete the sale"),
}


def next_action_label(unit: dict) -> str:
    if unit["next"] == "tasks_open":
        n = unit["open_tasks"]
        return ngettext("%(num)d task open", "%(num)d tasks open", n) % {"num": n}
    return _(NEXT_ACTIONS[unit["next"]]) if unit["next"] else ""


def _number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def inventory_filter(
    stage: str,
    make: str,
    sort: str,
    aged: bool,
    band: str = "",
    left_from: str = "",
    left_to: str = "",
    by: str = "",
) -> InventoryFilter:
    """The list's filters from its address, for the list and its export (web/stock/export.py)
    alike. Unknown values are ignored rather than refused: a shared link keeps working.
    `band`, `left_from`/`left_to` and `by` are what the manager's dashboard links to (an age
    band, cars that left in a period, cars one person bought in); the list has no controls
    for them, it names them above the cars."""
    level = _number(band)
    return InventoryFilter(
        state=stage if stage in (*STATES, "all") else "",
        make=make[:64],
        sort=sort if sort in SORTS else "age",
        aged=aged,
        band=level if level is not None and level <= AGING_MOST else None,
        left_from=_date(left_from),
        left_to=_date(left_to),
        acquired_by=_number(by),
    )


def _day(value: date) -> str:
    return day(value, current_locale(), settings().timezone)


async def narrowed_by(f: InventoryFilter) -> list[str]:
    """The dashboard's filters a list was opened with, in words (the form has no control
    for them): an age band, a period the cars left in, the person who bought them in."""
    words = []
    if f.band is not None:
        words.append(await age_band_label(f.band))
    if f.left_from or f.left_to:
        words.append(
            _("Left stock {start} – {end}").format(
                start=_day(f.left_from) if f.left_from else "…",
                end=_day(f.left_to) if f.left_to else "…",
            )
        )
    if f.acquired_by is not None:
        name = next((p["display_name"] for p in await team() if p["id"] == f.acquired_by), "")
        words.append(_("Bought in by {name}").format(name=name or "—"))
    return words


@get("/inventory", guards=[allow()])
async def inventory(
    request: Request,
    stage: Annotated[str, QueryParameter(name="state")] = "",  # `state` is Litestar's own
    make: FromQuery[str] = "",
    sort: FromQuery[str] = "age",
    aged: FromQuery[bool] = False,
    band: FromQuery[str] = "",
    left_from: FromQuery[str] = "",
    left_to: FromQuery[str] = "",
    by: FromQuery[str] = "",
) -> Template:
    f = inventory_filter(stage, make, sort, aged, band, left_from, left_to, by)
    with_cost = sees_cost(request)
    return page(
        request,
        "stock/inventory.html",
        {
            "tab": "stock",
            "units": await queries.inventory(f, with_cost=with_cost),
            "f": f,
            "narrowed": await narrowed_by(f),
            "makes": await queries.makes_in_stock(),
            "states": STATES,
            "sorts": SORTS,
            "state_label": state_label,
            "next_action": next_action_label,
            "sees_cost": with_cost,
        },
        block="stock_list",
    )


@get("/inventory/{unit_id:int}", guards=[allow()])
async def unit_detail(request: Request, unit_id: FromPath[int]) -> Template:
    return await unit_page(request, unit_id, block="unit_work")


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
        return await refuse(request, unit_id, "unit_work", {"move": text})
    return await answer(request, unit_id, "unit-path", "unit_work", also=("unit_money",))


@dataclass
class BodyForm:
    body_type: str = ""


@post("/inventory/{unit_id:int}/body", guards=[allow(Role.APPRAISER)])
async def body_type(
    request: Request, unit_id: FromPath[int], data: Annotated[BodyForm, Form]
) -> Template | Redirect:
    if data.body_type not in BODY_TYPES:
        return await refuse(
            request, unit_id, "unit_body", {"body_type": _("Choose one of the options.")}
        )
    if not await queries.set_body_type(unit_id, data.body_type):
        raise NotFoundException()
    return await answer(request, unit_id, "unit-body", "unit_body")


routes = [
    inventory,
    unit_detail,
    move,
    body_type,
    *recon.routes,
    *certification.routes,
    *price.routes,
    *wholesale.routes,
]
