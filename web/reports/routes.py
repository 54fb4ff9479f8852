"""The manager's dashboard: the seeds' figures for a chosen period (and one person), each
section a block of one page, each figure a link to the list it summarises."""

from __future__ import annotations

from datetime import date

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from db.leads.enquiries import dealer_today
from db.reports.appraisals import appraisal_figures
from db.reports.leads import lead_figures
from db.reports.period import PRESETS, BadPeriod, Period, period_for
from db.reports.shares import share_figures
from db.settings import settings
from db.staff.queries import team
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.pages import page
from web.reports import stock_margin, summary

PRESET_LABELS = {
    "month": lazy("This month"),
    "last_month": lazy("Last month"),
    "30d": lazy("Last 30 days"),
    "quarter": lazy("This quarter"),
    "12m": lazy("Last 12 months"),
    "custom": lazy("Choose dates"),
}


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def chosen_period(preset: str, start: str, end: str) -> tuple[Period, dict[str, str]]:
    """The period asked for, or this month with the reason beside the field at fault."""
    today = dealer_today()
    if preset == "custom" and ((start and _day(start) is None) or (end and _day(end) is None)):
        field = "start" if start and _day(start) is None else "end"
        return period_for("month", today), {field: _("Not a date.")}
    try:
        return period_for(
            preset if preset in PRESETS else "month", today, _day(start), _day(end)
        ), {}
    except BadPeriod as bad:
        return period_for("month", today), {bad.field: _(bad.message)}


@get("/manager/dashboard", guards=[allow(Role.MANAGER)])
async def dashboard(
    request: Request,
    period: FromQuery[str] = "month",
    start: FromQuery[str] = "",
    end: FromQuery[str] = "",
    person: FromQuery[str] = "",  # "" is everyone: the form's first option sends person=
) -> Template:
    chosen, errors = chosen_period(period, start, end)
    staff = await team()
    person_id = int(person) if person.isdigit() else None
    person_row = next((p for p in staff if p["id"] == person_id), None)
    context = {
        "tab": "me",
        "period": chosen,
        # a refused custom period keeps its dates on the form, beside their message
        "form_preset": "custom" if errors else chosen.preset,
        "preset_labels": PRESET_LABELS,
        "errors": errors,
        "raw": {"start": start, "end": end},
        "staff": staff,
        "person": person_row,
    }
    # each section adds its figures here: context["<section>"] = await <section>_figures(...)
    context["stock"] = await stock_margin.stock_section(person_row)
    context["margin"] = await stock_margin.margin_section(chosen, person_row)
    context["leads"] = await lead_figures(chosen, person_row, settings().timezone)
    context["shares"] = await share_figures(chosen, person_row, settings().timezone)
    context["appraisals"] = await appraisal_figures(chosen, person_row, settings().timezone)
    return page(request, "reports/dashboard.html", context, block="figures")


routes = [dashboard, *stock_margin.routes, *summary.routes]
