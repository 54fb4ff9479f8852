"""A complaint and its steps. The complaint row holds where it stands now (for lists and
the conditional UPDATEs that move it on); every step is an append-only row, so the
timeline (who, when, how long) is never rewritten."""

from piccolo.columns import ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.leads.tables import Lead
from db.staff.tables import Staff


class Complaint(Table):
    lead = ForeignKey(Lead, null=True, on_delete=OnDelete.restrict, index=True)
    customer_name = Varchar(length=64)
    phone = Varchar(length=20, default="", index=True)
    what = Text(help_text="what the customer complains about, in their words")
    received_at = Timestamptz(help_text="when the customer complained (not when typed in)")
    recorded_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    handler = ForeignKey(Staff, null=True, on_delete=OnDelete.restrict, index=True)
    # no index: "complaint_step" is the name of the steps table (and the list is small)
    step = Varchar(length=16, default="recorded", help_text="see rules.STEPS")
    proposal = Text(default="", help_text="what we offer, the latest one proposed")
    answer = Varchar(
        length=16, default="", help_text="the customer's latest answer: satisfied | not_satisfied"
    )
    contacted_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class ComplaintStep(Table):
    """Append-only: one step taken on a complaint (see rules.ACTIONS), by whom, with a note."""

    complaint = ForeignKey(Complaint, on_delete=OnDelete.restrict, index=True)
    step = Varchar(length=16)
    answer = Varchar(length=16, default="", help_text="on a follow-up: the customer's answer")
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
