"""Days-in-stock bands in words ("30–44 days", "90+ days"), cut by the dealership's aging
thresholds: for the stock list's band filter and the manager's dashboard alike."""

from __future__ import annotations

from db.settings import settings
from db.stock.rules import age_bands
from web.i18n import gettext as _


def age_band_range(level: int) -> str:
    """The band as bare numbers, "30–44" or "90+": a chart's axis, whose title says days."""
    bands = age_bands(settings().aging_days)
    low, high = bands[min(level, len(bands) - 1)]
    return f"{low}+" if high is None else f"{low}–{high}"


def age_band_label(level: int) -> str:
    """The band of days in stock whose cars have this aging level."""
    bands = age_bands(settings().aging_days)
    low, high = bands[min(level, len(bands) - 1)]
    if high is None:
        return _("{low}+ days").format(low=low)
    return _("{low}–{high} days").format(low=low, high=high)
