"""The manager's list of reveals: who saw whose customer's number, when and why."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from db.leads import reveal
from db.staff.rules import Role
from web.guards import allow
from web.pages import page


@get("/manager/reveals", guards=[allow(Role.MANAGER)])
async def reveals(request: Request) -> Template:
    return page(
        request,
        "leads/reveals.html",
        {"tab": "me", "reveals": await reveal.recent_reveals()},
        block="reveal_list",
    )


routes = [reveals]
