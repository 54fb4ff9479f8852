"""The period a manager's figures cover: a preset (this month, last 12 months, ...) or two
dates, as whole days in the dealership's time zone. Plain rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.leads.rules import N_  # marks a message for translation (the web layer translates)

PRESETS = ("month", "last_month", "30d", "quarter", "12m", "custom")
LONGEST_DAYS = 3 * 366  # a custom period longer than this is refused


class BadPeriod(ValueError):
    """A custom period that cannot be used; `field` is the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    preset: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def since(self, tz: str) -> datetime:
        """The first moment of the period, in UTC."""
        return datetime.combine(self.start, time(), ZoneInfo(tz)).astimezone(UTC)

    def until(self, tz: str) -> datetime:
        """The first moment after the period, in UTC."""
        return datetime.combine(self.end + timedelta(days=1), time(), ZoneInfo(tz)).astimezone(UTC)

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches (for monthly series)."""
        out, month = [], self.start.replace(day=1)
        while month <= self.end:
            out.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return out


def _month_start(day: date, back: int = 0) -> date:
    month = day.replace(day=1)
    for _ in range(back):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def period_for(
    preset: str, today: date, start: date | None = None, end: date | None = None
) -> Period:
    """The period a preset names on `today`; "custom" takes `start` and `end` (inclusive).
    An unknown preset is this month. BadPeriod for custom dates that cannot be used."""
    if preset == "custom":
        if start is None:
            raise BadPeriod("start", N_("Choose the first day."))
        if end is None:
            raise BadPeriod("end", N_("Choose the last day."))
        if end < start:
            raise BadPeriod("end", N_("The last day is before the first."))
        if start > today:
            raise BadPeriod("start", N_("The period starts in the future."))
        if (end - start).days + 1 > LONGEST_DAYS:
            raise BadPeriod("end", N_("A period may be at most three years."))
        return Period(start, min(end, today), "custom")
    if preset == "last_month":
        first = _month_start(today, 1)
        return Period(first, _month_start(today) - timedelta(days=1), preset)
    if preset == "30d":
        return Period(today - timedelta(days=29), today, preset)
    if preset == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return Period(first, today, preset)
    if preset == "12m":
        return Period(_month_start(today, 11), today, preset)
    return Period(_month_start(today), today, "month")
