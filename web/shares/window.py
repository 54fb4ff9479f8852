"""The window card: a printable A5 card for the car's windscreen — cover photo, the car, the
price in 万, key facts, the dealership, and a QR code to the car's public page.

Reads the car's public copy (`Listing`) only, as the car page does, so the card shows what a
customer may see and nothing more. The QR code is inline SVG drawn by segno: no image request,
sharp at any print resolution, and nothing the CSP forbids (no inline style or script).
"""

from __future__ import annotations

import segno
from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from components import format as fmt
from db.staff.rules import Role
from db.stock import car_page_queries as queries
from web.dealership import logo_url, use_profile
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page
from web.public.car import OPEN, car_path, facts, with_photo_urls

COVER_VARIANTS = ("tablet", "jpeg", "share", "phone")  # sharpest first: the card is printed


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (sized by CSS; segno's own markup, no style attributes)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, title=_("QR code: this car's page"), svgclass="wc-qr"
    )


def card_facts(p: dict) -> list[tuple[str, str]]:
    """The car page's labelled facts, less those that do not belong on a windscreen."""
    skip = {_("City"), _("VIN"), _("Body type")}
    return [(label, value) for label, value in facts(p) if label not in skip]


@get("/inventory/{unit_id:int}/window-card", guards=[allow(Role.CONSULTANT)])
async def window_card(request: Request, unit_id: FromPath[int]) -> Template:
    """The card to print on A5 for the car's windscreen (only the card is printed)."""
    car = await queries.listing(unit_id)
    if car is None:
        raise NotFoundException()
    p = with_photo_urls(car["page"])
    cover = p.get("cover") or {}
    cover_url = next((cover["urls"][v] for v in COVER_VARIANTS if cover.get("urls", {}).get(v)), "")
    base = str(request.base_url).rstrip("/")
    url = base + car_path(unit_id, car["slug"])
    profile = await use_profile()
    return page(
        request,
        "shares/window_card.html",
        {
            "unit_id": unit_id,
            "p": p,
            "on_sale": p["status"] in OPEN,
            "cover_url": cover_url,
            # the price as the lot says it, whatever the staff member's language
            "price": fmt.money(p["price"], "zh_Hans_CN") if p.get("price") is not None else "",
            "facts": card_facts(p),
            "grade": (p.get("condition") or {}).get("grade") or "",
            "qr": qr_svg(url),
            "url": url,
            # what a person without a scanner types: the short address redirects to the page
            "short_url": base.split("://", 1)[-1] + f"/stock/{unit_id}",
            "dealer": {
                "name": profile.name,
                "phone": profile.phone,
                "address": profile.address,
                "hours": profile.hours,
                "wechat_id": profile.wechat_id,
                "logo": logo_url(profile),
            },
        },
    )


routes = [window_card]
