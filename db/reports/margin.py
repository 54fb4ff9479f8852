"""The dashboard's MARGIN section: the cars that left stock in the period (sold at retail
or to the trade), what they earned, and — where the manager entered the months' running
costs — what was left after them.

Gross is counted from the stock list's own rows (db.stock.queries.inventory with the
`left_from`/`left_to` filter): a car's gross is the list's margin (sale price − purchase −
reconditioning), so the dashboard and the list it links to cannot disagree."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from db.reports.period import Period
from db.reports.period_costs import costs_for
from db.settings import settings
from db.stock.queries import InventoryFilter, inventory
from db.stock.rules import State

KINDS = (State.SOLD.value, State.WHOLESALE.value)  # retail, wholesale


def _per_car(gross: int, count: int) -> int | None:
    return round(gross / count) if count else None


def _sums(rows: list[dict]) -> dict:
    gross = sum(row["margin"][0] for row in rows if row["margin"])
    revenue = sum(row["sale_price"] or 0 for row in rows)
    return {
        "count": len(rows),
        "gross": gross,
        "revenue": revenue,
        "per_car": _per_car(gross, len(rows)),
        "rate": gross / revenue if revenue else None,
    }


def net_margin(gross: int, period: Period, costs: dict[date, dict]) -> dict:
    """Gross less the running costs of the months the period touches, each month's in
    proportion to the days of it the period covers (a period of 30 days over two months
    bears 30 days of costs, not two months'); `partial` names those months with their days.
    `net` is None (not a guess) while any of the months has no figure, `missing` names them."""
    months = period.months()
    missing = [m for m in months if m not in costs]
    total, partial = 0, []
    for month in months:
        last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        covered = (min(last, period.end) - max(month, period.start)).days + 1
        if month in costs:
            total += costs[month]["amount"] * covered // last.day
        if covered < last.day:
            partial.append({"month": month, "days": covered, "of": last.day})
    return {
        "months": months,
        "missing": missing,
        "costs": total,
        "partial": partial,
        "net": None if missing else gross - total,
    }


async def margin_figures(period: Period, person_id: int | None = None) -> dict:
    """Retail and wholesale: count, gross, gross per car and gross margin rate; gross per
    car month by month; net margin for the whole dealership (not for one person: running
    costs are nobody's own). Five queries: the stock list's four, and the months' costs."""
    rows = await inventory(
        InventoryFilter(
            state="all", left_from=period.start, left_to=period.end, acquired_by=person_id
        ),
        with_cost=True,
    )
    tz = ZoneInfo(settings().timezone)
    months = period.months()
    by_kind = {kind: [r for r in rows if r["state"] == kind] for kind in KINDS}
    monthly = {kind: {m: [] for m in months} for kind in KINDS}
    for kind, kind_rows in by_kind.items():
        for row in kind_rows:
            month = row["left_at"].astimezone(tz).date().replace(day=1)
            monthly[kind].setdefault(month, []).append(row)
    total = _sums([r for r in rows if r["state"] in KINDS])
    costs = await costs_for(months)
    return {
        "total": total,
        "kinds": {kind: _sums(kind_rows) for kind, kind_rows in by_kind.items()},
        "monthly": {
            kind: [(m, _sums(monthly[kind][m])["per_car"]) for m in months] for kind in KINDS
        },
        "costs": costs,
        "net": None if person_id is not None else net_margin(total["gross"], period, costs),
    }
