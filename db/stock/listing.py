"""The public copy of a car (`Listing`): what a customer may see, and nothing else.

`publish(unit_id)` rebuilds it from the car's stock row, its appraisal (facts and the
condition report) and its listing photos. Every write that changes what the public sees
calls it; a car gets its first Listing the moment it is listed, and keeps it afterwards so
a shared link to a sold car still opens (marked sold).

Only named fields are copied: never the plate, the owner, costs, staff or inspector notes;
the VIN is masked as the dealership chooses. Photos are served from variants that were
re-encoded at upload, so they carry no GPS or other metadata.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from db.appraisals import grading
from db.appraisals.condition_queries import TREADS, checklist_for, findings_for, marks_for
from db.appraisals.tables import Appraisal, AppraisalPhoto
from db.dealership.queries import current_profile
from db.settings import settings
from db.stock.rules import PUBLIC_STATUS, State, mask_vin
from db.stock.tables import CertificationResult, Listing, ListingPhoto, StockUnit

_FACTS = (
    Appraisal.vin,
    Appraisal.make,
    Appraisal.model,
    Appraisal.trim,
    Appraisal.first_registration,
    Appraisal.mileage_km,
    Appraisal.colour,
    Appraisal.gearbox,
    Appraisal.fuel,
    Appraisal.previous_owners,
    Appraisal.accident,
    Appraisal.accident_note,
    Appraisal.flood,
    Appraisal.flood_note,
    Appraisal.fire,
    Appraisal.fire_note,
    Appraisal.tread_front_left,
    Appraisal.tread_front_right,
    Appraisal.tread_rear_left,
    Appraisal.tread_rear_right,
)


def slug(year: int | None, make: str, model: str) -> str:
    """A readable tail for the car's URL, e.g. '2021-丰田-凯美瑞'; the id alone finds the car."""
    words = [str(year) if year else "", make, model]
    text = "-".join(w for w in words if w).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-")[:96]


def photo_record(row: dict) -> dict:
    """A stored photo as the listing keeps it: its variants' storage keys (the web layer makes
    them URLs, `media.storage.with_urls`), its placeholder and size."""
    return {
        "variants": row["variants"] or {},
        "placeholder": row["placeholder"],
        "width": row["width"],
        "height": row["height"],
    }


async def _listing_photos(unit_id: int) -> list[dict]:
    rows = (
        await ListingPhoto.select(
            ListingPhoto.variants,
            ListingPhoto.placeholder,
            ListingPhoto.width,
            ListingPhoto.height,
        )
        .where((ListingPhoto.unit == unit_id) & ListingPhoto.removed_at.is_null())
        .order_by(ListingPhoto.position)
        .order_by(ListingPhoto.id)
        .output(load_json=True)
    )
    return [photo_record(r) for r in rows]


async def _close_ups(appraisal_id: int, marks: list[dict]) -> dict[int, dict]:
    ids = [m["photo"] for m in marks if m["photo"]]
    if not ids:
        return {}
    rows = (
        await AppraisalPhoto.select(
            AppraisalPhoto.id,
            AppraisalPhoto.variants,
            AppraisalPhoto.placeholder,
            AppraisalPhoto.width,
            AppraisalPhoto.height,
        )
        .where(
            (AppraisalPhoto.appraisal == appraisal_id)
            & AppraisalPhoto.id.is_in(ids)
            & AppraisalPhoto.removed_at.is_null()
        )
        .output(load_json=True)
    )
    return {r["id"]: photo_record(r) for r in rows}


