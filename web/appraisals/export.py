"""The Appraise list as CSV or Excel: the appraisals /appraisals shows, with the same
filters read by the list's own reader, open ones first as on the screen.

An appraiser exports their own appraisals, a manager everyone's (with an Appraiser column,
as the screen names them). The columns are the list's: the owner's name and number, which
the list never shows, are not exported.
"""

from __future__ import annotations

from dataclasses import asdict

from litestar import Request, get
from litestar.response import File, Stream

from db.appraisals import queries
from db.staff.rules import Role
from web.appraisals import labels
from web.appraisals.filters import PARAMS, read_filters
from web.exports import Column, field, send_rows
from web.guards import allow
from web.i18n import lazy

COLUMNS = (
    field("id", lazy("ID"), "int", 8),
    field("make", lazy("Make")),
    field("model", lazy("Model")),
    field("first_registration", lazy("First registration"), "date", 12),
    field("plate", lazy("Plate number"), width=12),
    field("mileage_km", lazy("Mileage (km)"), "int", 12),
    field("photo_count", lazy("Photos"), "int", 8),
    field("forecast_retail", lazy("Forecast retail price"), "money", 14),
    Column(lazy("Outcome"), lambda r: labels.outcome(r["outcome"])),
    field("created_at", lazy("Created"), "datetime", 17),
    field("updated_at", lazy("Last changed"), "datetime", 17),
)
APPRAISER = field("appraiser_name", lazy("Appraiser"), width=12)


def columns(show_appraiser: bool) -> tuple[Column, ...]:
    return (*COLUMNS[:1], APPRAISER, *COLUMNS[1:]) if show_appraiser else COLUMNS


@get(["/appraisals/export.csv", "/appraisals/export.xlsx"], guards=[allow(Role.APPRAISER)])
async def export_appraisals(request: Request) -> Stream | File:
    user = request.scope["user"]
    mine = None if Role.MANAGER in user.roles else user.id
    # the list's parameters, read by the list's own reader (a refused date is left out, as
    # on the list)
    filters, _errors = read_filters(
        **{name: request.query_params.get(name, "") for name in PARAMS},
        appraiser_allowed=mine is None,
    )
    rows = await queries.appraisal_list(mine, filters)  # the newest the list shows
    return await send_rows(
        request,
        rows,
        name="appraisals",
        sheet=lazy("Appraisals"),
        columns=columns(show_appraiser=mine is None),
        event="appraisals_exported",
        subject="appraisals",
        filters={
            k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in asdict(filters).items()
        },
    )


routes = [export_appraisals]
