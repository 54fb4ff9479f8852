"""Leads: website enquiries as typed, the leads made from them and from the consultants'
own contacts, their follow-ups and history, reveals of masked numbers, the blacklist, and
the manager's lead policy."""

from enum import StrEnum

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
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
from db.stock.tables import StockUnit


class Enquiry(Table):
    unit = ForeignKey(StockUnit, null=True, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=64)
    phone = Varchar(length=20, index=True)
    message = Text(default="")
    contact_time = Varchar(length=16, default="", help_text="anytime | morning | ...")
    consent = Boolean(default=False)
    source = Varchar(length=24, default="website")
    share_code = Varchar(length=16, default="", help_text="the short link it came through")
    client_hash = Varchar(length=64, default="", index=True, help_text="keyed hash of the IP")
    status = Varchar(length=12, default="new", index=True)
    assigned_to = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class Lead(Table):
    """A prospective buyer and what they want; owned by a consultant, or in the public pool
    (owner None). Never deleted: it ends won, lost, dormant or merged into another lead."""

    class Source(StrEnum):
        walk_in = "walk_in"
        phone_call = "phone_call"
        wechat = "wechat"
        referral = "referral"
        website = "website"
        shared_link = "shared_link"
        trade_in = "trade_in"

    class Status(StrEnum):
        new = "new"
        following = "following"
        won = "won"
        lost_pending = "lost_pending"  # a lost request waiting for the manager
        lost = "lost"
        dormant = "dormant"
        merged = "merged"

    name = Varchar(length=64)
    phone = Varchar(length=20, index=True, help_text="normalised; 11 digits for the mainland")
    phone_foreign = Boolean(default=False, help_text="not a mainland mobile, accepted as marked")
    source = Varchar(length=16, choices=Source, index=True)
    referrer = Varchar(length=64, default="")
    unit = ForeignKey(StockUnit, null=True, on_delete=OnDelete.restrict, index=True)
    budget_min = Integer(null=True, default=None, help_text="yuan")
    budget_max = Integer(null=True, default=None, help_text="yuan")
    body_type = Varchar(length=16, default="")
    make = Varchar(length=64, default="")
    grade = Varchar(length=1, default="B", help_text="H | A | B | C")
    note = Text(default="")
    status = Varchar(length=16, choices=Status, default=Status.new, index=True)
    owner = ForeignKey(Staff, null=True, on_delete=OnDelete.restrict, index=True)
    next_follow_up = Date(null=True, default=None, index=True)
    first_contact_at = Timestamptz(null=True, default=None)
    last_activity_at = Timestamptz(default=TimestamptzNow(), index=True)
    enquiry = ForeignKey(Enquiry, null=True, on_delete=OnDelete.restrict, unique=True)
    appraisal = ForeignKey(Appraisal, null=True, on_delete=OnDelete.restrict, index=True)
    won_unit = ForeignKey(StockUnit, null=True, on_delete=OnDelete.restrict)
    lost_reason = Varchar(length=32, default="")
    lost_note = Text(default="")
    merged_into = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    pooled_at = Timestamptz(null=True, default=None, index=True)
    created_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    client_key = Varchar(
        length=64, null=True, default=None, unique=True, help_text="idempotency key"
    )
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class FollowUp(Table):
    """Append-only: one contact with the customer (or an attempt), what was said and agreed."""

    lead = ForeignKey(Lead, on_delete=OnDelete.restrict, index=True)
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null, index=True)
    channel = Varchar(length=16, help_text="call | visit | wechat | sms | call_attempt")
    said = Text(default="")
    outcome = Varchar(length=24, default="")
    grade = Varchar(length=1, default="")
    next_date = Date(null=True, default=None)
    client_key = Varchar(
        length=64, null=True, default=None, unique=True, help_text="idempotency key"
    )
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class LeadEvent(Table):
    """Append-only: what happened to a lead besides follow-ups (assigned, claimed, pooled,
    lost asked / approved / sent back, merged, grade changed)."""

    lead = ForeignKey(Lead, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=24, index=True)
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    detail = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class Reveal(Table):
    """Append-only: a colleague or manager saw a masked phone number, and why."""

    lead = ForeignKey(Lead, on_delete=OnDelete.restrict, index=True)
    actor = ForeignKey(Staff, on_delete=OnDelete.restrict, index=True)
    reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class Blacklist(Table):
    """Numbers the dealership warns about on entry (fraud, abuse, a competitor's buyer)."""

    phone = Varchar(length=20, unique=True)
    reason = Text(default="")
    created_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    lifted_at = Timestamptz(null=True, default=None, help_text="no longer warned about")
    lifted_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)


class LeadPolicy(Table):
    """The manager's lead rules; append-only, the newest row is in force (none: the
    defaults in db.leads.rules)."""

    buy_within_h = Integer(help_text="days: what grade H means")
    buy_within_a = Integer()
    buy_within_b = Integer()
    buy_within_c = Integer()
    cadence_h = Integer(help_text="days to the next follow-up for grade H")
    cadence_a = Integer()
    cadence_b = Integer()
    cadence_c = Integer()
    daily_claim_limit = Integer()
    daily_reveal_limit = Integer()
    dormant_after_days = Integer()
    pool_grace_days = Integer()
    first_response_goal_minutes = Integer()
    changed_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
