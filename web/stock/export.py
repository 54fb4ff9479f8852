"""The stock list as CSV or Excel: the cars /inventory shows with the same filters and order.

Anyone who sees the list may export it. Cost and margin columns go only to those who see
them on the list (managers and appraisers): for the others the query leaves them out of the
rows and the export has no such columns.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import File, Stream

from db.stock import queries
from web.exports import Column, field, send_rows
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.stock.routes import inventory_filter, next_action_label
from web.stock.unit_page import sees_cost, state_label


def _margin(row: dict, part: int):
    return row["margin"][part] if row.get("margin") else None


COLUMNS = (
    field("id", lazy("ID"), "int", 8),
    field("make", lazy("Make")),
    field("model", lazy("Model")),
    field("trim", lazy("Trim")),
    field("first_registration", lazy("First registration"), "date", 12),
    field("mileage_km", lazy("Mileage (km)"), "int", 12),
    field("colour", lazy("Colour"), width=8),
    Column(lazy("State"), lambda r: state_label(r["state"])),
    Column(lazy("Certified"), lambda r: _("Yes") if r["certified"] else _("No"), width=8),
    field("retail_price", lazy("Retail price"), "money", 12),
    field("acquired_at", lazy("Acquired on"), "date", 12),
    field("days", lazy("Days in stock"), "int", 10),
    Column(lazy("Next step"), next_action_label, width=20),
)
COST_COLUMNS = (
    field("purchase_price", lazy("Purchase price"), "money", 12),
    field("recon_cost", lazy("Reconditioning cost"), "money", 12),
    field("cost", lazy("Total cost"), "money", 12),
    Column(lazy("Gross margin"), lambda r: _margin(r, 0), "money", 12),
    Column(lazy("Gross margin rate"), lambda r: _margin(r, 1), "percent", 10),
)


def columns(with_cost: bool) -> tuple[Column, ...]:
    return COLUMNS + COST_COLUMNS if with_cost else COLUMNS


@get(["/inventory/export.csv", "/inventory/export.xlsx"], guards=[allow()])
async def export_stock(
    request: Request,
    stage: Annotated[str, QueryParameter(name="state")] = "",  # `state` is Litestar's own
    make: FromQuery[str] = "",
    sort: FromQuery[str] = "age",
    aged: FromQuery[bool] = False,
    band: FromQuery[str] = "",
    left_from: FromQuery[str] = "",
    left_to: FromQuery[str] = "",
    by: FromQuery[str] = "",
) -> Stream | File:
    # the list's parameters, read by the list's own reader
    f = inventory_filter(stage, make, sort, aged, band, left_from, left_to, by)
    with_cost = sees_cost(request)
    rows = await queries.inventory(f, with_cost=with_cost)
    return await send_rows(
        request,
        rows,
        name="stock",
        sheet=lazy("Stock"),
        columns=columns(with_cost),
        event="stock_exported",
        subject="stock",
        filters={k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(f).items()},
    )


routes = [export_stock]