async def _certification(unit_id: int) -> dict:
    latest = (
        await CertificationResult.select(
            CertificationResult.passed, CertificationResult.points, CertificationResult.created_at
        )
        .where(CertificationResult.unit == unit_id)
        .order_by(CertificationResult.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    if not latest:
        return {"passed": False, "points": [], "on": None}
    return {
        "passed": latest["passed"],
        # the inspector's notes stay inside; the customer sees what was checked and passed
        "points": [{"label": p["label"], "passed": p["passed"]} for p in latest["points"] or []],
        "on": latest["created_at"].date().isoformat(),
    }


async def _condition(appraisal_id: int, car: dict) -> dict:
    """The condition report as the public sees it: grade, marked panels, disclosures."""
    findings = await findings_for(appraisal_id, car)
    report = grading.grade(findings)
    marks = await marks_for(appraisal_id)
    close_ups = await _close_ups(appraisal_id, marks)
    checks = await checklist_for(appraisal_id)
    return {
        "grade": report.letter,
        "score": report.score,
        "reasons": [[msgid, params] for msgid, params in report.reasons],
        # a mark's own note is the appraiser's working note; the panel, kind and severity
        # and the close-up say what the buyer needs to know
        "marks": [
            {
                "panel": m["panel"],
                "kind": m["kind"],
                "severity": m["severity"],
                "photo": close_ups.get(m["photo"]),
            }
            for m in marks
        ],
        "issues": [
            [section, item]
            for (section, item), answer in checks.items()
            if not answer["ok"] and (section, item) in grading.CHECKLIST_LABELS
        ],
        "treads": {pos: car[col] for pos, col in TREADS.items() if car.get(col) is not None},
        "disclosures": [
            {"kind": kind, "note": car[f"{kind}_note"]}
            for kind in ("accident", "flood", "fire")
            if car[kind]
        ],
    }


async def publish(unit_id: int, *, city: str | None = None) -> None:
    """Write the car's public copy, if it has ever been listed (or is being listed now).
    `city`: the dealership's, when the caller has read it already."""
    unit = (
        await StockUnit.select(
            StockUnit.id,
            StockUnit.state,
            StockUnit.body_type,
            StockUnit.retail_price,
            StockUnit.sale_price,
            StockUnit.appraisal.id.as_alias("appraisal_id"),
        )
        .where(StockUnit.id == unit_id)
        .first()
    )
    if unit is None:
        return
    existing = await Listing.select(Listing.id).where(Listing.unit == unit_id).first()
    if existing is None and unit["state"] != State.LISTED:
        return  # never listed: no public page
    car = await Appraisal.select(*_FACTS).where(Appraisal.id == unit["appraisal_id"]).first()
    photos = await _listing_photos(unit_id)
    certification = await _certification(unit_id)
    year = car["first_registration"].year if car["first_registration"] else None
    title = " ".join(w for w in (car["make"], car["model"], car["trim"]) if w)
    status = PUBLIC_STATUS[State(unit["state"])]
    card = {
        "title": title,
        "year": year,
        "mileage_km": car["mileage_km"],
        "price": unit["retail_price"],
        "certified": certification["passed"],
        "status": status,
        "city": city if city is not None else (await current_profile()).city,
        "cover": photos[0] if photos else None,
    }
    page = {
        **card,
        "make": car["make"],
        "model": car["model"],
        "trim": car["trim"],
        "first_registration": car["first_registration"].isoformat()
        if car["first_registration"]
        else None,
        "colour": car["colour"],
        "gearbox": car["gearbox"],
        "fuel": car["fuel"],
        "body_type": unit["body_type"],
        "transfers": car["previous_owners"],
        "vin": mask_vin(car["vin"], settings().vin_public),
        "vin_public": settings().vin_public == "full",
        "photos": photos,
        "certification": certification,
        "condition": await _condition(unit["appraisal_id"], car),
    }
    values = {
        Listing.status: status,
        Listing.slug: slug(year, car["make"], car["model"]),
        Listing.make: car["make"],
        Listing.model: car["model"],
        Listing.year: year,
        Listing.mileage_km: car["mileage_km"],
        Listing.price: unit["retail_price"],
        Listing.body_type: unit["body_type"],
        Listing.gearbox: car["gearbox"],
        Listing.fuel: car["fuel"],
        Listing.certified: certification["passed"],
        Listing.card: card,
        Listing.page: page,
        Listing.updated_at: datetime.now(UTC),
    }
    if existing:
        await Listing.update(values).where(Listing.id == existing["id"])
    else:
        await Listing.insert(
            Listing(unit=unit_id, **{col._meta.name: v for col, v in values.items()})
        )


async def republish_all() -> int:
    """Rewrite every public copy (after the dealership's city or VIN display changes, or an
    upgrade that changes what a listing holds); returns how many cars were looked at."""
    units = await StockUnit.select(StockUnit.id).order_by(StockUnit.id)
    city = (await current_profile()).city
    for unit in units:
        await publish(unit["id"], city=city)
    return len(units)
