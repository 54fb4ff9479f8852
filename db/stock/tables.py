"""Stock units: cars the dealership owns, born from an acquired appraisal, on their path
through reconditioning, certification and sale; and `Listing`, the public copy of a car.

The public pages read `Listing` alone: it holds only what a customer may see (no plate, no
owner, no costs, no staff notes, the VIN already masked), written by `db.stock.listing`
whenever the car changes. So privacy is a property of one table, and a car page or a list
page is one or two indexed queries at any stock size.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
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
    body_type = Varchar(length=16, default="", help_text="sedan, suv, mpv, ...")
    retail_price = Integer(null=True, default=None, help_text="yuan; history in PriceChange")
    sale_price = Integer(null=True, default=None, help_text="yuan: retail sale or winning bid")
    left_at = Timestamptz(null=True, default=None, help_text="sold or wholesaled")
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


class ReconTask(Table):
    """A piece of reconditioning work; its cost adds to the car's total cost."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=12, help_text="interior | exterior | repair")
    label = Varchar(length=128)
    cost = Integer(default=0, help_text="yuan")
    done = Boolean(default=False)
    done_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    removed_at = Timestamptz(null=True, default=None)


class CertificationPoint(Table):
    """The dealership's certification checklist; a manager edits it. Results copy the
    labels they were judged against, so editing the list never rewrites past inspections."""

    label = Varchar(length=128)
    position = Integer(default=0)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class CertificationResult(Table):
    """Append-only: each certification inspection's verdict; the newest one counts."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    passed = Boolean(default=False)
    points = JSON(default=[], help_text='[{"label", "passed", "note"}] as inspected')
    note = Text(default="")
    inspector = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class PriceChange(Table):
    """Append-only: every retail price a car has had, who set it and why."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    price = Integer(help_text="yuan")
    previous = Integer(null=True, default=None)
    reason = Text(default="")
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class WholesaleBid(Table):
    """A trade buyer's bid; the car goes to the highest, the others are kept."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    dealer = Varchar(length=64)
    contact = Varchar(length=32, default="")
    amount = Integer(help_text="yuan")
    note = Text(default="")
    won = Boolean(default=False)
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class ListingPhoto(Table):
    """A photo for the public listing, taken after reconditioning or picked from the
    appraisal's (whose own rows stay untouched as evidence). Variants as AppraisalPhoto."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, index=True)
    client_id = Varchar(length=64, unique=True, help_text="set by the phone; retries reuse it")
    source_hash = Varchar(length=64)
    width = Integer()
    height = Integer()
    variants = JSON(default={}, help_text="variant name -> storage key")
    placeholder = Text(default="")
    position = Integer(default=0)
    shot = Varchar(length=32, default="", help_text="the guided shot it shows, '' if not known")
    uploaded_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    removed_at = Timestamptz(null=True, default=None)


class Listing(Table):
    """The public copy of a car once it has been listed (see the module docstring)."""

    unit = ForeignKey(StockUnit, on_delete=OnDelete.restrict, unique=True)
    status = Varchar(length=12, index=True, help_text="available | reserved | sold | paused")
    slug = Varchar(length=96, default="")
    make = Varchar(length=64, default="", index=True)
    model = Varchar(length=64, default="")
    year = Integer(null=True, default=None)
    mileage_km = Integer(null=True, default=None)
    price = Integer(null=True, default=None, index=True, help_text="yuan")
    body_type = Varchar(length=16, default="")
    gearbox = Varchar(length=12, default="")
    fuel = Varchar(length=12, default="")
    certified = Boolean(default=False)
    listed_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())
    card = JSON(default={}, help_text="what a list tile shows")
    page = JSON(default={}, help_text="what the car page shows")
