"""Appraisals: the car, its photos, its condition, its price and its outcome.

An appraisal is never deleted; it ends with an outcome. Every change to it is kept in
`AppraisalChange` (who, when, what), and removed marks, photos and items keep their rows
with `removed_at` set.
"""

from enum import StrEnum

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Real,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.staff.tables import Staff


class PricingRuleVersion(Table):
    """The dealership's cost rule; append-only, the newest row is in force."""

    transport = Integer(help_text="yuan per car")
    inspection = Integer(help_text="yuan per car")
    tax_permille = Integer(help_text="taxes as ‰ of the forecast retail price")
    fixed_cost_share = Integer(help_text="yuan of interest, wages, rent, office per car")
    target_profit_permille = Integer(help_text="‰ of the forecast retail price")
    min_target_profit = Integer(help_text="yuan")
    offer_spread_permille = Integer(help_text="opening offer below the maximum, ‰")
    outcome_due_days = Integer(help_text="days before an open appraisal is flagged")
    changed_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class Appraisal(Table):
    class Gearbox(StrEnum):
        manual = "manual"
        automatic = "automatic"
        dct = "dct"
        cvt = "cvt"

    class Fuel(StrEnum):
        petrol = "petrol"
        diesel = "diesel"
        hybrid = "hybrid"
        plugin = "plugin"
        electric = "electric"

    class Outcome(StrEnum):
        acquired = "acquired"
        declined = "declined"
        sold_elsewhere = "sold_elsewhere"
        wholesale = "wholesale"
        voided = "voided"

    appraiser = ForeignKey(Staff, on_delete=OnDelete.restrict, index=True)
    vin = Varchar(length=17, default="", index=True)
    plate = Varchar(length=12, default="")
    make = Varchar(length=64, default="")
    model = Varchar(length=64, default="")
    trim = Varchar(length=64, default="")
    first_registration = Date(null=True, default=None)
    mileage_km = Integer(null=True, default=None)
    colour = Varchar(length=32, default="")
    gearbox = Varchar(length=12, default="", choices=Gearbox)
    fuel = Varchar(length=12, default="", choices=Fuel)
    previous_owners = Integer(null=True, default=None)
    owner_name = Varchar(length=64, default="")
    owner_phone = Varchar(length=20, default="")
    accident = Boolean(default=False)
    accident_note = Text(default="")
    flood = Boolean(default=False)
    flood_note = Text(default="")
    fire = Boolean(default=False)
    fire_note = Text(default="")
    tread_front_left = Real(null=True, default=None, help_text="mm")
    tread_front_right = Real(null=True, default=None, help_text="mm")
    tread_rear_left = Real(null=True, default=None, help_text="mm")
    tread_rear_right = Real(null=True, default=None, help_text="mm")
    forecast_retail = Integer(null=True, default=None, help_text="yuan; the appraiser's judgement")
    comparables = Text(default="", help_text="comparable cars the forecast rests on")
    agreed_price = Integer(null=True, default=None, help_text="yuan agreed with the owner")
    outcome = Varchar(length=16, null=True, default=None, choices=Outcome, index=True)
    outcome_note = Text(default="")
    owner_expected_price = Integer(null=True, default=None, help_text="yuan, when declined")
    closed_at = Timestamptz(null=True, default=None)
    sheet_token = Varchar(
        length=64,
        null=True,
        default=None,
        unique=True,
        help_text="unguessable link for the owner; None = not shared",
    )
    client_key = Varchar(
        length=64, null=True, default=None, unique=True, help_text="idempotency key of its start"
    )
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class AppraisalChange(Table):
    """Append-only history: one row per change to an appraisal."""

    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    field = Varchar(length=48)
    old = Text(default="")
    new = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class AppraisalPhoto(Table):
    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    client_id = Varchar(length=64, unique=True, help_text="set by the phone; retries reuse it")
    slot = Varchar(length=32, help_text="a guided shot key, 'extra' or 'damage'")
    position = Integer(default=0)
    is_cover = Boolean(default=False)
    source_hash = Varchar(length=64)
    width = Integer()
    height = Integer()
    variants = JSON(default={}, help_text="variant name -> storage key")
    placeholder = Text(default="")
    uploaded_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    removed_at = Timestamptz(null=True, default=None)


class DamageMark(Table):
    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    panel = Varchar(length=32)
    kind = Varchar(length=16)
    severity = Integer(default=1)
    note = Text(default="")
    photo = ForeignKey(AppraisalPhoto, null=True, on_delete=OnDelete.set_null)
    created_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    removed_at = Timestamptz(null=True, default=None)


class ChecklistAnswer(Table):
    """The current answer per checklist item; changes are kept in AppraisalChange."""

    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    section = Varchar(length=24)
    item = Varchar(length=48)
    ok = Boolean(default=True)
    note = Text(default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class ReconItem(Table):
    """A reconditioning cost: an edit of a suggested item (by key) or one added by hand."""

    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    key = Varchar(length=96, help_text="the suggestion it overrides, or 'manual:<n>'")
    label = Varchar(length=128)
    cost = Integer()
    removed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class PriceApproval(Table):
    class Status(StrEnum):
        pending = "pending"
        approved = "approved"
        refused = "refused"

    appraisal = ForeignKey(Appraisal, on_delete=OnDelete.restrict, index=True)
    requested_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    requested_price = Integer()
    max_buy = Integer()
    reason = Text(default="")
    status = Varchar(length=12, default=Status.pending, choices=Status, index=True)
    decided_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)
    decision_note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
