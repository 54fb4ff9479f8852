"""Field checks for the appraisal form: mileage, dates, owners, phone numbers, numbers typed
on a phone keyboard.

Each `*_problem` function returns None when the value is acceptable, else a `Message`: the
English message id (translated where it is shown) carrying the values for its {placeholders}.
An empty value is never a problem here; whether a field is required is the caller's business.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


class Message(str):
    """An English message id that also carries the values for its {placeholders}.

    It *is* the message id (equal to it, hashing like it), so a catalog lookup finds it;
    show it with `render(message, gettext)`.
    """

    params: Mapping[str, object]

    def __new__(cls, msgid: str, **params: object) -> Message:
        message = super().__new__(cls, msgid)
        message.params = MappingProxyType(dict(params))
        return message

    def __repr__(self) -> str:
        return f"Message({str.__repr__(self)}, **{dict(self.params)!r})"


def _untranslated(message: str) -> str:
    return message


def render(message: str, gettext: Callable[[str], str] = _untranslated) -> str:
    """The message translated by `gettext`, its placeholders filled in."""
    return gettext(message).format(**getattr(message, "params", {}))


MAX_KM = 2_000_000
MAX_KM_PER_YEAR = 150_000
EARLIEST_REGISTRATION = date(1980, 1, 1)
MAX_OWNERS = 20


def _age_years(first_registration: date, today: date) -> float:
    # 365 rather than 365.25: a leap day gives the odometer a day's grace, never a false alarm.
    return (today - first_registration).days / 365


def mileage_problem(km: int | None, first_registration: date | None, today: date) -> str | None:
    if km is None:
        return None
    if km < 0:
        return Message(N_("Mileage cannot be negative."))
    if km > MAX_KM:
        return Message(
            N_("No car runs more than {limit} km; please check the odometer reading."),
            limit=MAX_KM,
        )
    if first_registration is None or first_registration > today:
        return None
    age = _age_years(first_registration, today)
    # A car younger than a month is allowed a month's worth: registration can follow delivery.
    if km > MAX_KM_PER_YEAR * max(age, 1 / 12):
        return Message(
            N_(
                "{km} km in {years} years is more than {limit} km a year; "
                "please check the odometer reading."
            ),
            km=km,
            years=round(age, 1),
            limit=MAX_KM_PER_YEAR,
        )
    if km == 0 and age > 1:
        return Message(
            N_(
                "0 km on a car registered {years} years ago is not plausible; "
                "enter the odometer reading."
            ),
            years=round(age, 1),
        )
    return None


def registration_problem(
    first: date | None, today: date, model_year: int | None = None
) -> str | None:
    if first is None:
        return None
    if first > today:
        return Message(N_("The first registration date cannot be in the future."))
    if first < EARLIEST_REGISTRATION:
        return Message(
            N_("A first registration before {year} is not plausible; please check the date."),
            year=EARLIEST_REGISTRATION.year,
        )
    if model_year is not None and first.year < model_year - 1:
        return Message(
            N_(
                "Registered in {year}, more than a year before its {model_year} model year "
                "(from the VIN); please check the date or the VIN."
            ),
            year=first.year,
            model_year=model_year,
        )
    return None


def owners_problem(n: int | None) -> str | None:
    if n is None:
        return None
    if n < 0:
        return Message(N_("The number of owners cannot be negative."))
    if n > MAX_OWNERS:
        return Message(
            N_("More than {limit} owners is not plausible; please check the figure."),
            limit=MAX_OWNERS,
        )
    return None


_PHONE_SEPARATORS = re.compile(r"[\s\-().·]")
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FOREIGN = re.compile(r"^\+?\d{6,15}$")


def _nfkc(raw: str) -> str:
    """Full-width digits and letters (as Chinese keyboards type them) become ASCII."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def normalise_phone(raw: str) -> str:
    """Separators removed; a mainland mobile loses its +86 / 0086 / 86 country prefix."""
    phone = _PHONE_SEPARATORS.sub("", _nfkc(raw))
    for prefix in ("+86", "0086", "86"):
        rest = phone.removeprefix(prefix)
        if rest != phone and _MAINLAND_MOBILE.match(rest):
            return rest
    return phone


def phone_problem(raw: str, foreign: bool = False) -> str | None:
    phone = normalise_phone(raw)
    if not phone:
        return None
    if foreign:
        if _FOREIGN.match(phone):
            return None
        return Message(N_("An international number has 6 to 15 digits, optionally after a +."))
    if not phone.isdigit():
        return Message(N_("A mobile number has digits only."))
    if len(phone) != 11:
        return Message(
            N_("A mainland mobile number has 11 digits; this one has {count}."), count=len(phone)
        )
    if not _MAINLAND_MOBILE.match(phone):
        return Message(N_("A mainland mobile number starts with 13 to 19."))
    return None


def mask_phone(phone: str) -> str:
    """138****5678 for a mainland mobile; other numbers show only their last 4 digits."""
    phone = normalise_phone(phone)
    if _MAINLAND_MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    plus, digits = ("+", phone[1:]) if phone.startswith("+") else ("", phone)
    shown = digits[-4:] if len(digits) > 4 else ""
    return plus + "*" * (len(digits) - len(shown)) + shown


_NUMBER_NOISE = re.compile(r"[\s,，_]")


def parse_int(raw: str) -> int | None:
    """A whole number as typed ("12,345", full-width digits); None when blank.

    Raises ValueError with an English message id when it is not a whole number.
    """
    text = _NUMBER_NOISE.sub("", _nfkc(raw))
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(N_("Enter a whole number."))
    return int(text)


WAN = 10_000
_MONEY = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(万|W|元)?")


def parse_money_wan(raw: str) -> int | None:
    """An amount in yuan from what an appraiser types: "12.8" or "12.8万" (万 = 10,000 yuan),
    "128000" or "128000元" (yuan). A bare number below 1,000 is read as 万. None when blank.

    Raises ValueError with an English message id on anything else.
    """
    text = _NUMBER_NOISE.sub("", _nfkc(raw)).upper().lstrip("¥")
    if not text:
        return None
    match = _MONEY.fullmatch(text)
    if not match:
        raise ValueError(N_("Enter an amount such as 12.8 (in 万) or 128000 (in yuan)."))
    value, unit = Decimal(match.group(1)), match.group(2)
    if unit in ("万", "W") or (unit is None and value < 1000):
        value *= WAN
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
