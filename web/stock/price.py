"""The retail price on a car's page: set by a manager or an appraiser (rules.may_set_price),
typed in yuan or 万, every change kept with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import pricing
from db.stock.pricing import PriceRefused
from db.stock.rules import may_set_price, parse_price
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _
from web.stock.unit_page import answer, refuse


@dataclass
class PriceForm:
    price: str = ""
    reason: str = ""


@post("/inventory/{unit_id:int}/price", guards=[allow(Role.APPRAISER)])
async def set_price(
    request: Request, unit_id: FromPath[int], data: Annotated[PriceForm, Form]
) -> Template | Redirect:
    user = request.scope["user"]
    if not may_set_price(user.roles):  # the guard admits the same roles; the rule decides
        raise PermissionDeniedException()
    values = {"price": data.price, "reason": data.reason}
    try:
        price = parse_price(data.price)
    except ValueError as problem:
        return await refuse(request, unit_id, "unit_price", {"price": _(str(problem))}, values)
    try:
        await pricing.set_price(unit_id, price, " ".join(data.reason.split())[:200], user.id)
    except LookupError:
        raise NotFoundException() from None
    except PriceRefused:
        return await refuse(
            request,
            unit_id,
            "unit_price",
            {"price": _("This car has left stock; its price can no longer change.")},
            values,
        )
    # the price decides whether the car may be listed and what it earns: the whole work area
    return await answer(request, unit_id, "unit-price", "unit_work", also=("unit_money",))


routes = [set_price]
