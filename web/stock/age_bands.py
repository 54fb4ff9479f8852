"""Days-in-stock bands in words ("30–44 days", "90+ days"), cut by the dealership's aging
thresholds in force (db.dealership: the manager may change them): for the stock list's band
filter and the manager's dashboard alike."""

from __future__ import annotations

from db.dealership.queries import current_stock_rules
from db.stock.rules import age_bands
from web.i18n import gettext as _


def band_range(low: int, high: int | None) -> str:
    """The band as bare numbers, "30–44" or "90+": a chart's axis, whose title says days."""
    return f"{low}+" if high is None else f"{low}–{high}"


def band_label(low: int, high: int | None) -> str:
    """A band of days in stock in words."""
    if high is None:
        return _("{low}+ days").format(low=low)
    return _("{low}–{high} days").format(low=low, high=high)


async def age_band_label(level: int) -> str:
    """The band of days in stock whose cars have this aging level, by the rules in force."""
    bands = age_bands((await current_stock_rules()).aging_days)
    return band_label(*bands[min(level, len(bands) - 1)])
