"""The lead list's filters read from the query string, for the list and the manager's export
alike (and so for the dashboard's links to both): unknown values are ignored, a date that
cannot be read is refused beside its field and the list shown without it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from db.leads.filters import LeadFilters
from db.leads.rules import GRADES, LOST_REASONS, SOURCES
from db.leads.tables import Lead
from web.day_range import created_range

DATE_FIELDS = ("created_from", "created_to")


def read_filters(
    *,
    status: str = "",
    grade: str = "",
    owner: str = "",
    source: str = "",
    reason: str = "",
    created_from: str = "",
    created_to: str = "",
    owner_allowed: bool = True,
) -> tuple[LeadFilters, dict[str, str]]:
    """(the filters to apply, {field: message}). Created from/to are whole days in the
    dealership's zone, both included."""
    since, until, errors = created_range(created_from, created_to)
    filters = LeadFilters(
        status=status if status in set(Lead.Status) else "",
        grade=grade if grade in GRADES else "",
        owner_id=int(owner) if owner_allowed and owner.isdigit() else None,
        source=source if source in SOURCES else "",
        lost_reason=reason if reason in LOST_REASONS else "",
        created_since=since,
        created_until=until,
    )
    return filters, errors


def audit_filters(filters: LeadFilters) -> dict:
    """The filters an export used, for its audit row (only those set; moments as text)."""
    chosen = {k: v for k, v in asdict(filters).items() if v}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in chosen.items()}
