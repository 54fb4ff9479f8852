"""Stock units: cars the dealership owns. Born from an acquired appraisal; the stock issue
adds their path through reconditioning, certification and sale."""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.appraisals.tables import Appraisal
from db.staff.tables import Staff


class StockUnit(Table):
    appraisal = ForeignKey(
        Appraisal,
        on_delete=OnDelete.restrict,
        unique=True,
        help_text="carries the photos, condition report and cost basis",
    )
    state = Varchar(length=24, default="reconditioning", index=True)
    purchase_price = Integer(help_text="yuan paid to the owner")
    recon_estimate = Integer(default=0, help_text="yuan, from the appraisal")
    acquired_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    acquired_at = Timestamptz(default=TimestamptzNow(), index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class StockMove(Table):
    """Append-only: every move of a car along its path, who made it and when."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    from_state = Varchar(length=24)
    to_state = Varchar(length=24)
    note = Text(default="")
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class CertificationResult(Table):
    """Append-only: each certification inspection's verdict; the newest one counts."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    passed = Boolean(default=False)
    note = Text(default="")
    inspector = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
