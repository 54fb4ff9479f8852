"""Leads. For now the website's enquiries: a customer's message about a car, kept as typed,
for the leads work (assignment, first-response clock, follow-up) to pick up."""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

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
