"""The outbox page: the staff writes this phone keeps until it has signal (outbox.js fills
the list from IndexedDB; the server never sees what has not been sent)."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from web.guards import allow
from web.pages import page


@get("/outbox", guards=[allow()])
async def outbox(request: Request) -> Template:
    return page(request, "outbox/outbox.html", {"tab": "me"})


routes = [outbox]
