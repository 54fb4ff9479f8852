"""The share kit of a car on sale: the consultant's own link, the link-preview card and the
nine-grid with the price and QR on it (both leading to that link), a caption with the
selling points they tick, and ways to send it all (the phone's share sheet, downloads, copy).

`GET /inventory/{id}/share` is the kit (and, asked by htmx, just its caption); a POST makes
the consultant's link on first use and leads to the kit.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from components import format as fmt
from db.settings import settings
from db.shares import rules
from db.shares.kit import existing_code, listing_shots
from db.shares.links import SHAREABLE, share_link
from db.staff.rules import Role
from db.stock import car_page_queries as queries
from media import previews, share_kit
from media.storage import media_url, storage
from web.appraisals.labels import SHOTS
from web.dealership import dealership, logo_path, use_profile
from web.guards import allow
from web.i18n import current_locale
from web.i18n import gettext as _
from web.pages import page, wants_fragment
from web.public.car import card_text

ZH = "zh_Hans_CN"  # the pictures are posted to Chinese chats: Chinese whoever makes them


def short_link(request: Request, code: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/s/{code}"


def tile_text(p: dict, link: str) -> share_kit.TileText:
    facts = [
        f"{p['year']}年" if p.get("year") else "",
        fmt.mileage(p["mileage_km"], ZH) if p.get("mileage_km") is not None else "",
    ]
    return share_kit.TileText(
        title=p.get("title") or "",
        price=fmt.money(p["price"], ZH) if p.get("price") is not None else "",
        facts=" · ".join(f for f in facts if f),
        dealership=dealership().short_name,
        url=link,
    )


def caption(p: dict, points: list[str], link: str, consultant: str) -> str:
    """The ready text, in the consultant's language: the car, its facts and price, the
    ticked selling points, who to ask and the link."""
    locale = current_locale()
    facts = [
        _("Registered {year}").format(year=p["year"]) if p.get("year") else "",
        fmt.mileage(p["mileage_km"], locale) if p.get("mileage_km") is not None else "",
        fmt.money(p["price"], locale) if p.get("price") is not None else "",
    ]
    lines = [p.get("title") or "", " · ".join(f for f in facts if f)]
    lines += [f"✓ {point}" for point in points]
    profile = dealership()
    lines.append(
        _("Ask {name} at {dealership}, {phone}").format(
            name=consultant, dealership=profile.name, phone=profile.phone
        )
    )
    lines.append(link)
    return "\n".join(line for line in lines if line)


async def _images(p: dict, base: str, car: dict, link: str) -> tuple[str, share_kit.Grid]:
    """The card and the grid, drawn (at the same time) if not stored yet."""
    card = replace(card_text(car, base), url=link)
    store = storage()
    return await asyncio.gather(
        asyncio.to_thread(previews.preview, store, p.get("cover"), logo_path(dealership()), card),
        asyncio.to_thread(
            share_kit.grid,
            store,
            p.get("photos") or [],
            tile_text(p, link),
            settings().share_price_tile,
        ),
    )


@get("/inventory/{unit_id:int}/share", guards=[allow(Role.CONSULTANT)])
async def kit(
    request: Request,
    unit_id: FromPath[int],
    point: FromQuery[list[str] | None] = None,
    ticked: FromQuery[str] = "",
) -> Template:
    car = await queries.listing(unit_id)
    if car is None:
        raise NotFoundException()
    p = car["page"]
    user = request.scope["user"]
    await use_profile()
    offered = rules.selling_points(p)
    chosen = rules.chosen_points(offered, (point or []) if ticked else None)
    too_many = bool(ticked) and len({k for k, _m, _p in offered} & set(point or [])) > len(chosen)
    texts = {key: _(msgid).format(**params) for key, msgid, params in offered}
    code = await existing_code(unit_id, user.id) if car["status"] in SHAREABLE else None
    context: dict = {
        "unit_id": unit_id,
        "p": p,
        "shareable": car["status"] in SHAREABLE,
        "code": code,
        "offered": [(key, texts[key]) for key, _m, _p in offered],
        "chosen": chosen,
        "too_many": too_many,
        "most": rules.MOST_POINTS,
    }
    if code:
        link = short_link(request, code)
        context["link"] = link
        context["caption"] = caption(p, [texts[k] for k in chosen], link, user.display_name)
        if not wants_fragment(request):
            base = str(request.base_url).rstrip("/")
            card, grid = await _images(p, base, car, link)
            photos = len(p.get("photos") or [])
            context.update(
                card=media_url(card),
                tiles=[media_url(k) for k in grid.tiles],
                combined=media_url(grid.combined),
                price_at=grid.price_at,
                photo_count=photos,
                missing=[
                    _(SHOTS[s][0])
                    for s in rules.missing_shots(await listing_shots(unit_id), photos)
                ],
                file_stem=f"car-{unit_id}",
            )
    return page(request, "shares/kit.html", context, block="caption")


@post("/inventory/{unit_id:int}/share", guards=[allow(Role.CONSULTANT)])
async def make_link(request: Request, unit_id: FromPath[int]) -> Redirect | Template:
    """This consultant's short link for the car (made on first use), then the kit."""
    code, problem = await share_link(unit_id, request.scope["user"].id)
    if code is None:
        car = await queries.listing(unit_id)
        if car is None:
            raise NotFoundException()
        return page(
            request,
            "shares/kit.html",
            {"unit_id": unit_id, "p": car["page"], "shareable": False, "problem": _(problem)},
            status_code=409,
        )
    return Redirect(f"/inventory/{unit_id}/share", status_code=303)


routes = [kit, make_link]
