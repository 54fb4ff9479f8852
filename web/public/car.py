"""The public car page `/stock/{id}/{slug}`: photos, facts, price, certification, the honest
condition report, the dealership's contacts, an enquiry form; JSON-LD and previews for
search engines and chat apps.

Reads only `Listing` (db/stock/car_page_queries.py): what reaches this page was chosen by
`db.stock.listing.publish`, so nothing private can leak through a template.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from components import format as fmt
from db.appraisals import grading
from db.leads import enquiries
from db.leads import rules as lead_rules
from db.settings import settings
from db.stock import car_page_queries as queries
from db.stock.rules import BODY_TYPES
from media import previews
from media.storage import storage, with_urls
from web.appraisals.fields import CHOICE_LABELS
from web.dealership import APP_ICON, dealership, logo_path, use_profile
from web.forms import Annotated, Form, client_ip
from web.guards import PUBLIC
from web.i18n import current_locale
from web.i18n import gettext as _
from web.pages import page

log = logging.getLogger("lotside.public")

AVAILABILITY = {
    "available": "https://schema.org/InStock",
    "reserved": "https://schema.org/LimitedAvailability",
    "sold": "https://schema.org/SoldOut",
    "paused": "https://schema.org/OutOfStock",
}
OPEN = ("available", "reserved")  # statuses that take enquiries
LONG_CACHE = "public, max-age=31536000, immutable"
LOGO = APP_ICON  # the corner mark before a manager uploads a logo


class Labels:
    """What the page calls things, in the visitor's language (msgids live in db/)."""

    @staticmethod
    def panel(key: str) -> str:
        return _(grading.PANEL_LABELS.get(key, key))

    @staticmethod
    def damage(key: str) -> str:
        return _(grading.DAMAGE_LABELS.get(key, key))

    @staticmethod
    def severity(level: int) -> str:
        return _(grading.SEVERITY_LABELS.get(level, str(level)))

    @staticmethod
    def check(section: str, item: str) -> str:
        return _(grading.CHECKLIST_LABELS.get((section, item), item))

    @staticmethod
    def tyre(position: str) -> str:
        return _(grading.TYRE_LABELS.get(position, position))

    @staticmethod
    def reason(message: str, params: dict) -> str:
        return _(message).format(**params)

    @staticmethod
    def choice(field: str, value: str) -> str:
        label = CHOICE_LABELS.get(field, {}).get(value)
        return _(label) if label else value

    @staticmethod
    def body(key: str) -> str:
        return _(BODY_TYPES[key]) if key in BODY_TYPES else key

    @staticmethod
    def contact_time(key: str) -> str:
        return _(lead_rules.CONTACT_TIMES.get(key, key)) if key else ""


PANELS = grading.PANELS
WORN_TREAD_MM = grading.WORN_TREAD_MM


def car_path(unit_id: int, slug: str) -> str:
    return f"/stock/{unit_id}/{quote(slug)}" if slug else f"/stock/{unit_id}"


def with_photo_urls(data: dict) -> dict:
    """A listing's card or page with URLs for its photos (the listing keeps storage keys)."""
    out = dict(data)
    if data.get("cover"):
        out["cover"] = with_urls(data["cover"])
    if "photos" in data:
        out["photos"] = [with_urls(photo) for photo in data["photos"]]
    if "condition" in data:
        marks = [
            {**m, "photo": with_urls(m["photo"]) if m.get("photo") else None}
            for m in data["condition"].get("marks", [])
        ]
        out["condition"] = {**data["condition"], "marks": marks}
    return out


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def card_text(car: dict, base: str) -> previews.CardText:
    """What the share card says, in Chinese whoever asks: it is posted to Chinese chats."""
    p = car["page"]
    facts = [
        f"{p['year']}年" if p.get("year") else "",
        fmt.mileage(p["mileage_km"], "zh_Hans_CN") if p.get("mileage_km") is not None else "",
        p.get("city") or dealership().city,
    ]
    return previews.CardText(
        title=p.get("title") or "",
        price=fmt.money(p["price"], "zh_Hans_CN") if p.get("price") is not None else "",
        facts=" · ".join(f for f in facts if f),
        certified=bool(p.get("certified")),
        dealership=dealership().name,
        url=base + car_path(car["unit"], car["slug"]),
        logo=dealership().logo,
    )


def preview_path(car: dict, base: str) -> str:
    """The share card's URL; its version changes whenever the picture would."""
    source = previews.source_key(car["page"].get("cover"))
    key = previews.preview_key(source, card_text(car, base))
    return f"/stock/{car['unit']}/preview.jpg?v={key.rsplit('/', 1)[1][:12]}"


