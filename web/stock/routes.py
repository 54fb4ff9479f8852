"""The Stock tab: the dealership's cars, for staff."""

from litestar import Request, get
from litestar.response import Template

from web.guards import allow
from web.pages import page


@get("/inventory", guards=[allow()])
async def inventory(request: Request) -> Template:
    return page(request, "stock/inventory.html", {"tab": "stock"}, block="stock_list")


routes = [inventory]
