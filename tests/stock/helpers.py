"""Small factories and readers for the stock tests: an acquired car, a posted form, the
text a page shows for an English message id (new strings show in English until translated)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.appraisals import condition_queries
from db.appraisals import queries as appraisal_queries
from db.staff.rules import Role
from db.staff.tables import Staff
from db.stock.tables import StockUnit
from tests.conftest import csrf_token, make_staff
from web.i18n import DEFAULT, translations

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def tr(msgid: str) -> str:
    """What the default (Chinese) page shows for `msgid`."""
    return translations(DEFAULT).gettext(msgid)


def trn(singular: str, plural: str, n: int) -> str:
    return translations(DEFAULT).ngettext(singular, plural, n) % {"num": n}


async def acquired(
    make: str = "丰田",
    model: str = "凯美瑞",
    days_ago: int = 3,
    price: int = 100000,
    *,
    marks: tuple = (),
    worn_tyre: bool = False,
) -> int:
    """A car bought `days_ago`, through the appraisal queries; `marks` are (panel, kind,
    severity) damage findings the appraisal's reconditioning estimate is made from."""
    username = f"buyer{await Staff.count()}"
    staff = await make_staff(username, {Role.APPRAISER}, display_name="王评估")
    appraisal = await appraisal_queries.start_appraisal(staff)
    values = {"make": make, "model": model, "forecast_retail": price + 20000, "agreed_price": price}
    if worn_tyre:
        values |= {
            "tread_front_left": 2.5,
            "tread_front_right": 5.0,
            "tread_rear_left": 5.0,
            "tread_rear_right": 5.0,
        }
    await appraisal_queries.update_fields(appraisal, values, staff)
    for panel, kind, severity in marks:
        await condition_queries.add_mark(appraisal, panel, kind, severity, "", None, staff)
    await appraisal_queries.close(
        appraisal, "acquired", staff, purchase_price=price, recon_estimate=1500
    )
    unit = await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first()
    await StockUnit.update(
        {StockUnit.acquired_at: datetime.now(UTC) - timedelta(days=days_ago)}
    ).where(StockUnit.id == unit["id"])
    return unit["id"]


async def post(client, url: str, data: dict | None = None, *, htmx: bool = True):
    token = await csrf_token(client)
    return await client.post(
        url, data={"_csrf_token": token, **(data or {})}, headers=PARTIAL if htmx else {}
    )


async def state_of(unit_id: int) -> str:
    row = await StockUnit.select(StockUnit.state).where(StockUnit.id == unit_id).first()
    return row["state"]
