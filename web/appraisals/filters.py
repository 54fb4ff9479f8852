"""The Appraise list's filters read from the query string, for the list and its export
alike (and so for the dashboard's links to both): unknown values are ignored, a date that
cannot be read is refused beside its field and the list shown without it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.appraisals.filters import OUTCOMES, AppraisalFilters
from db.settings import settings
from db.staff.queries import team
from web.i18n import gettext as _

# the query string's names, as the dashboard's links and the list's form write them
PARAMS = ("created_from", "created_to", "appraiser", "outcome", "overdue", "sold", "vin")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(settings().timezone)).astimezone(UTC)


def _yes(raw: str) -> bool:
    return raw.strip().lower() in ("1", "true", "on", "yes")


def read_filters(
    *,
    created_from: str = "",
    created_to: str = "",
    appraiser: str = "",
    outcome: str = "",
    overdue: str = "",
    sold: str = "",
    vin: str = "",
    appraiser_allowed: bool = True,
) -> tuple[AppraisalFilters, dict[str, str]]:
    """(the filters to apply, {field: message}). Created from/to are whole days in the
    dealership's zone, both included; `appraiser` only counts for those who may see
    others' appraisals (a manager)."""
    errors: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for name, raw in (("created_from", created_from), ("created_to", created_to)):
        days[name] = _day(raw) if raw.strip() else None
        if raw.strip() and days[name] is None:
            errors[name] = _("Not a date.")
    first, last = days["created_from"], days["created_to"]
    if first and last and last < first:
        errors["created_to"] = _("The last day is before the first.")
        first = last = None
    wanted_vin = vin.strip().upper()
    filters = AppraisalFilters(
        appraiser_id=int(appraiser) if appraiser_allowed and appraiser.isdigit() else None,
        outcome=outcome if outcome in OUTCOMES else "",
        overdue=_yes(overdue),
        sold=_yes(sold),
        vin=wanted_vin if wanted_vin.isalnum() and len(wanted_vin) <= 17 else "",
        created_since=_midnight(first) if first else None,
        created_until=_midnight(last + timedelta(days=1)) if last else None,
    )
    return filters, errors


async def appraiser_choices() -> list[dict]:
    """Whose appraisals a manager may narrow the list to: everyone who appraises, those
    who left too (their appraisals stay)."""
    return [p for p in await team() if p["is_appraiser"]]
