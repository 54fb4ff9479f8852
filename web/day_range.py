"""A list's "created from / to" filter read from the query string: whole days in the
dealership's zone, both included, as UTC bounds — shared by the lead and appraisal lists
(and their exports). A date that cannot be read, or a range ending before it starts, is
refused beside its field and left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.settings import settings
from web.i18n import gettext as _


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(settings().timezone)).astimezone(UTC)


def created_range(
    created_from: str, created_to: str
) -> tuple[datetime | None, datetime | None, dict[str, str]]:
    """(since, until, {field: message}): `until` is the first moment after the last day."""
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
    since = _midnight(first) if first else None
    until = _midnight(last + timedelta(days=1)) if last else None
    return since, until, errors
