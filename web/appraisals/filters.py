"""The Appraise list's filters read from the query string, for the list and its export
alike (and so for the dashboard's links to both): unknown values are ignored, a date that
cannot be read is refused beside its field and the list shown without it."""

from __future__ import annotations

from db.appraisals.filters import OUTCOMES, AppraisalFilters
from db.staff.queries import team
from web.day_range import created_range

# the query string's names, as the dashboard's links and the list's form write them
PARAMS = ("created_from", "created_to", "appraiser", "outcome", "overdue", "sold", "vin")


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
    since, until, errors = created_range(created_from, created_to)
    wanted_vin = vin.strip().upper()
    filters = AppraisalFilters(
        appraiser_id=int(appraiser) if appraiser_allowed and appraiser.isdigit() else None,
        outcome=outcome if outcome in OUTCOMES else "",
        overdue=_yes(overdue),
        sold=_yes(sold),
        vin=wanted_vin if wanted_vin.isalnum() and len(wanted_vin) <= 17 else "",
        created_since=since,
        created_until=until,
    )
    return filters, errors


async def appraiser_choices() -> list[dict]:
    """Whose appraisals a manager may narrow the list to: everyone who appraises, those
    who left too (their appraisals stay)."""
    return [p for p in await team() if p["is_appraiser"]]
