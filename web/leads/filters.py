"""The lead list's filters read from the query string, for the list and the manager's export
alike (and so for the dashboard's links to both): unknown values are ignored, a date that
cannot be read is refused beside its field and the list shown without it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.leads.filters import LeadFilters
from db.leads.rules import GRADES, LOST_REASONS, SOURCES
from db.leads.tables import Lead
from db.settings import settings
from web.i18n import gettext as _

DATE_FIELDS = ("created_from", "created_to")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(settings().timezone)).astimezone(UTC)


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
    filters = LeadFilters(
        status=status if status in set(Lead.Status) else "",
        grade=grade if grade in GRADES else "",
        owner_id=int(owner) if owner_allowed and owner.isdigit() else None,
        source=source if source in SOURCES else "",
        lost_reason=reason if reason in LOST_REASONS else "",
        created_since=_midnight(first) if first else None,
        created_until=_midnight(last + timedelta(days=1)) if last else None,
    )
    return filters, errors


def audit_filters(filters: LeadFilters) -> dict:
    """The filters an export used, for its audit row (only those set; moments as text)."""
    chosen = {k: v for k, v in asdict(filters).items() if v}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in chosen.items()}
