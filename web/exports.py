"""Exporting a staff list as CSV or Excel: what the list shows, with its filters, logged.

A list describes its export as `Column`s (a header msgid, how to read the value from a row,
the cell's type); `send` answers with the file and writes the audit event. The CSV is
streamed (UTF-8 with a BOM, so Excel reads Chinese); the workbook is written by XlsxWriter in
constant-memory mode to a temporary file, sent, then removed. Typed cells: money and counts
are numbers (money with a yuan format), days and moments are Excel dates in the
dealership's zone. Text a spreadsheet would run as a formula is neutralised.

Who sees what is the list query's business: an export is given the rows the screen gets
(masked numbers stay masked, costs left out for those who may not see them).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import xlsxwriter
from litestar import Request
from litestar.background_tasks import BackgroundTask
from litestar.exceptions import HTTPException
from litestar.response import File, Stream

from db.audit.queries import record_event
from db.leads.enquiries import dealer_today
from db.leads.rules import csv_safe
from db.settings import settings
from web.forms import client_ip
from web.i18n import gettext as _

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("text", "int", "money", "date", "datetime", "percent")
NUMBER_FORMATS = {
    "money": '"¥"#,##0',
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
}

Batches = AsyncIterator[list[dict]]


@dataclass(frozen=True)
class Column:
    header: str  # a lazy() msgid, translated when the file is written
    value: Callable[[dict], object]
    kind: str = "text"  # one of KINDS
    width: int = 14

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown cell kind {self.kind!r}")


def field(name: str, header: str, kind: str = "text", width: int = 14) -> Column:
    """A column that shows one key of the row as it is."""
    return Column(header, lambda row: row.get(name), kind, width)


def local(moment: datetime | None) -> datetime | None:
    """A stored moment as the dealership's wall-clock time, without a zone (for cells)."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(settings().timezone)).replace(tzinfo=None, microsecond=0)


def cell(value: object, kind: str) -> object:
    """The value as the cell holds it: None for an empty cell, else typed by `kind`."""
    if value is None or value == "":
        return None
    if kind in ("int", "money"):
        return int(value)
    if kind == "percent":
        return float(value)
    if kind == "datetime":
        return local(value) if isinstance(value, datetime) else value
    if kind == "date":
        return local(value).date() if isinstance(value, datetime) else value
    return csv_safe(str(value))


def cells(row: dict, columns: Iterable[Column]) -> list:
    return [cell(c.value(row), c.kind) for c in columns]


def text(value: object, kind: str = "text") -> str:
    """A typed cell as CSV text."""
    if value is None:
        return ""
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


async def one_batch(rows: list[dict]) -> Batches:
    """A list already fetched (as the screen fetches it), as the batches `send` reads."""
    if rows:
        yield rows


def wanted_format(request: Request) -> str:
    """csv or xlsx, from the address's suffix (…/export.xlsx) or `?format=`; else 400."""
    suffix = request.url.path.rsplit(".", 1)[-1] if "." in request.url.path else ""
    fmt = suffix if suffix in FORMATS else request.query_params.get("format", "csv")
    if fmt not in FORMATS:
        raise HTTPException(status_code=400, detail="format must be csv or xlsx")
    return fmt


async def _csv(columns: tuple[Column, ...], batches: Batches) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_(c.header) for c in columns])
    yield ("\ufeff" + buffer.getvalue()).encode()
    kinds = [c.kind for c in columns]
    async for rows in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [text(v, k) for v, k in zip(cells(row, columns), kinds, strict=True)] for row in rows
        )
        yield buffer.getvalue().encode()


def _sheet_name(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"


async def write_xlsx(path: str, sheet: str, columns: tuple[Column, ...], batches: Batches) -> int:
    """The workbook at `path`; the number of rows written."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    worksheet = workbook.add_worksheet(_sheet_name(_(sheet)))
    bold = workbook.add_format({"bold": True})
    formats = {kind: workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    for col, column in enumerate(columns):
        worksheet.set_column(col, col, column.width)
        worksheet.write_string(0, col, _(column.header), bold)
    worksheet.freeze_panes(1, 0)
    line = 0
    async for rows in batches:
        for row in rows:
            line += 1
            for col, (column, value) in enumerate(zip(columns, cells(row, columns), strict=True)):
                if value is None:
                    continue
                kind = column.kind
                if kind in ("date", "datetime"):
                    worksheet.write_datetime(line, col, value, formats[kind])
                elif kind in ("int", "money", "percent"):
                    worksheet.write_number(line, col, value, formats.get(kind))
                else:
                    worksheet.write_string(line, col, value)  # never read as a formula
    workbook.close()
    return line


def _set(value: object) -> bool:
    """A filter in use (a zero is one: the first age band)."""
    return not (value is None or value is False or value == "" or value == [])


async def send(
    request: Request,
    *,
    name: str,
    sheet: str,
    columns: tuple[Column, ...],
    batches: Callable[[], Batches],
    count: Callable[[], Awaitable[int]],
    event: str,
    subject: str,
    filters: dict,
    fmt: str | None = None,
) -> Stream | File:
    """The export as a download named `name`-<today>.<format>, and its audit event (`event`,
    with the format, the filters that were set and the number of rows). `batches` gives the
    rows (called once); `count` their number, asked before a CSV is streamed."""
    fmt = fmt or wanted_format(request)
    filename = f"{name}-{dealer_today().isoformat()}.{fmt}"
    audit = {
        "actor_id": request.scope["user"].id,
        "subject": subject,
        "ip": client_ip(request),
        "format": fmt,
        "filters": {k: v for k, v in filters.items() if _set(v)},
    }
    if fmt == "csv":
        await record_event(event, rows=await count(), **audit)
        return Stream(
            _csv(columns, batches()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = await write_xlsx(path, sheet, columns, batches())
    except BaseException:
        os.unlink(path)
        raise
    await record_event(event, rows=rows, **audit)
    return File(
        path=path, filename=filename, media_type=XLSX, background=BackgroundTask(os.unlink, path)
    )


async def send_rows(request: Request, rows: list[dict], **kwargs) -> Stream | File:
    """`send` for a list fetched whole, as its screen fetches it."""

    async def count() -> int:
        return len(rows)

    return await send(request, batches=lambda: one_batch(rows), count=count, **kwargs)
