"""The manager's monthly summary: one calendar month's key figures on one page, the same
figures the dashboard shows for that month (its own section functions, called the same
way), laid out to print as one A4 sheet (web/static/css/summary.css)."""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from db.leads.enquiries import dealer_today
from db.reports.appraisals import appraisal_figures
from db.reports.leads import lead_figures
from db.reports.period import Period, period_for
from db.reports.period_costs import parse_month
from db.reports.shares import share_figures
from db.settings import settings
from db.staff.rules import Role
from web.dealership import use_profile
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page
from web.reports import stock_margin

MAX_APPRAISERS = 6  # rows of the per-appraiser table: the sheet stays one page


def month_key(month: date) -> str:
    return month.isoformat()[:7]


def last_full_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def chosen_month(raw: str, today: date) -> tuple[date, dict[str, str]]:
    """The month asked for (2026-10), or the last full month with the reason beside the
    field: not a month, or one that has not begun. This month so far is allowed."""
    if not raw.strip():
        return last_full_month(today), {}
    try:
        month = parse_month(raw[:20], date.max)  # its own "not after" is about costs
    except ValueError as problem:
        return last_full_month(today), {"month": _(str(problem))}
    if month > today.replace(day=1):
        return last_full_month(today), {"month": _("That month has not begun yet.")}
    return month, {}


def month_period(month: date, today: date) -> Period:
    """The month as the dashboard's own custom period (up to today in this month)."""
    last = month.replace(day=monthrange(month.year, month.month)[1])
    return period_for("custom", today, month, last)


@get("/manager/summary", guards=[allow(Role.MANAGER)])
async def monthly_summary(request: Request, month: FromQuery[str] = "") -> Template:
    today = dealer_today()
    chosen, errors = chosen_month(month, today)
    period = month_period(chosen, today)
    previous = (chosen - timedelta(days=1)).replace(day=1)
    following = (chosen + timedelta(days=32)).replace(day=1)
    await use_profile()
    tz = settings().timezone
    context = {
        "tab": "me",
        "month": chosen,
        "month_title": stock_margin.month_label(chosen),
        "month_value": month_key(chosen),
        "period": period,
        "so_far": period.end < chosen.replace(day=monthrange(chosen.year, chosen.month)[1]),
        "previous": {"key": month_key(previous), "label": stock_margin.month_label(previous)},
        "following": (
            {"key": month_key(following), "label": stock_margin.month_label(following)}
            if following <= today.replace(day=1)
            else None
        ),
        "errors": errors,
        "raw_month": month[:20] if errors else month_key(chosen),
        "made_at": datetime.now(UTC),
        "max_appraisers": MAX_APPRAISERS,
    }
    # the dashboard's sections, called as its route calls them, for everyone (no person)
    context["stock"] = await stock_margin.stock_section(None)
    context["margin"] = await stock_margin.margin_section(period, None)
    context["leads"] = await lead_figures(period, None, tz)
    context["shares"] = await share_figures(period, None, tz)
    context["appraisals"] = await appraisal_figures(period, None, tz)
    return page(request, "reports/summary.html", context)


routes = [monthly_summary]
