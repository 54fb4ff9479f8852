"""A consultant's short link for a listed car, and where the link leads a visitor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Request, Response, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.shares.funnel import funnel
from db.shares.links import visit
from db.staff.rules import Role
from db.stock.tables import Listing
from web.guards import PUBLIC, allow
from web.i18n import lazy
from web.pages import page
from web.public.car import car_path

SHARE_COOKIE = "lotside_share"
SHARE_COOKIE_DAYS = 30  # an enquiry within this long after the visit is credited
STAGE_TITLES = {
    "shares": lazy("Links"),
    "visits": lazy("Visits"),
    "enquiries": lazy("Enquiries"),
    "leads": lazy("Leads"),
    "sales": lazy("Sales"),
}


@get("/s/{code:str}", opt=PUBLIC)
async def follow(code: FromPath[str]) -> Response:
    """A shared link: count the visit, remember the code for the enquiry, show the car."""
    unit_id = await visit(code.strip().lower())
    if unit_id is None:
        raise NotFoundException()
    listing = await Listing.select(Listing.slug).where(Listing.unit == unit_id).first()
    target = car_path(unit_id, listing["slug"] if listing else "")
    return Redirect(
        target,
        status_code=302,
        cookies=[
            Cookie(
                key=SHARE_COOKIE,
                value=code.strip().lower(),
                max_age=SHARE_COOKIE_DAYS * 24 * 3600,
                path="/stock",
                httponly=True,
                samesite="lax",
            )
        ],
    )


PERIODS = (7, 30, 90)


@get("/shares", guards=[allow(Role.CONSULTANT)])
async def shares_funnel(request: Request, days: FromQuery[int] = 30) -> Template:
    """The share funnel over a period: a consultant's own, or everyone's for a manager."""
    user = request.scope["user"]
    days = days if days in PERIODS else 30
    is_manager = Role.MANAGER in user.roles
    since = datetime.now(UTC) - timedelta(days=days)
    people, cars = await funnel(since, None if is_manager else user.id)
    return page(
        request,
        "shares/funnel.html",
        {
            "tab": "me",
            "days": days,
            "periods": PERIODS,
            "people": people,
            "cars": cars,
            "stages": STAGE_TITLES,
            "is_manager": is_manager,
        },
        block="funnel",
    )


routes = [follow, shares_funnel]
