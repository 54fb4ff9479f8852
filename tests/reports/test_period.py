"""The period a manager's figures cover: presets on a given day, and custom dates refused
with the field at fault."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from db.reports.period import BadPeriod, period_for

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        ("month", date(2026, 11, 1), TODAY),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
        ("30d", date(2026, 10, 25), TODAY),
        ("quarter", date(2026, 10, 1), TODAY),
        ("12m", date(2025, 12, 1), TODAY),
        ("nonsense", date(2026, 11, 1), TODAY),  # an unknown preset is this month
    ],
)
def test_presets(preset, start, end):
    period = period_for(preset, TODAY)
    assert (period.start, period.end) == (start, end)


def test_last_month_across_a_year_and_a_leap_february():
    assert period_for("last_month", date(2027, 1, 5)).start == date(2026, 12, 1)
    feb = period_for("last_month", date(2028, 3, 31))
    assert (feb.start, feb.end, feb.days) == (date(2028, 2, 1), date(2028, 2, 29), 29)


def test_twelve_months_are_twelve_calendar_months():
    months = period_for("12m", TODAY).months()
    assert len(months) == 12 and months[0] == date(2025, 12, 1) and months[-1] == date(2026, 11, 1)


def test_bounds_are_whole_days_in_the_dealerships_zone():
    period = period_for("custom", TODAY, date(2026, 11, 1), date(2026, 11, 1))
    assert period.since("Asia/Shanghai") == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert period.until("Asia/Shanghai") == datetime(2026, 11, 1, 16, tzinfo=UTC)


def test_a_custom_period_ends_today_at_the_latest():
    period = period_for("custom", TODAY, date(2026, 11, 1), date(2026, 12, 31))
    assert period.end == TODAY and period.preset == "custom"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (None, TODAY, "start"),
        (TODAY, None, "end"),
        (date(2026, 11, 10), date(2026, 11, 1), "end"),
        (date(2026, 12, 1), date(2026, 12, 5), "start"),
        (date(2022, 1, 1), TODAY, "end"),
    ],
)
def test_custom_dates_that_cannot_be_used(start, end, field):
    with pytest.raises(BadPeriod) as refused:
        period_for("custom", TODAY, start, end)
    assert refused.value.field == field and refused.value.message
