"""A consultant's share of a car (one short code per consultant and car) and its visits."""

from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.staff.tables import Staff
from db.stock.tables import StockUnit


class Share(Table):
    code = Varchar(length=12, unique=True, help_text="the /s/{code} short link")
    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    consultant = ForeignKey(Staff, on_delete=OnDelete.restrict, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class ShareVisit(Table):
    """Append-only: someone opened a short link. Only the moment is kept, nothing about the
    visitor beyond what the server log holds anyway."""

    share = ForeignKey(Share, on_delete=OnDelete.restrict, index=True)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
