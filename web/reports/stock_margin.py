"""The dashboard's STOCK and MARGIN sections in the words and links a page shows (their
figures come from db/reports/stock.py and margin.py), and the form a manager enters a
month's running costs with (POST /manager/dashboard/costs), which turns gross into net."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from babel.dates import format_skeleton
from litestar import Request, post
from litestar.response import Redirect, Template

from db.leads.enquiries import dealer_today
from db.reports.margin import margin_figures
from db.reports.period import Period
from db.reports.period_costs import enter_cost, parse_cost, parse_month
from db.reports.stock import stock_figures
from db.staff.rules import Role
from db.stock.rules import AGED_LEVEL
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import current_locale, lazy
from web.i18n import gettext as _
from web.stock.age_bands import band_label, band_range

KIND_LABELS = {"sold": lazy("Retail"), "wholesale": lazy("Wholesale")}


def month_label(month: date, *, short: bool = False) -> str:
    """2026年11月 / Nov 2026; short: 11月 / Nov (a chart's axis)."""
    return format_skeleton("MMM" if short else "yMMM", month, locale=current_locale())


def _inventory_url(**params: object) -> str:
    query = {k: v for k, v in params.items() if v is not None and v != ""}
    return "/inventory" + (f"?{urlencode(query)}" if query else "")


async def stock_section(person: dict | None) -> dict:
    """The stock figures with a link per figure to the list it counts, and the age bands
    as a histogram's buckets (the aged bands in the risk tone)."""
    figures = await stock_figures(person["id"] if person else None)
    by = person["id"] if person else None
    buckets = [
        {
            "label": band_label(band["low"], band["high"]),
            "short": band_range(band["low"], band["high"]),
            "count": band["count"],
            "href": _inventory_url(band=band["level"], by=by),
            "tone": "risk" if band["level"] >= AGED_LEVEL else ("warn" if band["level"] else ""),
        }
        for band in figures["bands"]
    ]
    return {
        **figures,
        "aged_from": figures["bands"][AGED_LEVEL]["low"] if len(figures["bands"]) > 2 else None,
        "buckets": buckets,
        "list_url": _inventory_url(by=by),
        "aged_url": _inventory_url(aged="true", by=by),
    }


async def margin_section(period: Period, person: dict | None) -> dict:
    """The margin figures with links to the cars that left, per kind, and the monthly
    series of gross per car when the period spans more than one month."""
    figures = await margin_figures(period, person["id"] if person else None)
    left = {
        "left_from": period.start.isoformat(),
        "left_to": period.end.isoformat(),
        "by": person["id"] if person else None,
    }
    months = period.months()
    series = [
        {
            "name": _(KIND_LABELS[kind]),
            "points": [
                (month_label(m, short=True), value) for m, value in figures["monthly"][kind]
            ],
        }
        for kind in KIND_LABELS
        if figures["kinds"][kind]["count"]
    ]
    return {
        **figures,
        "kind_labels": KIND_LABELS,
        "list_url": _inventory_url(state="all", **left),
        "kind_urls": {kind: _inventory_url(state=kind, **left) for kind in KIND_LABELS},
        "series": series if len(months) > 1 else [],
        "month_labels": {m: month_label(m) for m in months},
        "default_month": min(period.end, dealer_today()).isoformat()[:7],
    }


@dataclass
class CostForm:
    month: str = ""
    amount: str = ""
    note: str = ""
    # the dashboard's view the form was sent from, to answer with the same one
    period: str = "month"
    start: str = ""
    end: str = ""
    person: str = ""


def _view(data: CostForm) -> dict[str, str]:
    """The dashboard's query as the form carried it (the dashboard reads it again)."""
    return {
        "period": data.period[:16],
        "start": data.start[:10],
        "end": data.end[:10],
        "person": data.person if data.person.isdigit() else "",
    }


@post("/manager/dashboard/costs", guards=[allow(Role.MANAGER)])
async def enter_period_cost(
    request: Request, data: Annotated[CostForm, Form]
) -> Template | Redirect:
    """A month's costs: refused beside the field (422, the dashboard with what was typed),
    or saved and back to the dashboard's margin section."""
    errors: dict[str, str] = {}
    try:
        month = parse_month(data.month, dealer_today())
    except ValueError as problem:
        errors["month"] = _(str(problem))
    try:
        amount = parse_cost(data.amount)
    except ValueError as problem:
        errors["amount"] = _(str(problem))
    view = _view(data)
    if errors:
        from web.reports.routes import dashboard  # the page the form lives on

        answer = await dashboard.fn(request, **view)
        answer.context["cost_errors"] = errors
        answer.context["cost_raw"] = {"month": data.month, "amount": data.amount, "note": data.note}
        answer.status_code = 422
        return answer
    await enter_cost(month, amount, " ".join(data.note.split())[:200], request.scope["user"].id)
    query = urlencode({k: v for k, v in view.items() if v})
    return Redirect(f"/manager/dashboard?{query}#margin", status_code=303)


routes = [enter_period_cost]
