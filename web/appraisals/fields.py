"""The appraisal sheet's fields: how each is read from the form and checked.

Each parser takes the raw text (and the appraisal as saved, for cross-field checks) and
returns the value to store, or raises Invalid with an English message id to show beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from db.appraisals import checks
from db.appraisals.tables import Appraisal
from db.appraisals.vin import check_vin, normalise_plate, plate_problem
from web.i18n import lazy


class Invalid(ValueError):
    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def _today() -> date:
    return date.today()


def _text(limit: int) -> Callable[[str, dict], str]:
    def parse(raw: str, _: dict) -> str:
        value = " ".join(raw.split())
        if len(value) > limit:
            raise Invalid(lazy("At most {limit} characters."), limit=limit)
        return value

    return parse


def _long_text(raw: str, _: dict) -> str:
    value = raw.strip()
    if len(value) > 2000:
        raise Invalid(lazy("At most {limit} characters."), limit=2000)
    return value


def _vin(raw: str, _: dict) -> str:
    if not raw.strip():
        return ""
    result = check_vin(raw, _today())
    if result.problem:
        raise Invalid(result.problem, count=len(result.vin))
    return result.vin


def _plate(raw: str, _: dict) -> str:
    plate = normalise_plate(raw)
    if problem := plate_problem(plate):
        raise Invalid(problem)
    return plate


def _integer(raw: str) -> int | None:
    raw = raw.strip().replace(",", "").replace("，", "")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Invalid(lazy("Enter a whole number.")) from None


def _date(raw: str, _: dict) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw if len(raw) > 7 else f"{raw}-01")
    except ValueError:
        raise Invalid(lazy("Enter a date like 2021-06-15.")) from None
    vin = check_vin(_.get("vin") or "", _today()) if _.get("vin") else None
    if problem := checks.registration_problem(value, _today(), vin.model_year if vin else None):
        raise Invalid(problem)
    return value


def _mileage(raw: str, saved: dict) -> int | None:
    raw = raw.strip().replace("万", "0000") if raw.strip().endswith("万") else raw
    km = _integer(raw)
    if problem := checks.mileage_problem(km, saved.get("first_registration"), _today()):
        raise Invalid(problem, km=km)
    return km


def _owners(raw: str, _: dict) -> int | None:
    n = _integer(raw)
    if problem := checks.owners_problem(n):
        raise Invalid(problem)
    return n


def _phone(raw: str, _: dict) -> str:
    if not raw.strip():
        return ""
    foreign = raw.strip().startswith("+") and not raw.strip().startswith("+86")
    if problem := checks.phone_problem(raw, foreign=foreign):
        raise Invalid(problem)
    return checks.normalise_phone(raw)


def _choice(enum) -> Callable[[str, dict], str]:
    allowed = {e.value for e in enum}

    def parse(raw: str, _: dict) -> str:
        if raw and raw not in allowed:
            raise Invalid(lazy("Choose one of the options."))
        return raw

    return parse


def _flag(raw: str, _: dict) -> bool:
    return raw in ("on", "true", "1", "yes")


def _tread(raw: str, _: dict) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        mm = round(float(raw), 1)
    except ValueError:
        raise Invalid(lazy("Enter the tread depth in millimetres, e.g. 4.5.")) from None
    if not 0 <= mm <= 20:
        raise Invalid(lazy("Tread depth is between 0 and 20 mm."))
    return mm


def _money(raw: str, _: dict) -> int | None:
    if not raw.strip():
        return None
    try:
        value = checks.parse_money_wan(raw)
    except ValueError as error:
        raise Invalid(str(error)) from None
    if value is not None and not 0 < value <= 50_000_000:
        raise Invalid(lazy("Enter a price between ¥1 and ¥5,000万."))
    return value


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    parse: Callable[[str, dict], Any]
    kind: str = "text"  # text | number | date | tel | select | flag | textarea | money


FIELDS = {
    f.name: f
    for f in [
        Field("vin", lazy("VIN"), _vin),
        Field("plate", lazy("Plate number"), _plate),
        Field("make", lazy("Make"), _text(64)),
        Field("model", lazy("Model"), _text(64)),
        Field("trim", lazy("Trim"), _text(64)),
        Field("first_registration", lazy("First registration"), _date, "date"),
        Field("mileage_km", lazy("Mileage (km)"), _mileage, "number"),
        Field("colour", lazy("Colour"), _text(32)),
        Field("gearbox", lazy("Gearbox"), _choice(Appraisal.Gearbox), "select"),
        Field("fuel", lazy("Fuel"), _choice(Appraisal.Fuel), "select"),
        Field("previous_owners", lazy("Previous owners"), _owners, "number"),
        Field("owner_name", lazy("Owner's name"), _text(64)),
        Field("owner_phone", lazy("Owner's phone"), _phone, "tel"),
        Field("accident", lazy("Accident damage (事故车)"), _flag, "flag"),
        Field("accident_note", lazy("What happened, what was repaired"), _long_text, "textarea"),
        Field("flood", lazy("Flood damage (泡水车)"), _flag, "flag"),
        Field("flood_note", lazy("Water level and signs found"), _long_text, "textarea"),
        Field("fire", lazy("Fire damage (火烧车)"), _flag, "flag"),
        Field("fire_note", lazy("Where it burned, what was replaced"), _long_text, "textarea"),
        Field("tread_front_left", lazy("Front left"), _tread, "number"),
        Field("tread_front_right", lazy("Front right"), _tread, "number"),
        Field("tread_rear_left", lazy("Rear left"), _tread, "number"),
        Field("tread_rear_right", lazy("Rear right"), _tread, "number"),
        Field("forecast_retail", lazy("Forecast retail price (万)"), _money, "money"),
        Field("comparables", lazy("Comparable cars"), _long_text, "textarea"),
        Field("agreed_price", lazy("Price agreed with the owner (万)"), _money, "money"),
    ]
}

CHOICE_LABELS = {
    "gearbox": {
        "manual": lazy("Manual"),
        "automatic": lazy("Automatic"),
        "dct": lazy("Dual-clutch"),
        "cvt": lazy("CVT"),
    },
    "fuel": {
        "petrol": lazy("Petrol"),
        "diesel": lazy("Diesel"),
        "hybrid": lazy("Hybrid"),
        "plugin": lazy("Plug-in hybrid"),
        "electric": lazy("Electric"),
    },
}
DISCLOSURES = (("accident", "accident_note"), ("flood", "flood_note"), ("fire", "fire_note"))


def disclosure_problem(values: dict) -> dict[str, str]:
    """A disclosure flag needs a note: the customer will read it."""
    return {
        note: lazy("Describe it: the customer will read this.")
        for flag, note in DISCLOSURES
        if values.get(flag) and not (values.get(note) or "").strip()
    }


# The sheet's forms, as posted in one go without JavaScript (each field autosaves with it).
SECTIONS = {
    "vehicle": (
        "vin",
        "plate",
        "make",
        "model",
        "trim",
        "first_registration",
        "mileage_km",
        "colour",
        "gearbox",
        "fuel",
        "previous_owners",
        "owner_name",
        "owner_phone",
    ),
    "disclosures": ("accident", "accident_note", "flood", "flood_note", "fire", "fire_note"),
    "tyres": ("tread_front_left", "tread_front_right", "tread_rear_left", "tread_rear_right"),
    "price": ("forecast_retail", "comparables", "agreed_price"),
}