def facts(p: dict) -> list[tuple[str, str]]:
    """The key facts grid: (label, value), only those the car has."""
    registered = p.get("first_registration")
    rows = [
        (_("First registration"), _day(registered) if registered else ""),
        (
            _("Mileage"),
            fmt.mileage(p["mileage_km"], current_locale())
            if p.get("mileage_km") is not None
            else "",
        ),
        (_("Gearbox"), Labels.choice("gearbox", p.get("gearbox") or "")),
        (_("Fuel"), Labels.choice("fuel", p.get("fuel") or "")),
        (_("Body type"), Labels.body(p.get("body_type") or "")),
        (_("Colour"), p.get("colour") or ""),
        (
            _("Previous owners"),
            str(p["transfers"]) if p.get("transfers") is not None else "",
        ),
        (_("City"), p.get("city") or ""),
        (_("VIN"), p.get("vin") or ""),
    ]
    return [(label, value) for label, value in rows if value]


def _day(iso: str) -> str:
    return fmt.day(date.fromisoformat(iso), current_locale())


def structured_data(car: dict, base: str) -> str:
    """schema.org `Car` with its `Offer`, as a JSON-LD data block (never executed)."""
    p = car["page"]
    url = base + car_path(car["unit"], car["slug"])
    images = [base + ph["urls"]["jpeg"] for ph in p.get("photos", []) if ph["urls"].get("jpeg")]
    offer: dict = {
        "@type": "Offer",
        "priceCurrency": "CNY",
        "availability": AVAILABILITY.get(p["status"], AVAILABILITY["paused"]),
        "url": url,
        "seller": {
            "@type": "AutoDealer",
            "name": dealership().name,
            "telephone": dealership().phone,
            "address": dealership().address,
        },
    }
    if p.get("price") is not None:
        offer["price"] = p["price"]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Car",
        "name": p["title"],
        "brand": {"@type": "Brand", "name": p.get("make") or ""},
        "model": p.get("model") or "",
        "itemCondition": "https://schema.org/UsedCondition",
        "url": url,
        "image": images or [base + preview_path(car, base)],
        "offers": offer,
    }
    if p.get("vin_public") and p.get("vin"):
        data["vehicleIdentificationNumber"] = p["vin"]
    if p.get("mileage_km") is not None:
        data["mileageFromOdometer"] = {
            "@type": "QuantitativeValue",
            "value": p["mileage_km"],
            "unitCode": "KMT",
        }
    if p.get("year"):
        data["vehicleModelDate"] = str(p["year"])
    if p.get("fuel"):
        data["fuelType"] = Labels.choice("fuel", p["fuel"])
    if p.get("gearbox"):
        data["vehicleTransmission"] = Labels.choice("gearbox", p["gearbox"])
    if p.get("colour"):
        data["color"] = p["colour"]
    if p.get("body_type"):
        data["bodyType"] = Labels.body(p["body_type"])
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script> only "</" could end the block early; escaping <, > and & rules it out
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def description(p: dict) -> str:
    """One line for previews and search results."""
    locale = current_locale()
    parts = [
        fmt.money(p.get("price"), locale) if p.get("price") is not None else "",
        str(p["year"]) if p.get("year") else "",
        fmt.mileage(p["mileage_km"], locale) if p.get("mileage_km") is not None else "",
        p.get("city") or "",
        _("Certified") if p.get("certified") else "",
        _("Overall grade {letter}").format(letter=p["condition"]["grade"])
        if p.get("condition", {}).get("grade")
        else "",
    ]
    return " · ".join(part for part in parts if part)


async def _context(
    request: Request,
    car: dict,
    *,
    form: dict | None = None,
    errors: dict | None = None,
    form_error: str = "",
    sent: bool = False,
) -> dict:
    p = with_photo_urls(car["page"])
    car = {**car, "page": p}
    base = _base(request)
    similar = []
    if p["status"] not in OPEN:
        similar = await queries.similar(car["unit"], car["make"], car["body_type"], car["price"])
    profile = await use_profile()
    return {
        "car": car,
        "p": p,
        "L": Labels,
        "panels": PANELS,
        "worn_mm": WORN_TREAD_MM,
        "facts": facts(p),
        "certified_on": _day(p["certification"]["on"]) if p["certification"].get("on") else "",
        "path": car_path(car["unit"], car["slug"]),
        "canonical": base + car_path(car["unit"], car["slug"]),
        "og_image": base + preview_path(car, base),
        "description": description(p),
        "json_ld": structured_data(car, base),
        "similar": [
            {"path": car_path(r["unit"], r["slug"]), **with_photo_urls(r["card"])} for r in similar
        ],
        "car_path": car_path,
        "dealer": {
            "name": profile.name,
            "address": profile.address,
            "phone": profile.phone,
            "tel": profile.tel,
            "hours": profile.hours,
            "wechat_id": profile.wechat_id,
        },
        "contact_times": lead_rules.CONTACT_TIMES,
        "form": form or {"contact_time": "anytime"},
        "errors": errors or {},
        "form_error": form_error,
        "sent": sent,
        "staff": request.scope.get("user") is not None,
    }


async def _not_public(request: Request, unit_id: int) -> Template:
    """A 404; signed-in staff get a way to their own view of the car, if there is one."""
    if request.scope.get("user") is None or not await queries.stock_unit_exists(unit_id):
        raise NotFoundException()
    return Template(
        template_name="public/car.html",
        context={"missing": True, "unit_id": unit_id},
        status_code=404,
        headers={"Cache-Control": "no-store"},
    )


