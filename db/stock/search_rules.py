"""How a customer's search of the public stock list is read from the URL.

Filters arrive from shared links, typed prices and old bookmarks, so nothing here refuses:
a value that cannot be understood is dropped, a reversed range is swapped, a price typed as
"12.5万" or with full-width digits is read as a buyer means it. Plain functions, tested
without a database.

Gearbox, as a buyer chooses it: manual or automatic. DCT and CVT boxes are two-pedal
automatics to the driver (and to the C2 licence, which allows any car without a clutch
pedal), so "automatic" finds automatic, DCT and CVT cars alike. Fuel: "new energy" is what a
Chinese buyer looks for (the green plate): plug-in hybrids and electric cars; a self-charging
hybrid is a hybrid.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from db.stock.rules import BODY_TYPES, N_

PAGE_SIZE = 24
MAX_PAGE = 1000
LISTED = ("available", "reserved")  # what the list shows; sold and paused cars never

SORTS = {
    "newest": N_("Newest listed"),
    "price_asc": N_("Price: low to high"),
    "price_desc": N_("Price: high to low"),
    "mileage_asc": N_("Lowest mileage"),
    "year_desc": N_("Newest model year"),
}
GEARBOXES = {"manual": N_("Manual"), "automatic": N_("Automatic")}
GEARBOX_VALUES = {"manual": ("manual",), "automatic": ("automatic", "dct", "cvt")}
FUELS = {
    "petrol": N_("Petrol"),
    "diesel": N_("Diesel"),
    "hybrid": N_("Hybrid"),
    "new_energy": N_("New energy (plug-in or electric)"),
}
FUEL_VALUES = {
    "petrol": ("petrol",),
    "diesel": ("diesel",),
    "hybrid": ("hybrid",),
    "new_energy": ("plugin", "electric"),
}
MILEAGE_CHOICES = (1, 3, 5, 8, 10, 15)  # 万公里, the steps a buyer picks from
YUAN_FROM = 1000  # a typed price above this is yuan, not 万
PRICE_LIMIT_YUAN = Decimal(100_000_000)  # 1亿: anything above is a typo, not a budget
MILEAGE_LIMIT_WAN = Decimal(100)
OLDEST_YEAR = 1990
TRUE = {"1", "true", "on", "yes", "y"}

_NUMBER = re.compile(r"^(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_UNITS = re.compile(r"(万公里|万元|万|公里|元|w|km)$", re.IGNORECASE)


@dataclass(frozen=True)
class StockFilters:
    """A search of the public list. Prices are yuan and mileage km, though the URL says 万."""

    make: str = ""
    model: str = ""
    price_min: int | None = None
    price_max: int | None = None
    year_min: int | None = None
    year_max: int | None = None
    mileage_max: int | None = None
    body: str = ""
    gearbox: str = ""
    fuel: str = ""
    certified: bool = False
    sort: str = "newest"
    page: int = 1

    @property
    def narrowing(self) -> int:
        """How many filters narrow the list (sort and page do not)."""
        skip = {"sort", "page"}
        return sum(1 for f in fields(self) if f.name not in skip and getattr(self, f.name))

    def params(self, **changes: object) -> dict[str, str]:
        """The filters as URL parameters, defaults left out, prices and mileage in 万."""
        f = replace(self, **changes)  # type: ignore[arg-type]
        out = {
            "make": f.make,
            "model": f.model,
            "price_min": _wan(f.price_min),
            "price_max": _wan(f.price_max),
            "year_min": str(f.year_min or ""),
            "year_max": str(f.year_max or ""),
            "mileage_max": _wan(f.mileage_max),
            "body": f.body,
            "gearbox": f.gearbox,
            "fuel": f.fuel,
            "certified": "1" if f.certified else "",
            "sort": "" if f.sort == "newest" else f.sort,
            "page": "" if f.page == 1 else str(f.page),
        }
        return {k: v for k, v in out.items() if v}

    def query(self, **changes: object) -> str:
        """'?make=…&sort=…' (or '' for the plain list): one spelling per search, to share."""
        params = self.params(**changes)
        return "?" + urlencode(params) if params else ""


def _wan(amount: int | None) -> str:
    if not amount:
        return ""
    return f"{amount / 10000:.4f}".rstrip("0").rstrip(".")


def _clean_text(value: object, limit: int = 64) -> str:
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:limit]


def _decimal(value: object, limit: Decimal) -> Decimal | None:
    """A positive number a person typed ('12', '12.5', '１２.５万', '12,5', '120,000'), or
    None."""
    text = _UNITS.sub("", _clean_text(value, 32).replace(" ", ""))
    text = text.replace(",", "") if _GROUPED.match(text) else text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0 or number > limit:
        return None
    return number


def wan_to_yuan(value: object) -> int | None:
    """A price typed in 万 as whole yuan: '12.5' -> 125000; junk, zero or negative -> None.
    A figure above 1,000 is a buyer typing the whole amount in yuan ('120000' -> 120000):
    no used car here costs a thousand 万."""
    number = _decimal(value, PRICE_LIMIT_YUAN)
    if number is None:
        return None
    return int(number) if number > YUAN_FROM else int(number * 10000)


def wan_km(value: object) -> int | None:
    """Mileage typed in 万公里 as km: '3' -> 30000."""
    number = _decimal(value, MILEAGE_LIMIT_WAN)
    return None if number is None else int(number * 10000)


def _year(value: object, this_year: int) -> int | None:
    text = _clean_text(value, 8).removesuffix("年")
    if not text.isascii() or not text.isdigit():
        return None
    year = int(text)
    return year if OLDEST_YEAR <= year <= this_year + 1 else None


def _page(value: object) -> int:
    text = _clean_text(value, 12)
    if not text.isascii() or not text.isdigit():
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def _ordered(low: int | None, high: int | None) -> tuple[int | None, int | None]:
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def _choice(value: object, allowed: Mapping[str, object], default: str = "") -> str:
    text = _clean_text(value, 24).lower()
    return text if text in allowed else default


def parse_filters(params: Mapping[str, object], this_year: int) -> StockFilters:
    """The search a URL asks for, every value that cannot be understood left out."""
    price_min, price_max = _ordered(
        wan_to_yuan(params.get("price_min")), wan_to_yuan(params.get("price_max"))
    )
    year_min, year_max = _ordered(
        _year(params.get("year_min"), this_year), _year(params.get("year_max"), this_year)
    )
    return StockFilters(
        make=_clean_text(params.get("make")),
        model=_clean_text(params.get("model")),
        price_min=price_min,
        price_max=price_max,
        year_min=year_min,
        year_max=year_max,
        mileage_max=wan_km(params.get("mileage_max")),
        body=_choice(params.get("body"), BODY_TYPES),
        gearbox=_choice(params.get("gearbox"), GEARBOXES),
        fuel=_choice(params.get("fuel"), FUELS),
        certified=_clean_text(params.get("certified"), 8).lower() in TRUE,
        sort=_choice(params.get("sort"), SORTS, "newest"),
        page=_page(params.get("page")),
    )


def fit_to_stock(
    f: StockFilters, stock: Mapping[str, Mapping[str, int]]
) -> tuple[StockFilters, str]:
    """Fit a search to the cars on sale: a make or model no listed car has (an old link, a
    sold-out model) is dropped, so the buyer sees the cars there are rather than nothing.
    A model chosen without a make stays so (inferring the make would undo a buyer's "all
    makes"). `stock` maps make -> {model: cars}. Returns the filters and the name that was
    dropped ('' if none)."""
    if f.make and f.make not in stock:
        return replace(f, make="", model=""), " ".join(w for w in (f.make, f.model) if w)
    if f.model:
        models = stock[f.make] if f.make else {m for ms in stock.values() for m in ms}
        if f.model not in models:
            return replace(f, model=""), f.model
    return f, ""


def year_choices(f: StockFilters, this_year: int, span: int = 15) -> list[int]:
    """Model years offered in the filter, newest first; an older year from a link stays."""
    years = {*range(this_year, this_year - span, -1), f.year_min, f.year_max}
    return sorted((y for y in years if y), reverse=True)


def mileage_choices(f: StockFilters) -> list[int]:
    """Mileage limits offered (km), the one a link asks for among them."""
    return sorted({*(m * 10000 for m in MILEAGE_CHOICES), f.mileage_max or 10000})
