"""Exporting leads (CSV or Excel) is a manager's right, and every export is logged.

Same filters as /leads. The CSV is streamed in batches (UTF-8 with a BOM, so Excel reads
Chinese); the workbook is written by XlsxWriter in constant-memory mode to a temporary
file, sent, then removed. Text a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

import xlsxwriter
from litestar import Request, get
from litestar.background_tasks import BackgroundTask
from litestar.exceptions import HTTPException
from litestar.params import FromQuery
from litestar.response import File, Stream

from components import format as fmt
from db.audit.queries import record_event
from db.leads import export
from db.leads.enquiries import dealer_today
from db.leads.rules import SOURCES, STATUS_LABELS, csv_safe
from db.settings import settings
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.leads.filters import audit_filters, read_filters

HEADERS = (
    lazy("ID"),
    lazy("Name"),
    lazy("Phone"),
    lazy("Source"),
    lazy("Grade"),
    lazy("Status"),
    lazy("Owner"),
    lazy("Interest"),
    lazy("Next follow-up"),
    lazy("Created"),
    lazy("Last activity"),
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment: datetime | None) -> datetime | None:
    """A stored moment as the dealership's wall-clock time, without a zone (for cells)."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(settings().timezone)).replace(tzinfo=None, microsecond=0)


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


def cells(row: dict) -> list:
    """One lead as the export's columns, in the reader's language; text made formula-safe."""
    values = [
        row["id"],
        row["name"],
        row["phone"],
        _(SOURCES[row["source"]]) if row["source"] in SOURCES else row["source"],
        row["grade"],
        _(STATUS_LABELS[row["status"]]) if row["status"] in STATUS_LABELS else row["status"],
        row["owner_name"] or _("public pool"),
        _interest(row),
        row["next_follow_up"],
        _local(row["created_at"]),
        _local(row["last_activity_at"]),
    ]
    return [csv_safe(v) for v in values]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


async def _csv(filters: dict) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_(h) for h in HEADERS])
    yield ("\ufeff" + buffer.getvalue()).encode()
    async for rows in export.batches(**filters):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_text(v) for v in cells(row)] for row in rows)
        yield buffer.getvalue().encode()


async def _xlsx(filters: dict, path: str) -> int:
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Leads")[:31])
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, _(title), bold)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 7, 16)
    sheet.set_column(8, 10, 18)
    line = 0
    async for rows in export.batches(**filters):
        for row in rows:
            line += 1
            for col, value in enumerate(cells(row)):
                if value is None or value == "":
                    continue
                if isinstance(value, int):
                    sheet.write_number(line, col, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(line, col, value, moment)
                elif isinstance(value, date):
                    sheet.write_datetime(line, col, value, day)
                else:
                    sheet.write_string(line, col, str(value))  # never read as a formula
    workbook.close()
    return line


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
    if format not in ("csv", "xlsx"):
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
    name = f"leads-{dealer_today().isoformat()}.{format}"
    audit = {
        "actor_id": request.scope["user"].id,
        "subject": "leads",
        "ip": client_ip(request),
        "format": format,
        "filters": audit_filters(chosen),
    }
    if format == "csv":
        await record_event("leads_exported", rows=await export.count(**filters), **audit)
        return Stream(
            _csv(filters),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = await _xlsx(filters, path)
    except BaseException:
        os.unlink(path)
        raise
    await record_event("leads_exported", rows=rows, **audit)
    return File(
        path=path,
        filename=name,
        media_type=XLSX,
        background=BackgroundTask(os.unlink, path),
    )


routes = [export_leads]
