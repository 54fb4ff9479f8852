"""Public pages for customers: certified stock, and what search engines read."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from litestar import Request, get
from litestar.response import Redirect, Response, Template

from db.settings import settings
from db.staff.rules import home_path
from db.stock import public_queries
from db.stock.rules import BODY_TYPES
from db.stock.search_rules import (
    FUELS,
    GEARBOXES,
    PAGE_SIZE,
    SORTS,
    fit_to_stock,
    mileage_choices,
    parse_filters,
    year_choices,
)
from web.dealership import use_profile
from web.guards import PUBLIC
from web.pages import page, wants_fragment
from web.public.car import car_path, with_photo_urls  # the car page's address, its photos


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@get("/", opt=PUBLIC)
async def root(request: Request) -> Redirect:
    user = request.scope.get("user")
    return Redirect(home_path(user.roles) if user else "/stock", status_code=303)


@get("/stock", opt=PUBLIC)
async def stock_list(request: Request) -> Template:
    # a filter that cannot be read is left out, never refused: a shared link keeps working
    this_year = datetime.now(ZoneInfo(settings().timezone)).year
    asked = parse_filters(request.query_params, this_year)
    stock, f, dropped, cars, total, has_more = await public_queries.stock_page(asked, fit_to_stock)
    address = "/stock" + f.query()
    # the form sends every field, empty ones too; the address bar shows the tidy spelling
    headers = {"HX-Push-Url": address} if wants_fragment(request) else {}
    # the dealership is named in the page's head, which a search's fragment leaves out
    city = "" if wants_fragment(request) else (await use_profile()).city
    return page(
        request,
        "public/stock_list.html",
        {
            "f": f,
            "cars": [{**car, "card": with_photo_urls(car["card"])} for car in cars],
            "total": total,
            "has_more": has_more,
            "first": (f.page - 1) * PAGE_SIZE + 1,
            "stock": stock,
            "dropped": dropped,
            "canonical": _base(request) + address,
            "car_path": car_path,
            "sorts": SORTS,
            "bodies": BODY_TYPES,
            "gearboxes": GEARBOXES,
            "fuels": FUELS,
            "years": year_choices(f, this_year),
            "mileages": mileage_choices(f),
            "city": city,
        },
        block="stock_search",
        headers=headers,
    )


# Staff screens and private links; "Allow: /media/" keeps car photos crawlable even though
# "/me" (the staff profile) is a prefix of it (the longest matching rule wins).
PRIVATE_PATHS = (
    "/login",
    "/logout",
    "/me",
    "/appraisals",
    "/inventory",
    "/leads",
    "/today",
    "/manager",
    "/sheet/",
    "/offline",
)


@get("/robots.txt", opt=PUBLIC, media_type="text/plain")
async def robots(request: Request) -> str:
    lines = [
        "User-agent: *",
        "Allow: /stock",
        "Allow: /media/",
        *(f"Disallow: {p}" for p in PRIVATE_PATHS),
        f"Sitemap: {_base(request)}/sitemap.xml",
    ]
    return "\n".join(lines) + "\n"


def _url(loc: str, lastmod: datetime | None = None) -> str:
    # W3C datetime; the XML escaping matters for the '&' a query string could hold
    stamp = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(loc)}</loc>{stamp}</url>"


@get("/sitemap.xml", opt=PUBLIC)
async def sitemap(request: Request) -> Response:
    """The list and every public car page, sold ones too (a shared link never dies)."""
    base = _base(request)
    cars = await public_queries.sitemap_entries()
    listed = [c["updated_at"] for c in cars if c["status"] != "sold"]
    body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        _url(f"{base}/stock", max(listed) if listed else None),
        *(_url(base + car_path(c["unit"], c["slug"]), c["updated_at"]) for c in cars),
        "</urlset>",
    ]
    return Response("\n".join(body) + "\n", media_type="application/xml")


routes = [root, stock_list, robots, sitemap]
