"""The dealership's day: where "today" starts and ends, in UTC, for counts and limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.settings import settings


def local_today(now: datetime) -> date:
    return now.astimezone(ZoneInfo(settings().timezone)).date()


def day_start(now: datetime) -> datetime:
    """Midnight of the dealership's day that holds `now`, as a UTC moment."""
    zone = ZoneInfo(settings().timezone)
    return datetime.combine(local_today(now), time(0), tzinfo=zone).astimezone(UTC)


def tomorrow(now: datetime) -> date:
    return local_today(now) + timedelta(days=1)
