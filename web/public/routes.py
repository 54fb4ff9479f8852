"""Public pages for customers: certified stock, and what search engines read."""

from litestar import Request, get
from litestar.response import Redirect, Response, Template

from db.staff.rules import home_path
from web.guards import PUBLIC
from web.pages import page


@get("/", opt=PUBLIC)
async def root(request: Request) -> Redirect:
    user = request.scope.get("user")
    return Redirect(home_path(user.roles) if user else "/stock", status_code=303)


@get("/stock", opt=PUBLIC)
async def stock_list(request: Request) -> Template:
    return page(request, "public/stock_list.html", {}, block="car_list")


@get("/robots.txt", opt=PUBLIC, media_type="text/plain")
async def robots(request: Request) -> str:
    base = str(request.base_url).rstrip("/")
    staff = [
        "/login",
        "/logout",
        "/me",
        "/appraisals",
        "/inventory",
        "/leads",
        "/today",
        "/manager",
    ]
    lines = [
        "User-agent: *",
        "Allow: /stock",
        *(f"Disallow: {p}" for p in staff),
        f"Sitemap: {base}/sitemap.xml",
    ]
    return "\n".join(lines) + "\n"


@get("/sitemap.xml", opt=PUBLIC)
async def sitemap(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    urls = [f"{base}/stock"]
    body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"  <url><loc>{u}</loc></url>" for u in urls),
        "</urlset>",
    ]
    return Response("\n".join(body) + "\n", media_type="application/xml")


routes = [root, stock_list, robots, sitemap]
