"""Wholesale bids on a car's page: trade buyers' offers recorded while the car is in stock,
highest first, and the sale to the highest (the losing bids are kept)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import wholesale
from db.stock.queries import MoveRefused
from db.stock.rules import parse_price
from db.stock.wholesale import BidRefused
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _
from web.stock.unit_page import answer, refuse, state_label

WORKERS = [allow(Role.APPRAISER)]


@dataclass
class BidForm:
    dealer: str = ""
    contact: str = ""
    amount: str = ""
    note: str = ""


@post("/inventory/{unit_id:int}/bids", guards=WORKERS)
async def add_bid(
    request: Request, unit_id: FromPath[int], data: Annotated[BidForm, Form]
) -> Template | Redirect:
    dealer, contact = " ".join(data.dealer.split()), data.contact.strip()
    errors = {}
    if not dealer:
        errors["bid_dealer"] = _("Name the dealer who bids.")
    elif len(dealer) > 64:
        errors["bid_dealer"] = _("At most 64 characters.")
    if len(contact) > 32:
        errors["bid_contact"] = _("At most 32 characters.")
    try:
        amount = parse_price(data.amount)
    except ValueError as problem:
        errors["bid_amount"] = _(str(problem))
    values = {
        "bid_dealer": data.dealer,
        "bid_contact": data.contact,
        "bid_amount": data.amount,
        "bid_note": data.note,
    }
    if errors:
        return await refuse(request, unit_id, "unit_wholesale", errors, values)
    try:
        await wholesale.add_bid(
            unit_id, dealer, contact, amount, data.note.strip()[:500], request.scope["user"].id
        )
    except LookupError:
        raise NotFoundException() from None
    except BidRefused as refused:
        return await refuse(request, unit_id, "unit_wholesale", {"bids": _(refused.message)})
    return await answer(request, unit_id, "unit-wholesale", "unit_wholesale")


@post("/inventory/{unit_id:int}/bids/{bid_id:int}/sell", guards=WORKERS)
async def sell_to_bid(
    request: Request, unit_id: FromPath[int], bid_id: FromPath[int]
) -> Template | Redirect:
    try:
        await wholesale.sell_to_bid(unit_id, bid_id, request.scope["user"].id)
    except LookupError:
        raise NotFoundException() from None
    except BidRefused as refused:
        return await refuse(request, unit_id, "unit_work", {"bids": _(refused.message)})
    except MoveRefused as refused:
        text = _(refused.message).format(
            current=state_label(refused.params["current"]),
            target=state_label(refused.params["target"]),
        )
        return await refuse(request, unit_id, "unit_work", {"bids": text})
    return await answer(request, unit_id, "unit-wholesale", "unit_work", also=("unit_money",))


routes = [add_bid, sell_to_bid]