async def _show(request: Request, unit_id: int, slug: str | None) -> Template | Redirect:
    car = await queries.listing(unit_id)
    if car is None:
        return await _not_public(request, unit_id)
    if slug != car["slug"] and not (slug is None and not car["slug"]):
        query = f"?{request.url.query}" if request.url.query else ""
        return Redirect(car_path(unit_id, car["slug"]) + query, status_code=301)
    sent = request.query_params.get("sent") == "1" and car["page"]["status"] in OPEN
    return page(request, "public/car.html", await _context(request, car, sent=sent))


@get("/stock/{unit_id:int}", opt=PUBLIC)
async def car_without_slug(request: Request, unit_id: FromPath[int]) -> Template | Redirect:
    return await _show(request, unit_id, None)


@get("/stock/{unit_id:int}/{slug:str}", opt=PUBLIC)
async def car_page(
    request: Request, unit_id: FromPath[int], slug: FromPath[str]
) -> Template | Redirect:
    return await _show(request, unit_id, slug)


@dataclass
class EnquiryForm:
    name: str = ""
    phone: str = ""
    message: str = ""
    contact_time: str = "anytime"
    consent: str = ""
    website: str = ""  # the honeypot: hidden from people, filled in by bots


async def _enquire(request: Request, unit_id: int, data: EnquiryForm) -> Template | Redirect:
    car = await queries.listing(unit_id)
    if car is None:
        raise NotFoundException()
    form = {
        "name": data.name.strip()[: lead_rules.NAME_MAX * 2],
        "phone": data.phone.strip()[:40],
        "message": data.message.strip()[: lead_rules.MESSAGE_MAX],
        "contact_time": data.contact_time,
        "consent": bool(data.consent),
    }

    async def answer(status: int = 200, **extra) -> Template:
        ctx = await _context(request, car, form=form, **extra)
        return page(request, "public/car.html", ctx, block="enquiry", status_code=status)

    async def done() -> Template | Redirect:
        if request.headers.get("hx-request") == "true":
            return await answer(sent=True)
        return Redirect(car_path(unit_id, car["slug"]) + "?sent=1#enquiry", status_code=303)

    if car["page"]["status"] not in OPEN:
        return await answer(409)
    if data.website.strip():
        log.info("enquiry honeypot filled for car %s; not stored", unit_id)
        return await done()
    problems = lead_rules.enquiry_problems(
        name=form["name"],
        phone=form["phone"],
        consent=form["consent"],
        contact_time=form["contact_time"],
    )
    if problems:
        return await answer(422, errors={k: _(v) for k, v in problems.items()})
    phone = lead_rules.mainland_mobile(form["phone"]) or ""
    key = lead_rules.client_key(client_ip(request), settings().secret_key)
    if lead_rules.over_limit(*await enquiries.recent_counts(key, phone)):
        text = _("We already have several enquiries from you; we will be in touch soon.")
        call = _("In a hurry? Call us on {phone}.").format(phone=dealership().phone)
        return await answer(429, form_error=f"{text} {call}")
    await enquiries.submit(
        enquiries.NewEnquiry(
            unit_id=unit_id,
            name=form["name"],
            phone=phone,
            message=form["message"],
            contact_time=form["contact_time"],
            client_key=key,
            share_code=(request.cookies.get("lotside_share") or "")[:16],
        )
    )
    return await done()


@post("/stock/{unit_id:int}", opt=PUBLIC)
async def enquire_without_slug(
    request: Request, unit_id: FromPath[int], data: Annotated[EnquiryForm, Form]
) -> Template | Redirect:
    return await _enquire(request, unit_id, data)


@post("/stock/{unit_id:int}/{slug:str}", opt=PUBLIC)
async def enquire(
    request: Request,
    unit_id: FromPath[int],
    slug: FromPath[str],
    data: Annotated[EnquiryForm, Form],
) -> Template | Redirect:
    return await _enquire(request, unit_id, data)


@get("/stock/{unit_id:int}/preview.jpg", opt=PUBLIC)
async def preview_image(request: Request, unit_id: FromPath[int]) -> Response:
    car = await queries.listing(unit_id)
    if car is None:
        raise NotFoundException()
    base = _base(request)
    await use_profile()
    text = card_text(car, base)
    key = await asyncio.to_thread(
        previews.preview, storage(), car["page"].get("cover"), logo_path(dealership()), text
    )
    current = request.query_params.get("v") == preview_path(car, base).rsplit("=", 1)[1]
    body = await asyncio.to_thread(storage().path(key).read_bytes)
    return Response(
        body,
        media_type="image/jpeg",
        headers={
            # a versioned URL never changes its picture; the bare one may, with a new cover
            "Cache-Control": LONG_CACHE if current else "public, max-age=3600",
            "ETag": f'"{key.rsplit("/", 1)[1][:32]}"',
        },
    )


routes = [car_without_slug, car_page, enquire_without_slug, enquire, preview_image]
