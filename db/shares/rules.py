"""The share kit's rules: which selling points a car can honestly claim, and which of the
guided shots its nine-grid lacks. Plain functions of the car's public copy."""

from __future__ import annotations

from datetime import date

from db.appraisals.photo_queries import GUIDED_SHOTS
from db.leads.rules import N_

MOST_POINTS = 3  # a caption names two or three selling points
LOW_MILEAGE_PER_YEAR = 15_000  # km; Chinese private cars average about 1.5万 km a year
GOOD_GRADES = ("A", "B")

# key -> English message id, in the order they are offered
POINTS = {
    "certified": N_("Certified, with its inspection report online"),
    "one_owner": N_("One owner, never transferred"),
    "low_mileage": N_("Low mileage for its age"),
    "grade": N_("Condition grade {grade}"),
    "no_accident": N_("No accident, flood or fire damage"),
    "no_body_marks": N_("No body damage marked"),
    "one_price": N_("One clear price, no haggling"),
}


def selling_points(page: dict, today: date | None = None) -> list[tuple[str, str, dict]]:
    """(key, message id, params) for every point the car's public copy supports; nothing
    is offered that its honest condition report would contradict."""
    today = today or date.today()
    condition = page.get("condition") or {}
    grade = condition.get("grade") or ""
    out: list[tuple[str, str, dict]] = []
    if page.get("certified"):
        out.append(("certified", POINTS["certified"], {}))
    if page.get("transfers") == 0:
        out.append(("one_owner", POINTS["one_owner"], {}))
    year, km = page.get("year"), page.get("mileage_km")
    if year and km is not None and km <= LOW_MILEAGE_PER_YEAR * max(1, today.year - year):
        out.append(("low_mileage", POINTS["low_mileage"], {}))
    if grade in GOOD_GRADES:
        out.append(("grade", POINTS["grade"], {"grade": grade}))
    if condition and not condition.get("disclosures"):
        out.append(("no_accident", POINTS["no_accident"], {}))
    if condition and not condition.get("marks"):
        out.append(("no_body_marks", POINTS["no_body_marks"], {}))
    if page.get("price") is not None:
        out.append(("one_price", POINTS["one_price"], {}))
    return out


def chosen_points(offered: list[tuple[str, str, dict]], asked: list[str] | None) -> list[str]:
    """The ticked points that the car supports, at most MOST_POINTS, in the offered order;
    with nothing asked (the kit's first opening), the first three the car supports."""
    keys = [key for key, _, _ in offered]
    if asked is None:
        return keys[:MOST_POINTS]
    return [key for key in keys if key in asked][:MOST_POINTS]


def missing_shots(known: list[str], count: int, grid_size: int = 9) -> list[str]:
    """The guided shots not among the listing photos (`known`: each photo's shot, '' where
    not known), in walk-round order, when the grid has fewer than `grid_size` photos."""
    if count >= grid_size:
        return []
    return [shot for shot in GUIDED_SHOTS if shot not in known]
