"""After-sale care (售后关怀): the tasks a sale sets off, and the customer's survey answers."""

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.leads.tables import Lead
from db.staff.tables import Staff


class CareTask(Table):
    """One step of the care plan for a won lead, made when the lead is won (db.care.rules).
    Ticked done once, with who and an optional note; never deleted."""

    lead = ForeignKey(Lead, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=24, help_text="thank_you | call_early | call_week | survey | ...")
    due_on = Date(index=True, help_text="the dealership's day it falls due")
    window_end = Date(null=True, default=None, help_text="the last day it is still on time")
    done_at = Timestamptz(null=True, default=None, index=True)
    done_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Survey(Table):
    """Append-only: the customer's answers as given. A later survey is a new row; nothing
    edits or removes one, so an unhappy answer cannot be dropped quietly."""

    lead = ForeignKey(Lead, on_delete=OnDelete.restrict, index=True)
    satisfaction = Integer(help_text="1 very dissatisfied … 5 very satisfied")
    repurchase = Integer(null=True, default=None, help_text="1 very unlikely … 5 very likely")
    referral = Integer(null=True, default=None, help_text="1 very unlikely … 5 very likely")
    comment = Text(default="")
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
