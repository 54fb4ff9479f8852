"""The Leads tab: today's follow-ups and every lead."""

from datetime import UTC, datetime

from litestar import Request, get
from litestar.response import Template

from db.staff.rules import Role
from web.guards import allow
from web.pages import page


@get("/today", guards=[allow(Role.CONSULTANT)])
async def today(request: Request) -> Template:
    return page(
        request,
        "leads/today.html",
        {"tab": "leads", "view": "today", "now": datetime.now(UTC)},
        block="today_board",
    )


@get("/leads", guards=[allow(Role.CONSULTANT)])
async def lead_list(request: Request) -> Template:
    return page(request, "leads/list.html", {"tab": "leads", "view": "all"}, block="lead_list")


routes = [today, lead_list]
