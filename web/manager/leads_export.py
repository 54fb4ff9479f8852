"""Exporting leads (CSV or Excel) is a manager's right, and every export is logged.

Same filters as /leads, read by the list's own reader; every matching lead (not only the
page the list shows), fetched in id-ordered batches (db/leads/export.py) and written by
web/exports.py: a streamed CSV with a BOM, a constant-memory workbook, formula-like text
neutralised."""

from __future__ import annotations

from dataclasses import asdict

from litestar import Request, get
from litestar.exceptions import HTTPException
from litestar.params import FromQuery
from litestar.response import File, Stream

from components import format as fmt
from db.leads import export
from db.leads.rules import SOURCES, STATUS_LABELS
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.exports import FORMATS, Column, field, send
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.leads.filters import audit_filters, read_filters


def _interest(row: dict) -> str:
    if row["unit_id"]:
        title = " ".join(w for w in (row["car_make"], row["car_model"], row["car_trim"]) if w)
        return title or f"#{row['unit_id']}"
    parts = []
    if row["budget_min"] or row["budget_max"]:
        parts.append(f"{fmt.wan_figure(row['budget_min'])}–{fmt.wan_figure(row['budget_max'])}万")
    if row["body_type"]:
        body = row["body_type"]
        parts.append(_(BODY_TYPES[body]) if body in BODY_TYPES else body)
    if row["make"]:
        parts.append(row["make"])
    return " · ".join(parts)


def _label(labels: dict, key: str) -> str:
    return _(labels[key]) if key in labels else key


COLUMNS = (
    field("id", lazy("ID"), "int", 8),
    field("name", lazy("Name"), width=16),
    field("phone", lazy("Phone"), width=16),  # a manager's export: every number in full
    Column(lazy("Source"), lambda r: _label(SOURCES, r["source"]), width=16),
    field("grade", lazy("Grade"), width=16),
    Column(lazy("Status"), lambda r: _label(STATUS_LABELS, r["status"]), width=16),
    Column(lazy("Owner"), lambda r: r["owner_name"] or _("public pool"), width=16),
    Column(lazy("Interest"), _interest, width=16),
    field("next_follow_up", lazy("Next follow-up"), "date", 18),
    field("created_at", lazy("Created"), "datetime", 18),
    field("last_activity_at", lazy("Last activity"), "datetime", 18),
)


@get("/manager/leads/export", guards=[allow(Role.MANAGER)])
async def export_leads(
    request: Request,
    format: FromQuery[str] = "csv",  # noqa: A002 - the query parameter's name
    status: FromQuery[str] = "",
    grade: FromQuery[str] = "",
    owner: FromQuery[str] = "",
    source: FromQuery[str] = "",
    reason: FromQuery[str] = "",
    created_from: FromQuery[str] = "",
    created_to: FromQuery[str] = "",
) -> Stream | File:
    if format not in FORMATS:
        raise HTTPException(status_code=400, detail="format must be csv or xlsx")
    # the list's own reading of its filters (a date it refuses is left out, as on the list)
    chosen, _errors = read_filters(
        status=status,
        grade=grade,
        owner=owner,
        source=source,
        reason=reason,
        created_from=created_from,
        created_to=created_to,
    )
    filters = asdict(chosen)

    async def count() -> int:
        return await export.count(**filters)

    return await send(
        request,
        fmt=format,
        name="leads",
        sheet=lazy("Leads"),
        columns=COLUMNS,
        batches=lambda: export.batches(**filters),
        count=count,
        event="leads_exported",
        subject="leads",
        filters=audit_filters(chosen),
    )


routes = [export_leads]
